import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import AuditLogView from '../../../renderer/src/views/AuditLogView.vue';
import { AUDIT_ACTIONS, type AuditEntry, type AuditQuery, type AuditVerifyResult } from '../../../shared/audit';
import { mountWith, until, installFakeApi } from '../helpers';
import { PROFILE } from '../drafts/fakes';
import type { FakeHandlers } from '../helpers';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
});

function entry(seq: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    seq,
    at: new Date(Date.UTC(2026, 2, 4, 10, 0, seq)).toISOString(),
    osUser: 'alice',
    profileId: PROFILE.id,
    profileName: PROFILE.name,
    action: 'draft_created',
    target: `draft-${seq}`,
    outcome: 'ok',
    details: { name: `bot-${seq}` },
    prevHash: 'x',
    hash: 'y',
    ...extra,
  };
}

const FINGERPRINT = '0123456789abcdef'.repeat(4);

/** A verify answer as core gives it (250 entries, all signed unless `r` says otherwise). */
function verdict(r: Partial<AuditVerifyResult> & Pick<AuditVerifyResult, 'verdict'>): AuditVerifyResult {
  return {
    ok: r.verdict === 'intact',
    entries: 250,
    signedThrough: 250,
    unsigned: 0,
    carriedOver: null,
    recovered: [],
    keyFingerprint: FINGERPRINT,
    ...r,
  };
}

/** 250 entries, newest first, paged by the keyset cursor like core (seq < cursor). */
function fakeAudit(more: FakeHandlers = {}) {
  const all = Array.from({ length: 250 }, (_, i) =>
    entry(
      250 - i,
      i === 0 ? { action: 'create_failed', outcome: 'failed', details: { code: 'validation_failed' } } : {},
    ),
  );
  return installFakeApi({
    'profiles.list': () => ({ ok: true, value: [PROFILE] }),
    'audit.query': (q: AuditQuery) => {
      const limit = q.limit ?? 100;
      const rows = all.filter(
        (e) => (q.cursor === undefined || e.seq < q.cursor) && (!q.actions || q.actions.includes(e.action)),
      );
      const page = rows.slice(0, limit);
      return { ok: true, value: { entries: page, nextCursor: rows.length > limit ? page.at(-1)!.seq : null } };
    },
    'audit.verify': () => ({ ok: true, value: verdict({ verdict: 'intact' }) }),
    'audit.signingKey': () => ({ ok: true, value: { state: 'ready', fingerprint: FINGERPRINT, publicKeyPem: 'x' } }),
    'audit.export': (req: { destination: string }) => ({
      ok: true,
      value: {
        path: req.destination,
        entries: 250,
        bytes: 48_213,
        signature: {
          signaturePath: `${req.destination}.sig`,
          publicKeyPath: `${req.destination}.pub.pem`,
          keyFingerprint: FINGERPRINT,
        },
      },
    }),
    ...more,
  });
}

type FakeAudit = ReturnType<typeof fakeAudit>;
const rows = (x: VueWrapper) => x.findAll('[data-testid="audit-row"]');

/** Mounts the viewer and waits for the first page on screen. */
async function mountView(locale: 'en' | 'de' = 'en') {
  w = mountWith(AuditLogView, { locale });
  await until(() => expect(rows(w!)).toHaveLength(100));
  return w;
}
/** Waits until the view has sent its `n`-th audit query and the core has answered every call. */
const queried = (api: FakeAudit, n: number) =>
  until(() => {
    expect(api.callsTo('audit.query')).toHaveLength(n);
    return api.answeredAll();
  });

