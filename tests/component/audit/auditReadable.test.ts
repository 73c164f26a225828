import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditTable from '../../../renderer/src/components/audit/AuditTable.vue';
import AuditFilters from '../../../renderer/src/components/audit/AuditFilters.vue';
import { AUDIT_ACTIONS, type AuditEntry } from '../../../shared/audit';
import { AUDIT_DETAIL_KEYS, CODED_DETAIL_KEYS } from '../../../renderer/src/lib/auditText';
import { createAppI18n } from '../../../renderer/src/i18n';
import { UNSAVED_DISPOSITIONS } from '../../../shared/creation';
import { AUDIT_VERDICTS } from '../../../shared/audit';
import { SANDBOX_DISPLAY_URL, SANDBOX_PROFILE_NAME } from '../../../shared/profiles';
import { mountWith, until } from '../helpers';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

function entry(seq: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2026, 2, 4, 10, 0, seq)).toISOString(),
    osUser: seq % 2 ? 'bob' : 'alice',
    profileId: 'p1',
    profileName: 'Production US',
    action: 'draft_changed',
    target: `draft-${seq}`,
    outcome: 'ok',
    details: { step: 2, revision: 4, name: `bot-${seq}` },
    prevHash: 'x',
    hash: 'y',
    ...extra,
  };
}

describe('every detail key the app records has a label in en and de', () => {
  for (const locale of ['en', 'de'] as const) {
    it(`${locale}: labels for the keys of all ${AUDIT_ACTIONS.length} actions, and for coded values`, () => {
      const { global: i18n } = createAppI18n(locale);
      const missing: string[] = [];
      for (const action of AUDIT_ACTIONS) {
        if (!i18n.te(`audit.actionLabels.${action}`)) missing.push(`actionLabels.${action}`);
        for (const key of AUDIT_DETAIL_KEYS[action]) {
          if (!i18n.te(`audit.detailKeys.${key}`)) missing.push(`${action}: ${key}`);
        }
      }
      for (const key of CODED_DETAIL_KEYS) {
        const values = i18n.tm(`audit.detailValues.${key}`) as unknown;
        if (typeof values !== 'object' || values === null || Object.keys(values).length === 0) {
          missing.push(`values of ${key}`);
        }
      }
      for (const v of UNSAVED_DISPOSITIONS) {
        if (!i18n.te(`audit.detailValues.disposition.${v}`)) missing.push(`disposition ${v}`);
      }
      for (const v of AUDIT_VERDICTS) if (!i18n.te(`audit.detailValues.verdict.${v}`)) missing.push(`verdict ${v}`);
      expect(missing).toEqual([]);
    });
  }

  it('the issue 10 and 16 actions are covered', () => {
    expect(AUDIT_DETAIL_KEYS.reminder_muted).toEqual(['userId', 'friendlyName', 'muted']);
    expect(AUDIT_DETAIL_KEYS.token_revoked).toContain('mode');
    expect(AUDIT_DETAIL_KEYS.audit_signing_unavailable).toEqual([]);
  });
});

