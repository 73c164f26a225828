import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCore, validFields, type TestCore } from '../../support/core';
import { makeTempDir } from '../../support/tmp';

const HOSTILE = 'bot’; calc; ’';

/** DigiCert answering a create with a friendly name no one could have sent. */
const answeringHostileName: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if ((init?.method ?? 'GET').toUpperCase() !== 'POST') return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
  if (!body || typeof body.friendly_name !== 'string') return response;
  return new Response(JSON.stringify({ ...body, friendly_name: HOSTILE }), {
    status: response.status,
    headers: response.headers,
  });
};

describe('the friendly name DigiCert answers', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let t: TestCore;
  beforeEach(async () => {
    tmp = makeTempDir();
    t = await startTestCore(tmp.dir, { fetch: answeringHostileName });
  });
  afterEach(async () => {
    await t.core.close();
    tmp.cleanup();
  });

  it('is checked before it is suggested as the keychain account (and so reaches a command)', async () => {
    const draft = await t.must('drafts.save', {
      profileId: 'sandbox',
      step: 2,
      fields: await validFields(t, 'answered-bot'),
    });
    const outcome = await t.must('creation.create', { draftId: draft.id });
    if (outcome.state !== 'created') throw new Error(outcome.state);
    expect(outcome.serviceUser.friendlyName).toBe(HOSTILE);
    expect(outcome.token.suggested.account).toBe('answered-bot');
    expect(outcome.token.suggested.service).toBe('DigiCert ONE service user token (Sandbox (local) · sandbox)');
  });
});