describe('audit log viewer', () => {
  it('shows the newest page: local time with UTC on hover, OS user, profile, translated action, target, outcome, details', async () => {
    const api = fakeAudit();
    await mountView();
    expect(api.callsTo('audit.query')).toEqual([{ limit: 100 }]);
    expect(rows(w!)).toHaveLength(100);
    const first = rows(w!)[0]!;
    expect(first.attributes('data-seq')).toBe('250');
    const time = first.get('[data-testid="audit-time"]');
    expect(time.attributes('datetime')).toBe('2026-03-04T10:04:10.000Z');
    expect(time.attributes('title')).toBe('UTC: 2026-03-04 10:04:10 UTC');
    expect(first.text()).toContain('alice');
    expect(first.text()).toContain('Production US');
    expect(first.get('[data-testid="audit-action"]').text()).toBe('Create failed');
    expect(first.get('[data-testid="audit-outcome"]').text()).toBe('Failed');
    const detail = first.get('[data-testid="audit-details"] [data-key="code"]');
    expect([detail.get('dt').text(), detail.get('dd').text()]).toEqual(['Error code', 'validation_failed']);
    expect(w!.get('[data-testid="audit-count"]').text()).toBe('100 entries shown Older entries are available.');
  });

  it('pages with "Load more" through the keyset cursor, never the whole log', async () => {
    const api = fakeAudit();
    await mountView();
    await w!.get('[data-testid="audit-load-more"]').trigger('click');
    await until(() => expect(rows(w!)).toHaveLength(200));
    expect(api.callsTo('audit.query')[1]).toEqual({ cursor: 151, limit: 100 });
    expect(w!.get('[data-testid="audit-announcement"]').text()).toBe('100 more entries loaded.');
    await w!.get('[data-testid="audit-load-more"]').trigger('click');
    await until(() => expect(rows(w!)).toHaveLength(250));
    expect(api.callsTo('audit.query')[2]).toEqual({ cursor: 51, limit: 100 });
    expect(w!.find('[data-testid="audit-load-more"]').exists()).toBe(false);
    expect(w!.get('[data-testid="audit-count"]').text()).toBe('250 entries shown All matching entries are shown.');
    expect(api.callsTo('audit.query').every((q) => (q as AuditQuery).limit === 100)).toBe(true);
  });

  it('passes the filters (time range as UTC, actions, profile, text) to audit.query, and uses them for the next pages', async () => {
    const api = fakeAudit();
    await mountView();
    await w!.get('[data-testid="audit-from"]').setValue('2026-03-01T08:30');
    await w!.get('[data-testid="audit-to"]').setValue('2026-03-05T17:00');
    const labels = w!.findAll('[data-testid="audit-actions"] label').map((l) => l.text());
    expect(labels).toHaveLength(AUDIT_ACTIONS.length);
    expect(labels).toContain('Service user created');
    await w!.get('input[data-action="draft_created"]').setValue(true);
    await w!.get('input[data-action="create_failed"]').setValue(true);
    expect(w!.get('[data-testid="audit-actions-summary"]').text()).toBe('2 actions selected');
    await w!.get('[data-testid="audit-profile"]').setValue(PROFILE.id);
    await w!.get('[data-testid="audit-text"]').setValue('  bot-7 ');
    await w!.get('[data-testid="audit-filters"]').trigger('submit');
    await queried(api, 2);
    const query = api.callsTo('audit.query').at(-1) as AuditQuery;
    expect(query).toEqual({
      from: new Date('2026-03-01T08:30').toISOString(),
      to: new Date(new Date('2026-03-05T17:00').getTime() + 59_999).toISOString(),
      actions: ['draft_created', 'create_failed'],
      profileId: PROFILE.id,
      text: 'bot-7',
      limit: 100,
    });
    await w!.get('[data-testid="audit-load-more"]').trigger('click');
    await queried(api, 3);
    expect(api.callsTo('audit.query').at(-1)).toMatchObject({
      actions: ['draft_created', 'create_failed'],
      profileId: PROFILE.id,
      text: 'bot-7',
      cursor: expect.any(Number),
    });

    await w!.get('[data-testid="audit-clear"]').trigger('click');
    await queried(api, 4);
    expect(api.callsTo('audit.query').at(-1)).toEqual({ limit: 100 });
  });

  it('refuses a time range that ends before it starts', async () => {
    const api = fakeAudit();
    await mountView();
    await w!.get('[data-testid="audit-from"]').setValue('2026-03-05T08:30');
    await w!.get('[data-testid="audit-to"]').setValue('2026-03-01T08:30');
    await w!.get('[data-testid="audit-filters"]').trigger('submit');
    await until(() => expect(w!.get('#audit-range-error').text()).toBe('“From” must be before “To”.'));
    expect(api.callsTo('audit.query')).toHaveLength(1);
  });

  it('"Verify integrity" reports an intact, signed log and shows the signing key’s fingerprint', async () => {
    const api = fakeAudit();
    await mountView();
    await until(() =>
      expect(w!.get('[data-testid="audit-signing-key"]').text()).toBe(
        `Signing key fingerprint (SHA-256 of the public key): ${'0123 4567 89ab cdef '.repeat(4).trim()}`,
      ),
    );
    await w!.get('[data-testid="audit-verify"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="audit-verify-result"]').text()).toBe(
        'Log intact: 250 entries, signed through #250 with this app’s key.',
      ),
    );
    expect(w!.get('[data-testid="audit-verify-result"]').attributes('data-verdict')).toBe('intact');
    expect(api.callsTo('audit.verify')).toEqual([{}]);
  });

  /** The verdict's text after one click on "Verify integrity". */
  async function shown(result: AuditVerifyResult): Promise<string> {
    fakeAudit({ 'audit.verify': () => ({ ok: true, value: result }) });
    await mountView();
    await w!.get('[data-testid="audit-verify"]').trigger('click');
    const text = await until(() => {
      const el = w!.get('[data-testid="audit-verify-result"]');
      expect(el.attributes('data-verdict')).toBe(result.verdict);
      return el.text();
    });
    w!.unmount();
    w = null;
    return text;
  }

  it('"Verify integrity" names the first entry that was changed, removed or reordered', async () => {
    for (const [problem, text] of [
      ['changed', 'Entry #17 was changed.'],
      ['removed', 'Entry #17 was removed'],
      ['reordered', 'Entry #17 was moved out of order.'],
    ] as const) {
      const result = await shown(verdict({ verdict: 'changed', firstBadSeq: 17, lastBadSeq: 17, problem }));
      expect(result).toContain('The log was changed.');
      expect(result).toContain(text);
    }
    expect(await shown(verdict({ verdict: 'changed', firstBadSeq: 3, lastBadSeq: 7, problem: 'changed' }))).toContain(
      'An entry between #3 and #7 was changed',
    );
  });

  it('"Verify integrity" tells a cut tail from an older copy, and says what it cannot prove', async () => {
    expect(await shown(verdict({ verdict: 'truncated', firstBadSeq: 5, lastSignedSeq: 7 }))).toContain(
      'Entries after #4 are missing; the app had signed up to #7.',
    );
    expect(await shown(verdict({ verdict: 'rolled_back', firstBadSeq: 5, lastSignedSeq: 7 }))).toContain(
      'The database is older than the app’s last record.It ends at #4; the app had signed up to #7.',
    );
    const noKey = await shown(
      verdict({ verdict: 'unprovable', reason: 'keychain_unavailable', signedThrough: 0, unsigned: 250 }),
    );
    expect(noKey).toContain('The log cannot be proven intact.');
    expect(noKey).toContain('could not be read from the OS keychain');
    expect(noKey).not.toContain('Not yet signed');
    const upgraded = await shown(
      verdict({
        verdict: 'unprovable',
        reason: 'upgrade',
        carriedOver: { through: 40, reason: 'upgrade', since: '2026-03-01T10:00:00.000Z' },
        unsigned: 2,
        signedThrough: 248,
      }),
    );
    expect(upgraded).toContain('Entries #1–#40 were written before this version signed the log');
    expect(upgraded).toContain('not signed before #41');
    expect(upgraded).toContain('Entries from #41 on are signed and intact.');
    expect(upgraded).toContain('Not yet signed: 2 entries.');
    expect(
      await shown(
        verdict({
          verdict: 'unprovable',
          reason: 'key_changed',
          carriedOver: { through: 9, reason: 'key_changed', since: '2026-03-01T10:00:00.000Z' },
        }),
      ),
    ).toContain('The OS keychain holds a different signing key');
    const recovered = await shown(
      verdict({ verdict: 'unprovable', reason: 'recovered', recovered: [{ from: 4, to: 5 }] }),
    );
    expect(recovered).toContain('The log cannot be proven intact.');
    expect(recovered).toContain('Entries #4–#5 were not signed when written');
    expect(recovered).toContain('All other entries are signed and intact.');
    expect(recovered).not.toContain('could not be read from the OS keychain');
    const orphan = await shown(
      verdict({ verdict: 'rolled_back', firstBadSeq: 2, lastSignedSeq: 7, anchorWithoutLog: true }),
    );
    expect(orphan).toContain('belongs to a log that is no longer here');
    expect(orphan).toContain('delete the keychain item “Service User Desk audit signing key”');
  });

  it('exports with the applied filters to the path the admin enters, and shows what was written', async () => {
    const api = fakeAudit();
    await mountView();
    await w!.get('input[data-action="service_user_created"]').setValue(true);
    await w!.get('[data-testid="audit-filters"]').trigger('submit');
    await queried(api, 2);

    await w!.get('[data-testid="audit-export-csv"]').trigger('click');
    const path = await until(() => w!.get('[data-testid="export-path"]'));
    await until(() => expect(document.activeElement).toBe(path.element));
    await path.setValue('relative/audit.csv');
    await w!.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() =>
      expect(w!.get('[data-testid="export-error"]').text()).toBe('Enter a full path, e.g. /home/you/audit.csv'),
    );
    await path.setValue('/tmp/audit.jsonl');
    await w!.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() => expect(w!.get('[data-testid="export-error"]').text()).toBe('The file name must end in .csv.'));
    expect(api.callsTo('audit.export')).toEqual([]);

    await path.setValue('/tmp/audit.csv');
    await w!.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() =>
      expect(w!.get('[data-testid="audit-export-result"]').text()).toContain(
        '250 entries written to /tmp/audit.csv (48.2 kB).',
      ),
    );
    expect(w!.get('[data-testid="audit-export-result"]').text()).toContain(
      'Signed: audit.csv.sig and the public key audit.csv.pub.pem were saved next to it.',
    );
    expect(w!.get('[data-testid="audit-export-check"]').text()).toBe(
      'openssl pkeyutl -verify -pubin -inkey "/tmp/audit.csv.pub.pem" -rawin -in "/tmp/audit.csv" -sigfile "/tmp/audit.csv.sig"',
    );
    expect(api.callsTo('audit.export')).toEqual([
      { actions: ['service_user_created'], format: 'csv', destination: '/tmp/audit.csv' },
    ]);
    expect(w!.find('[data-testid="export-dialog"]').exists()).toBe(false);
  });

  it('in the desktop app asks no path: main shows the native save dialog for a suggested name', async () => {
    const api = fakeAudit({
      'app.info': () => ({
        ok: true,
        value: { name: 'x', version: '1', platform: 'linux', dataDir: '/d', transport: 'electron' },
      }),
    });
    await mountView();
    const { useAppStore } = await import('../../../renderer/src/stores/app');
    await useAppStore().loadInfo();
    await w!.get('[data-testid="audit-export-jsonl"]').trigger('click');
    await until(() =>
      expect(w!.get('[data-testid="audit-export-result"]').text()).toContain('250 entries written to audit-log-'),
    );
    expect(w!.find('[data-testid="export-dialog"]').exists()).toBe(false);
    const calls = api.callsTo('audit.export') as { destination: string; format: string }[];
    expect(calls).toHaveLength(1);
    expect(calls[0]!.format).toBe('jsonl');
    expect(calls[0]!.destination).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.jsonl$/);
  });

  it('shows the core’s refusal of an export in the dialog', async () => {
    fakeAudit({ 'audit.export': () => ({ ok: false, error: { code: 'read_only', message: 'ro' } }) });
    await mountView();
    await w!.get('[data-testid="audit-export-jsonl"]').trigger('click');
    const path = await until(() => w!.get('[data-testid="export-path"]'));
    await path.setValue('/ro/audit.jsonl');
    await w!.get('[data-testid="export-dialog"] form').trigger('submit');
    await until(() =>
      expect(w!.get('[data-testid="export-error"]').text()).toBe('The app’s data folder is read-only.'),
    );
    expect(w!.find('[data-testid="export-dialog"]').exists()).toBe(true);
  });

  it('speaks German', async () => {
    fakeAudit();
    await mountView('de');
    expect(rows(w!)[0]!.get('[data-testid="audit-action"]').text()).toBe('Anlegen fehlgeschlagen');
    expect(w!.get('[data-testid="audit-verify"]').text()).toBe('Integrität prüfen');
  });
});
