import { describe, expect, it } from 'vitest';
import { basicAuthHeader, isAuthorized, parseBasicAuth } from './basic-auth';

const admin = { user: 'admin', password: 's3cr:et' };

describe('basic auth', () => {
  it('round-trips credentials, keeping colons in the password', () => {
    expect(parseBasicAuth(basicAuthHeader(admin))).toEqual(admin);
    expect(parseBasicAuth('basic  ' + Buffer.from('a:b').toString('base64'))).toEqual({ user: 'a', password: 'b' });
  });

  it('accepts exactly the configured credentials', () => {
    expect(isAuthorized(basicAuthHeader(admin), admin)).toBe(true);
    expect(isAuthorized(basicAuthHeader({ ...admin, password: 'wrong' }), admin)).toBe(false);
    expect(isAuthorized(basicAuthHeader({ ...admin, user: 'root' }), admin)).toBe(false);
    expect(isAuthorized(undefined, admin)).toBe(false);
    expect(isAuthorized('Bearer abc', admin)).toBe(false);
    expect(isAuthorized('Basic ' + Buffer.from('nocolon').toString('base64'), admin)).toBe(false);
  });

  it('lets everything through when no auth is configured', () => {
    expect(isAuthorized(undefined, undefined)).toBe(true);
  });
});
