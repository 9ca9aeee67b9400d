import { describe, expect, it } from 'vitest';
import { checkOrigin, checkRequestOrigin } from './origin';

describe('origin check', () => {
  const allowed = ['https://dash.example'];
  it('accepts same host, allowed origins and clients without Origin', () => {
    expect(checkOrigin({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000', allowedOrigins: [] }).ok).toBe(true);
    expect(checkOrigin({ origin: 'https://dash.example', host: '10.0.0.5:3000', allowedOrigins: allowed }).ok).toBe(
      true,
    );
    expect(checkOrigin({ origin: null, host: '127.0.0.1:3000', allowedOrigins: [] }).ok).toBe(true);
    expect(checkOrigin({ origin: null, host: 'h', secFetchSite: 'same-origin', allowedOrigins: [] }).ok).toBe(true);
  });

  it('rejects other origins, port mismatches, "null" and cross-site fetches without Origin', () => {
    expect(
      checkOrigin({ origin: 'http://evil.example', host: '127.0.0.1:3000', allowedOrigins: allowed }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/evil\.example does not match Host 127\.0\.0\.1:3000.*LBWEB_ALLOWED_ORIGINS/),
    });
    expect(checkOrigin({ origin: 'http://127.0.0.1:4000', host: '127.0.0.1:3000', allowedOrigins: [] }).ok).toBe(false);
    expect(checkOrigin({ origin: 'null', host: '127.0.0.1:3000', allowedOrigins: [] }).ok).toBe(false);
    expect(checkOrigin({ origin: null, host: 'h', secFetchSite: 'cross-site', allowedOrigins: [] }).ok).toBe(false);
  });

  it('reads the headers of a request', () => {
    const h = new Headers({ origin: 'http://localhost:3000', host: 'localhost:3000' });
    expect(checkRequestOrigin(h, []).ok).toBe(true);
    h.set('origin', 'http://attacker:3000');
    expect(checkRequestOrigin(h, []).ok).toBe(false);
  });
});
