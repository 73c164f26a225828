/**
 * A realistic tenant: accounts, the six managers with their roles, a dozen service users with
 * varied end dates (a few within 30 days, one expired, some without) and their tokens; and, for
 * tests and benchmarks, any number of generated service users (`extraServiceUsers`,
 * `addServiceUsers`).
 */
import { randomUUID } from 'node:crypto';
import {
  newToken,
  sha256,
  type SandboxAccount,
  type SandboxApplication,
  type SandboxRole,
  type SandboxState,
  type SandboxToken,
  type SandboxUser,
} from './state';

/** Small deterministic PRNG so a given seed always yields the same ids. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFactory(seed: number): () => string {
  const rnd = mulberry32(seed);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}

const day = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (now: Date, n: number) => isoDate(new Date(now.getTime() + n * day));

const SEED_MANAGERS: {
  code: string;
  name: string;
  roles: { code: string; name: string; permissions: string[] }[];
}[] = [
  {
    code: 'account_manager',
    name: 'Account Manager',
    roles: [
      { code: 'AM_DEFAULT_USER', name: 'Default user', permissions: ['VIEW_AM_ACCOUNT', 'VIEW_AM_USER'] },
      {
        code: 'AM_ACCOUNT_USER',
        name: 'Account user',
        permissions: ['VIEW_AM_ACCOUNT', 'VIEW_AM_USER', 'VIEW_AM_ORGANIZATION', 'VIEW_AM_AUDIT_LOG'],
      },
      {
        code: 'AM_ACCOUNT_MANAGER',
        name: 'Account manager',
        permissions: [
          'VIEW_AM_ACCOUNT',
          'MANAGE_AM_ACCOUNT',
          'VIEW_AM_USER',
          'VIEW_AM_ROLE',
          'VIEW_AM_ORGANIZATION',
          'VIEW_AM_AUDIT_LOG',
        ],
      },
      {
        code: 'AM_ACCOUNT_ADMIN',
        name: 'Account administrator',
        permissions: [
          'VIEW_AM_ACCOUNT',
          'MANAGE_AM_ACCOUNT',
          'VIEW_AM_USER',
          'MANAGE_AM_USER',
          'VIEW_AM_ROLE',
          'MANAGE_AM_PERMISSION',
          'VIEW_AM_ORGANIZATION',
          'VIEW_AM_AUDIT_LOG',
        ],
      },
    ],
  },
  {
    code: 'trust_lifecycle',
    name: 'Trust Lifecycle',
    roles: [
      {
        code: 'EM_USER_CERTIFICATE_MANAGER',
        name: 'User and certificate manager',
        permissions: [
          'VIEW_EM_SEAT',
          'MANAGE_EM_SEAT',
          'VIEW_EM_CERTIFICATE',
          'MANAGE_EM_CERTIFICATE',
          'VIEW_EM_PROFILE',
        ],
      },
      {
        code: 'EM_PROFILE_MANAGER',
        name: 'Certificate profile manager',
        permissions: ['VIEW_EM_PROFILE', 'MANAGE_EM_PROFILE', 'VIEW_EM_CERTIFICATE'],
      },
      {
        code: 'EM_AUDITOR',
        name: 'Auditor',
        permissions: ['VIEW_EM_AUDIT_LOG', 'VIEW_EM_CERTIFICATE', 'VIEW_EM_PROFILE', 'VIEW_EM_SEAT'],
      },
    ],
  },
  {
    code: 'software_trust',
    name: 'Software Trust',
    roles: [
      {
        code: 'SM_ADMIN',
        name: 'Admin',
        permissions: [
          'MANAGE_SM_CERTIFICATE_PROFILE',
          'VIEW_SM_CERTIFICATE',
          'MANAGE_SM_KEYPAIR',
          'SIGN_SM_HASH',
          'VIEW_SM_AUDIT_LOG',
        ],
      },
      { code: 'SM_SIGNER', name: 'Signer', permissions: ['VIEW_SM_CERTIFICATE', 'VIEW_SM_KEYPAIR', 'SIGN_SM_HASH'] },
      {
        code: 'SM_SUPPORT',
        name: 'Support',
        permissions: ['VIEW_SM_CERTIFICATE', 'VIEW_SM_KEYPAIR', 'VIEW_SM_AUDIT_LOG'],
      },
      { code: 'SM_SYSTEM_AUDITOR', name: 'System auditor', permissions: ['VIEW_SM_AUDIT_LOG'] },
    ],
  },
  {
    code: 'iot_trust',
    name: 'IoT Trust',
    roles: [
      {
        code: 'IOT_DEVICE_MANAGER',
        name: 'Device manager',
        permissions: ['VIEW_IOT_CERTIFICATE', 'MANAGE_IOT_DEVICE', 'VIEW_IOT_ENROLLMENT_PROFILE'],
      },
      {
        code: 'IOT_ENROLLMENT_MANAGER',
        name: 'Enrollment profile manager',
        permissions: ['VIEW_IOT_ENROLLMENT_PROFILE', 'MANAGE_IOT_ENROLLMENT_PROFILE', 'VIEW_IOT_CERTIFICATE'],
      },
      {
        code: 'IOT_READ_ONLY',
        name: 'Read only',
        permissions: ['VIEW_IOT_CERTIFICATE', 'VIEW_IOT_ENROLLMENT_PROFILE'],
      },
    ],
  },
  {
    code: 'document_trust',
    name: 'Document Trust',
    roles: [
      {
        code: 'DSM_SIGNER',
        name: 'Document signer',
        permissions: ['SIGN_DSM_DOCUMENT', 'MANAGE_DSM_VIEW_CERTIFICATE_PROFILES'],
      },
      {
        code: 'DSM_PROFILE_MANAGER',
        name: 'Certificate profile manager',
        permissions: ['MANAGE_DSM_VIEW_CERTIFICATE_PROFILES', 'MANAGE_DSM_CERTIFICATE_PROFILE'],
      },
      { code: 'DSM_READ_ONLY', name: 'Read only', permissions: ['MANAGE_DSM_VIEW_CERTIFICATE_PROFILES'] },
    ],
  },
  {
    code: 'ca_manager',
    name: 'CA Manager',
    roles: [
      { code: 'CM_READ_ONLY', name: 'Read only', permissions: ['VIEW_CM_LICENSE', 'VIEW_CM_CA'] },
      { code: 'CM_CA_OPERATOR', name: 'CA operator', permissions: ['VIEW_CM_LICENSE', 'VIEW_CM_CA', 'MANAGE_CM_CA'] },
      {
        code: 'CM_ADMIN',
        name: 'CA administrator',
        permissions: ['VIEW_CM_LICENSE', 'MANAGE_CM_LICENSE', 'VIEW_CM_CA', 'MANAGE_CM_CA', 'MANAGE_CM_HIERARCHY'],
      },
    ],
  },
];

const ACCOUNT_NAMES = [
  'Contoso Production',
  'Contoso Staging',
  'Contoso EU',
  'Fabrikam Retail',
  'Northwind Labs',
  'Tailspin Toys',
  'Wingtip Partners',
  'Globex Legacy',
];

const SERVICE_USERS: {
  name: string;
  description: string;
  endInDays?: number;
  roles: string[];
  accounts: number[];
  /** Also an older token, disabled (a rotation done before). */
  rotated?: boolean;
}[] = [
  {
    name: 'ci-signer_prod',
    description: 'CI pipeline: release signing',
    endInDays: 200,
    roles: ['SM_SIGNER'],
    accounts: [0],
  },
  {
    name: 'Jenkins build agent',
    description: 'Nightly builds',
    rotated: true,
    endInDays: 5,
    roles: ['SM_SIGNER', 'AM_DEFAULT_USER'],
    accounts: [0, 1],
  },
  {
    name: 'tlm-autoenroll-eu',
    description: 'Autoenrollment server EU',
    endInDays: 12,
    roles: ['EM_USER_CERTIFICATE_MANAGER'],
    accounts: [2],
  },
  {
    name: 'IoT fleet provisioner',
    description: '',
    endInDays: 28,
    roles: ['IOT_DEVICE_MANAGER', 'IOT_ENROLLMENT_MANAGER'],
    accounts: [4],
  },
  {
    name: 'Terraform pipeline',
    description: 'Infrastructure as code',
    roles: ['EM_PROFILE_MANAGER', 'AM_ACCOUNT_USER'],
    accounts: [0, 1, 2],
  },
  {
    name: 'k8s cert-manager',
    description: 'Cluster issuer',
    rotated: true,
    endInDays: 90,
    roles: ['EM_USER_CERTIFICATE_MANAGER'],
    accounts: [1],
  },
  {
    name: 'SIEM audit export',
    description: 'Exports audit logs to the SIEM',
    roles: ['EM_AUDITOR', 'SM_SYSTEM_AUDITOR', 'AM_ACCOUNT_USER'],
    accounts: [0, 2],
  },
  {
    name: 'Document signing bot',
    description: 'Contracts workflow',
    endInDays: 365,
    roles: ['DSM_SIGNER'],
    accounts: [3],
  },
  { name: 'CA health monitor', description: '', endInDays: -3, roles: ['CM_READ_ONLY'], accounts: [5] },
  {
    name: 'github-actions-release',
    description: 'GitHub Actions release workflow',
    endInDays: 45,
    roles: ['SM_SIGNER'],
    accounts: [0],
  },
  {
    name: 'Nightly inventory sync',
    description: 'CMDB sync',
    endInDays: 2,
    roles: ['EM_AUDITOR', 'IOT_READ_ONLY'],
    accounts: [0, 4],
  },
  {
    name: 'Partner onboarding',
    description: 'Creates accounts for partners',
    roles: ['AM_ACCOUNT_MANAGER'],
    accounts: [6],
  },
];

