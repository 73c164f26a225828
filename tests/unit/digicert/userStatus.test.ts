import { describe, expect, it } from 'vitest';
import { serviceUserWire, toServiceUser } from '../../../electron/core/digicert/wire';

describe('service user status as the app reads it', () => {
  it.each(['active', 'Active', 'ACTIVE'])('%s reads as ACTIVE, whatever case DigiCert sends', (status) => {
    const user = toServiceUser(serviceUserWire.parse({ id: 'u1', friendly_name: 'ci', status }));
    expect(user.status).toBe('ACTIVE');
  });

  it('no status stays absent', () => {
    expect(toServiceUser(serviceUserWire.parse({ id: 'u1', status: null })).status).toBeUndefined();
  });
});