describe('audit table', () => {
  it('shows a draft step as the wizard counts it, coded values translated, in German', () => {
    w = mountWith(AuditTable, {
      locale: 'de',
      props: {
        entries: [
          entry(2),
          entry(1, {
            action: 'token_dismissed_unsaved',
            target: 'svc-bot',
            details: { serviceUserId: 'su-1', disposition: 'stored_elsewhere' },
          }),
        ],
      },
    });
    const [draft, token] = w.findAll('[data-testid="audit-row"]');
    const step = draft!.get('[data-key="step"]');
    expect(step.get('dt').text()).toBe('Schritt');
    expect(step.get('dd').text()).toBe('3 von 5');
    const disposition = token!.get('[data-key="disposition"]');
    expect(disposition.get('dd').text()).toBe('Vom Admin anderswo gespeichert');
    expect(token!.text()).not.toContain('stored_elsewhere');
  });

  it('names the target, keeps the id on hover and copies it', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    w = mountWith(AuditTable, {
      props: {
        entries: [
          entry(3, {
            action: 'reminder_muted',
            target: 'su-42',
            details: { userId: 'su-42', friendlyName: 'Build bot', muted: true },
          }),
        ],
      },
    });
    const name = w.get('[data-testid="audit-target-name"]');
    expect(name.text()).toBe('Build bot');
    expect(name.attributes('title')).toBe('su-42');
    expect(w.get('[data-key="muted"] dd').text()).toBe('Yes');
    await w.get('[data-testid="audit-copy-id"]').trigger('click');
    expect(writeText).toHaveBeenCalledWith('su-42');
    await until(() => expect(w!.get('[data-testid="audit-copy-status"]').text()).toBe('ID copied.'));
  });

  it('names a profile entry by the profile, its address on hover', () => {
    w = mountWith(AuditTable, {
      props: {
        entries: [
          entry(1, { action: 'profile_changed', target: 'https://one.example', details: { changed: ['region'] } }),
        ],
      },
    });
    const name = w.get('[data-testid="audit-target-name"]');
    expect(name.text()).toBe('Production US');
    expect(name.attributes('title')).toBe('https://one.example');
    expect(w.get('[data-key="changed"] dd').text()).toBe('Region');
  });

  describe('the built-in sandbox, recorded under its English name and address', () => {
    const sandboxEntries = () => [
      entry(2, {
        action: 'connection_tested',
        profileId: 'sandbox',
        profileName: SANDBOX_PROFILE_NAME,
        target: SANDBOX_DISPLAY_URL,
        details: { canManageUsers: true, accounts: 3 },
      }),
      entry(1, { profileId: 'sandbox', profileName: SANDBOX_PROFILE_NAME }),
    ];

    it('is shown in German by its translated name and address (rows, hover, copy)', async () => {
      const writeText = vi.fn(() => Promise.resolve());
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
      w = mountWith(AuditTable, { locale: 'de', props: { entries: sandboxEntries() } });
      const [tested, draft] = w.findAll('[data-testid="audit-row"]');
      const name = tested!.get('[data-testid="audit-target-name"]');
      expect(name.text()).toBe('Sandbox (lokal)');
      expect(name.attributes('title')).toBe('http://127.0.0.1 (lokale Sandbox)');
      const copy = tested!.get('[data-testid="audit-copy-id"]');
      expect(copy.attributes('aria-label')).toContain('http://127.0.0.1 (lokale Sandbox)');
      await copy.trigger('click');
      expect(writeText).toHaveBeenCalledWith('http://127.0.0.1 (lokale Sandbox)');
      expect(draft!.get('[data-testid="audit-row-profile"]').text()).toBe('Sandbox (lokal)');
      expect(w.html()).not.toContain('local sandbox');
      expect(w.html()).not.toContain('Sandbox (local)');
    });

    it('is shown in English as stored', () => {
      w = mountWith(AuditTable, { props: { entries: sandboxEntries() } });
      const name = w.get('[data-testid="audit-target-name"]');
      expect(name.text()).toBe(SANDBOX_PROFILE_NAME);
      expect(name.attributes('title')).toBe(SANDBOX_DISPLAY_URL);
      expect(w.get('[data-testid="audit-row-profile"]').text()).toBe(SANDBOX_PROFILE_NAME);
    });

    it('a service user that happens to carry the address as its name keeps it', () => {
      w = mountWith(AuditTable, {
        locale: 'de',
        props: { entries: [entry(1, { target: 'draft-1', details: { name: SANDBOX_DISPLAY_URL } })] },
      });
      expect(w.get('[data-testid="audit-target-name"]').text()).toBe(SANDBOX_DISPLAY_URL);
    });
  });

  it('sorts by a column and says so with aria-sort', async () => {
    w = mountWith(AuditTable, { props: { entries: [entry(3), entry(2), entry(1)] } });
    const seqs = () => w!.findAll('[data-testid="audit-row"]').map((r) => r.attributes('data-seq'));
    expect(w.get('[data-testid="audit-col-seq"]').attributes('aria-sort')).toBe('descending');
    expect(seqs()).toEqual(['3', '2', '1']);
    await w.get('[data-testid="audit-col-osUser"] button').trigger('click');
    expect(w.get('[data-testid="audit-col-osUser"]').attributes('aria-sort')).toBe('ascending');
    expect(w.get('[data-testid="audit-col-seq"]').attributes('aria-sort')).toBeUndefined();
    // alice (2) before bob (3, 1; newest first on a tie)
    expect(seqs()).toEqual(['2', '3', '1']);
    await w.get('[data-testid="audit-col-seq"] button').trigger('click');
    await w.get('[data-testid="audit-col-seq"] button').trigger('click');
    expect(w.get('[data-testid="audit-col-seq"]').attributes('aria-sort')).toBe('ascending');
    expect(seqs()).toEqual(['1', '2', '3']);
  });
});

describe('audit filters', () => {
  it('start collapsed; the toggle opens them and says how many apply', async () => {
    w = mountWith(AuditFilters, { props: { profiles: [] } });
    const toggle = w.get('[data-testid="audit-filters-toggle"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(w.get('[data-testid="audit-filters"]').isVisible()).toBe(false);
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    expect(w.get('[data-testid="audit-filters"]').isVisible()).toBe(true);
    await w.get('[data-testid="audit-text"]').setValue('bot');
    await w.get('[data-testid="audit-filters"]').trigger('submit');
    expect(w.emitted('apply')).toHaveLength(1);
    expect(w.get('[data-testid="audit-filters-applied"]').text()).toBe('1 filter applied');
  });
});
