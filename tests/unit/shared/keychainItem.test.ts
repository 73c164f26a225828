import { describe, expect, it } from 'vitest';
import { KEYCHAIN_NAME_MAX } from '../../../shared/creation';
import { defaultKeychainItem, keychainItemErrors, KEYCHAIN_ACCOUNT_REQUIRED, KEYCHAIN_SERVICE_REQUIRED } from '../../../shared/keychainItem';

describe('defaultKeychainItem', () => {
  it('names the DigiCert host and the trimmed friendly name', () => {
    expect(defaultKeychainItem('https://one.digicert.com/', '  deploy-bot ', false)).toEqual({
      service: 'DigiCert ONE service user token (one.digicert.com)',
      account: 'deploy-bot',
    });
    expect(defaultKeychainItem('https://ONE.example.test:8443/path', 'x', false).service).toBe('DigiCert ONE service user token (one.example.test:8443)');
  });

  it('says "sandbox" for the sandbox profile, whatever its address', () => {
    expect(defaultKeychainItem('http://127.0.0.1:4010', 'bot', true).service).toBe('DigiCert ONE service user token (sandbox)');
  });

  it('uses a base URL without a host, or one that does not parse, as it is', () => {
    expect(defaultKeychainItem('one.digicert.com', 'bot', false).service).toBe('DigiCert ONE service user token (one.digicert.com)');
    expect(defaultKeychainItem('mailto:admin', 'bot', false).service).toBe('DigiCert ONE service user token (mailto:admin)');
    expect(defaultKeychainItem(undefined, 'bot', false).service).toBe('DigiCert ONE service user token ()');
  });
});

describe('keychainItemErrors', () => {
  it('accepts printable names within the limit', () => {
    expect(keychainItemErrors({ service: 'ci-tokens', account: ' deploy-bot ' })).toEqual({ service: null, account: null });
  });

  it('asks for a blank name, per field', () => {
    expect(keychainItemErrors({ service: '  ', account: '' })).toEqual({ service: KEYCHAIN_SERVICE_REQUIRED, account: KEYCHAIN_ACCOUNT_REQUIRED });
  });

  it("passes on the schema's message for a name that breaks a rule", () => {
    const errors = keychainItemErrors({ service: 'x'.repeat(KEYCHAIN_NAME_MAX + 1), account: 'line\nbreak' });
    expect(errors.service).toBe(`Use at most ${KEYCHAIN_NAME_MAX} characters.`);
    expect(errors.account).toBe('Use printable characters only.');
  });
});
