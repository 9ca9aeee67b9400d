import { describe, expect, it } from 'vitest';
import { checkHost, hostName } from './host-check';

const open = { LBWEB_HOST: '127.0.0.1', LBWEB_ALLOWED_ORIGINS: [] as string[] };
const withToken = (host: string, origins: string[] = []) => ({
  LBWEB_HOST: host,
  LBWEB_TOKEN: 'sixteen-char-tok',
  LBWEB_ALLOWED_ORIGINS: origins,
});

describe('checkHost', () => {
  it('without a token answers only to loopback names, ports included', () => {
    for (const h of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', '127.0.0.5', 'LOCALHOST']) {
      expect(checkHost(h, open)).toEqual({ ok: true });
    }
  });

  it('without a token refuses rebinding names and LAN addresses, saying how to allow them', () => {
    for (const h of ['evil.example:3000', '192.168.1.20:3000', '0.0.0.0:3000', 'localhost.evil.example', '[::]:3000']) {
      const r = checkHost(h, open);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toMatch(/LBWEB_TOKEN/);
    }
  });

  it('refuses a missing or malformed Host', () => {
    for (const h of [null, '', 'a b', 'host:99999999', 'x/y', '127.0.0.1:3000@evil']) {
      expect(checkHost(h, open).ok).toBe(false);
    }
  });

  it('with a token accepts the bind address, any name on a wildcard bind, and allowed origins', () => {
    expect(checkHost('10.0.0.5:3000', withToken('10.0.0.5')).ok).toBe(true);
    expect(checkHost('evil.example:3000', withToken('10.0.0.5')).ok).toBe(false);
    expect(checkHost('bench.lan:3000', withToken('0.0.0.0')).ok).toBe(true);
    expect(checkHost('bench.lan:3000', withToken('10.0.0.5', ['http://bench.lan:3000'])).ok).toBe(true);
  });

  it('reads names out of Host headers', () => {
    expect(hostName('[::1]:3000')).toBe('::1');
    expect(hostName('Example.COM')).toBe('example.com');
    expect(hostName('a:b:c')).toBeNull();
  });
});
