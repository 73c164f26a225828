import { describe, expect, it } from 'vitest';
import { defaultCertificateItem } from '../../../shared/certificates';
import { KEYCHAIN_NAME_MAX } from '../../../shared/creation';
import {
  defaultKeychainItem,
  keychainItemErrors,
  KEYCHAIN_ACCOUNT_REQUIRED,
  KEYCHAIN_SERVICE_REQUIRED,
} from '../../../shared/keychainItem';

describe('defaultKeychainItem', () => {
  const live = (baseUrl: string, name = 'Production') => ({ name, baseUrl, kind: 'digicert' as const });

  it('names the profile, the DigiCert host and the trimmed friendly name', () => {
    expect(defaultKeychainItem(live('https://one.digicert.com/'), '  deploy-bot ')).toEqual({
      service: 'DigiCert ONE service user token (Production · one.digicert.com)',
      account: 'deploy-bot',
    });
    expect(defaultKeychainItem(live('https://ONE.example.test:8443/path', ' Lab '), 'x').service).toBe(
      'DigiCert ONE service user token (Lab · one.example.test:8443)',
    );
  });

  it('keeps two profiles on one host apart', () => {
    const a = defaultKeychainItem(live('https://one.digicert.com', 'Team A'), 'bot');
    const b = defaultKeychainItem(live('https://one.digicert.com', 'Team B'), 'bot');
    expect(a.service).not.toBe(b.service);
  });

  it('says "sandbox" for the sandbox profile, whatever its address', () => {
    expect(
      defaultKeychainItem({ name: 'Sandbox (local)', baseUrl: 'http://127.0.0.1:4010', kind: 'sandbox' }, 'bot')
        .service,
    ).toBe('DigiCert ONE service user token (Sandbox (local) · sandbox)');
  });

  it('uses a base URL without a host, or one that does not parse, as it is; no profile yet: the host alone', () => {
    expect(defaultKeychainItem(live('one.digicert.com', 'P'), 'bot').service).toBe(
      'DigiCert ONE service user token (P · one.digicert.com)',
    );
    expect(defaultKeychainItem(live('mailto:admin', 'P'), 'bot').service).toBe(
      'DigiCert ONE service user token (P · mailto:admin)',
    );
    expect(defaultKeychainItem(null, 'bot').service).toBe('DigiCert ONE service user token ()');
  });
});

describe('defaultCertificateItem', () => {
  it("names the certificate password on the token's pattern, with the nickname in the account", () => {
    const profile = { name: 'Production', baseUrl: 'https://one.digicert.com/', kind: 'digicert' as const };
    expect(defaultCertificateItem(profile, ' deploy-bot ', ' ci 01 ')).toEqual({
      service: 'DigiCert ONE client certificate password (Production · one.digicert.com)',
      account: 'deploy-bot · ci 01',
    });
    // A profile named like the token's words is left as it is.
    expect(defaultCertificateItem({ ...profile, name: 'service user token' }, 'bot', 'n').service).toBe(
      'DigiCert ONE client certificate password (service user token · one.digicert.com)',
    );
  });
});

describe('keychainItemErrors', () => {
  it('accepts printable names within the limit', () => {
    expect(keychainItemErrors({ service: 'ci-tokens', account: ' deploy-bot ' })).toEqual({
      service: null,
      account: null,
    });
  });

  it('asks for a blank name, per field', () => {
    expect(keychainItemErrors({ service: '  ', account: '' })).toEqual({
      service: KEYCHAIN_SERVICE_REQUIRED,
      account: KEYCHAIN_ACCOUNT_REQUIRED,
    });
  });

  it("passes on the schema's message for a name that breaks a rule", () => {
    const errors = keychainItemErrors({ service: 'x'.repeat(KEYCHAIN_NAME_MAX + 1), account: 'line\nbreak' });
    expect(errors.service).toBe(`Use at most ${KEYCHAIN_NAME_MAX} characters.`);
    expect(errors.account).toBe('Use printable characters only.');
  });
});