export interface SeedOptions {
  now: Date;
  seed?: number;
  /** Extra generated accounts beyond the eight named ones. */
  extraAccounts?: number;
  /** Extra generated service users beyond the dozen named ones (e.g. 5000 for the bench). */
  extraServiceUsers?: number;
}

/** A token nobody holds (its value is dropped at once): what the seeded users' tokens look like. */
function seededToken(id: string, userId: string, name: string, createdAt: string, status: SandboxToken['status']) {
  return { hash: sha256(newToken()), userId, id, name, created_at: createdAt, status };
}

const GENERATED_ROLES = [
  'SM_SIGNER',
  'EM_USER_CERTIFICATE_MANAGER',
  'IOT_READ_ONLY',
  'AM_ACCOUNT_USER',
  'CM_READ_ONLY',
];

/**
 * Appends `count` generated service users ("Load test user 00001", …) with spread end dates: about
 * one in seven without, a few expired, many within 30 days, the rest up to a year ahead. No tokens.
 */
export function addServiceUsers(
  state: SandboxState,
  count: number,
  now: Date,
  uuid: () => string = randomUUID,
): SandboxUser[] {
  const start = state.users.length;
  const roles = GENERATED_ROLES.map((code) => state.roles.find((r) => r.code === code)).filter((r) => !!r);
  const created: SandboxUser[] = [];
  for (let i = 0; i < count; i++) {
    const n = start + i + 1;
    const role = roles[i % roles.length]!;
    const user: SandboxUser = {
      id: uuid(),
      user_type: 'service',
      friendly_name: `Load test user ${String(n).padStart(5, '0')}`,
      email: `load-${n}@sandbox.example`,
      description: i % 3 === 0 ? '' : `Generated service user ${n}`,
      status: 'ACTIVE',
      access_scope: 'account',
      account_ids: [state.accounts[i % state.accounts.length]!.id],
      role_ids: [role.id],
      application_codes: [role.application_code],
      created_at: new Date(now.getTime() - (1 + (i % 700)) * day).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      created_by: state.adminUserId,
      locale: 'en_US',
    };
    if (i % 7 !== 0) user.end_date = plusDays(now, ((i * 37) % 400) - 10);
    created.push(user);
  }
  state.users.push(...created);
  return created;
}

