import { z } from 'zod';
import type { Result } from '../errors';
import {
  apiKeySchema,
  customBaseUrlSchema,
  profileInputSchema,
  profileUpdateSchema,
  regionChoiceSchema,
  type Profile,
} from '../profiles';
import type { KeychainStatus } from '../keychain';
import type { ConnectionTest } from '../reference';
import { settingsSchema, type Settings } from '../settings';
import { channel, type ChannelSpec } from './channel';
import { draftChannels } from './drafts';
import type { EventsApi } from './events';
import { auditChannels } from './audit';
import { certificateChannels } from './certificates';
import { creationChannels } from './creation';
import { referenceChannels } from './reference';
import { sandboxChannels } from './sandbox';
import { serviceUserChannels } from './serviceUsers';
import { tokenChannels } from './token';

const empty = z.object({}).strict();
const id = z.object({ id: z.string().min(1).max(64) }).strict();

/** A key tried before it is saved (Add profile's "Test key"): where, and the key itself. */
const keyTestSchema = z
  .object({ region: regionChoiceSchema, customBaseUrl: customBaseUrlSchema.optional(), apiKey: apiKeySchema })
  .strict()
  .refine((v) => v.region !== 'custom' || !!v.customBaseUrl, {
    path: ['customBaseUrl'],
    message: 'Enter the address of your DigiCert ONE deployment.',
  });
/** What "Test key" learns: the same as a saved profile's connection test, without a profile. */
export type KeyTest = Omit<ConnectionTest, 'profileId'>;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  dataDir: string;
  /** The user's home folder: where the app suggests saving files (the harness's audit export). */
  homeDir?: string;
  transport: 'electron' | 'harness';
}

/**
 * The IPC contract: every channel the renderer may call, with the schema main parses its request
 * with and the type it answers. Both transports (Electron IPC, the harness bridge) serve exactly
 * this map; `window.api` is derived from it.
 */
export const contract = {
  'app.info': channel<AppInfo>()(empty),

  'keychain.status': channel<KeychainStatus>()(z.object({ recheck: z.boolean().optional() }).strict()),

  'profiles.list': channel<Profile[]>()(empty),
  'profiles.add': channel<Profile>()(profileInputSchema),
  'profiles.update': channel<Profile>()(profileUpdateSchema),
  'profiles.remove': channel<{ id: string }>()(id),
  /** "Test connection": who the key belongs to, whether it may manage users, its accounts. */
  'profiles.test': channel<ConnectionTest>()(id),
  /**
   * "Test key" before saving: the same questions with a key that is not stored anywhere. The key
   * lives in memory for this one call (registered with the SecretRegistry so no log can show it).
   */
  'profiles.testKey': channel<KeyTest>()(keyTestSchema),

  'settings.get': channel<Settings>()(empty),
  'settings.set': channel<Settings>()(settingsSchema.partial().strict()),

  ...draftChannels,
  ...auditChannels,
  ...referenceChannels,
  ...creationChannels,
  ...sandboxChannels,
  ...tokenChannels,
  ...serviceUserChannels,
  ...certificateChannels,
} satisfies Record<string, ChannelSpec<z.ZodTypeAny, unknown>>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNELS = Object.keys(contract) as ChannelName[];

/** What the renderer passes. */
export type RequestOf<C extends ChannelName> = z.input<Contract[C]['request']>;
/** What a handler receives after parsing. */
export type ParsedRequestOf<C extends ChannelName> = z.output<Contract[C]['request']>;
export type ResponseOf<C extends ChannelName> = NonNullable<Contract[C]['response']>;

export type Domain = ChannelName extends `${infer D}.${string}` ? D : never;
type VerbsOf<D extends string> = { [C in ChannelName]: C extends `${D}.${infer V}` ? V : never }[ChannelName];
type ChannelOf<D extends string, V extends string> = `${D}.${V}` & ChannelName;

/** One function per channel: `api.profiles.add(input)` resolves to a Result, never throws for domain errors. */
export type ChannelApi = {
  [D in Domain]: {
    [V in VerbsOf<D>]: (request: RequestOf<ChannelOf<D, V>>) => Promise<Result<ResponseOf<ChannelOf<D, V>>>>;
  };
};

/** `window.api`: the channels, and `events.on(name, handler)` for what core pushes (shared/ipc/events.ts). */
export type Api = ChannelApi & { events: 'events' extends Domain ? never : EventsApi };

export type Invoke = (channel: ChannelName, request: unknown) => Promise<Result<unknown>>;

/** Builds `window.api` from one invoke function and one event source (Electron IPC or the harness bridge). */
export function buildApi(invoke: Invoke, events: EventsApi): Api {
  const api: Record<string, Record<string, (request: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CHANNELS) {
    const [domain, verb] = name.split('.') as [string, string];
    (api[domain] ??= {})[verb] = (request: unknown) => invoke(name, request ?? {});
  }
  return { ...(api as unknown as ChannelApi), events: { on: (name, handler) => events.on(name, handler) } };
}

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(contract, value);
}