export function seedState(options: SeedOptions): SandboxState {
  const { now } = options;
  const uuid = uuidFactory(options.seed ?? 20_260_101);
  const adminUserId = uuid();
  const auditorUserId = uuid();

  const accountNames = [...ACCOUNT_NAMES];
  for (let i = 1; i <= (options.extraAccounts ?? 0); i++)
    accountNames.push(`Generated account ${String(i).padStart(4, '0')}`);
  const accounts: SandboxAccount[] = accountNames.map((name, i) => ({
    id: uuid(),
    name,
    active: name !== 'Globex Legacy',
    service_period: { from: plusDays(now, -400 + i), to: plusDays(now, 330 - i) },
    friendly_identifier: String(5_258_283 + i * 7919),
    admins: [{ id: adminUserId, name: 'Sandbox Admin', email: 'admin@sandbox.example' }],
    sign_in_methods: [
      { signInMethod: 'standard', status: 'enabled', mfaStatus: 'disabled', clientAuthCertLoginEnabled: false },
    ],
    locale: 'en_US',
  }));

  const applications: SandboxApplication[] = SEED_MANAGERS.map((m) => ({ id: uuid(), code: m.code, name: m.name }));
  const roles: SandboxRole[] = SEED_MANAGERS.flatMap((m) =>
    m.roles.map((r) => ({
      id: uuid(),
      name: r.name,
      code: r.code,
      application_code: m.code,
      permissions: [...r.permissions],
    })),
  );
  const roleByCode = (code: string) => roles.find((r) => r.code === code)!;
  const allAccountIds = accounts.map((a) => a.id);

  const created = (daysAgo: number) => new Date(now.getTime() - daysAgo * day).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const users: SandboxUser[] = [
    {
      id: adminUserId,
      user_type: 'standard',
      name: 'Sandbox Admin',
      email: 'admin@sandbox.example',
      description: '',
      status: 'ACTIVE',
      access_scope: 'account',
      account_ids: allAccountIds,
      role_ids: [
        roleByCode('AM_ACCOUNT_ADMIN').id,
        roleByCode('EM_USER_CERTIFICATE_MANAGER').id,
        roleByCode('SM_ADMIN').id,
      ],
      application_codes: ['account_manager', 'trust_lifecycle', 'software_trust'],
      created_at: created(800),
      created_by: adminUserId,
      locale: 'en_US',
    },
    {
      id: auditorUserId,
      user_type: 'standard',
      name: 'Read-only Auditor',
      email: 'auditor@sandbox.example',
      description: '',
      status: 'ACTIVE',
      access_scope: 'account',
      account_ids: allAccountIds,
      role_ids: [roleByCode('AM_ACCOUNT_USER').id, roleByCode('EM_AUDITOR').id],
      application_codes: ['account_manager', 'trust_lifecycle'],
      created_at: created(500),
      created_by: adminUserId,
      locale: 'en_US',
    },
  ];
  SERVICE_USERS.forEach((s, i) => {
    const userRoles = s.roles.map(roleByCode);
    const user: SandboxUser = {
      id: uuid(),
      user_type: 'service',
      friendly_name: s.name,
      email: `svc-${i + 1}@sandbox.example`,
      description: s.description,
      status: 'ACTIVE',
      access_scope: 'account',
      account_ids: s.accounts.map((n) => accounts[n]!.id),
      role_ids: userRoles.map((r) => r.id),
      application_codes: [...new Set(userRoles.map((r) => r.application_code))],
      created_at: created(300 - i * 20),
      created_by: adminUserId,
      locale: 'en_US',
    };
    if (s.endInDays !== undefined) user.end_date = plusDays(now, s.endInDays);
    users.push(user);
  });

  const tokenHashes: SandboxToken[] = [];
  users.forEach((u, i) => {
    const named = SERVICE_USERS[i - 2];
    if (!named) return;
    if (!named.rotated)
      return void tokenHashes.push(seededToken(uuid(), u.id, 'Initial token', u.created_at, 'ACTIVE'));
    // Rotated a month ago: the first token was disabled when the new one was in use.
    tokenHashes.push(seededToken(uuid(), u.id, 'Initial token', u.created_at, 'DISABLED'));
    tokenHashes.push(seededToken(uuid(), u.id, 'Rotated token', created(30), 'ACTIVE'));
  });

  const state: SandboxState = {
    version: 1,
    accounts,
    applications,
    roles,
    users,
    tokenHashes,
    certificates: [],
    adminUserId,
    auditorUserId,
  };
  if (options.extraServiceUsers) addServiceUsers(state, options.extraServiceUsers, now, uuid);
  return state;
}
