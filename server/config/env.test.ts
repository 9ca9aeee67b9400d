import { describe, expect, it } from 'vitest';
import { EnvError, isLoopbackHost, parseEnv } from './env';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (h) => expect(isLoopbackHost(h)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', '128.0.0.1', '127.0.0.256', 'example.com', '127.0.0.1.nip.io'])(
    '%s is not loopback',
    (h) => expect(isLoopbackHost(h)).toBe(false),
  );
});

describe('parseEnv', () => {
  it('applies defaults relative to cwd', () => {
    const env = parseEnv({}, '/srv/lb');
    expect(env).toEqual({
      LBWEB_OUTPUT_ROOT: '/srv/lb/data/runs',
      LBWEB_HOSTS_ROOT: '/srv/lb/data/hosts',
      LBWEB_HOST: '127.0.0.1',
      LBWEB_PORT: 3000,
      LBWEB_TOKEN: undefined,
      LBWEB_ALLOWED_ORIGINS: [],
      LBWEB_EXPLORER_THREADS: false,
      LBWEB_ALLOW_CUSTOM_POLICIES: false,
    });
  });

  it('allows custom PEVA policies only for 1, and refuses anything else', () => {
    expect(parseEnv({ LBWEB_ALLOW_CUSTOM_POLICIES: '1' }, '/srv').LBWEB_ALLOW_CUSTOM_POLICIES).toBe(true);
    expect(parseEnv({ LBWEB_ALLOW_CUSTOM_POLICIES: '0' }, '/srv').LBWEB_ALLOW_CUSTOM_POLICIES).toBe(false);
    expect(() => parseEnv({ LBWEB_ALLOW_CUSTOM_POLICIES: 'yes' }, '/srv')).toThrow(/LBWEB_ALLOW_CUSTOM_POLICIES/);
  });

  it('turns the explorer threads on only for 1, and refuses anything else', () => {
    expect(parseEnv({ LBWEB_EXPLORER_THREADS: '1' }, '/srv').LBWEB_EXPLORER_THREADS).toBe(true);
    expect(parseEnv({ LBWEB_EXPLORER_THREADS: '0' }, '/srv').LBWEB_EXPLORER_THREADS).toBe(false);
    expect(() => parseEnv({ LBWEB_EXPLORER_THREADS: 'yes' }, '/srv')).toThrow(
      /LBWEB_EXPLORER_THREADS.*must be 0 or 1/s,
    );
  });

  it('treats empty strings as unset and normalises origins', () => {
    const env = parseEnv(
      {
        LBWEB_TOKEN: '',
        LBWEB_PORT: '8080',
        LBWEB_ALLOWED_ORIGINS: 'https://a.example/, http://b:81',
        LBWEB_OUTPUT_ROOT: 'out',
      },
      '/x',
    );
    expect(env.LBWEB_TOKEN).toBeUndefined();
    expect(env.LBWEB_PORT).toBe(8080);
    expect(env.LBWEB_ALLOWED_ORIGINS).toEqual(['https://a.example', 'http://b:81']);
    expect(env.LBWEB_OUTPUT_ROOT).toBe('/x/out');
  });

  it('refuses a non-loopback bind without a token, naming the variable', () => {
    expect(() => parseEnv({ LBWEB_HOST: '0.0.0.0' })).toThrow(EnvError);
    expect(() => parseEnv({ LBWEB_HOST: '0.0.0.0' })).toThrow(/LBWEB_TOKEN: is required because LBWEB_HOST=0\.0\.0\.0/);
    expect(parseEnv({ LBWEB_HOST: '0.0.0.0', LBWEB_TOKEN: 'long-enough-secret' }).LBWEB_TOKEN).toBe(
      'long-enough-secret',
    );
  });

  it('rejects bad port, short token and bad origins with the value and never echoes the token', () => {
    let err: unknown;
    try {
      parseEnv({ LBWEB_PORT: 'abc', LBWEB_TOKEN: 'short', LBWEB_ALLOWED_ORIGINS: 'ftp://x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/LBWEB_PORT \(got "abc"\)/);
    expect(msg).toMatch(/LBWEB_TOKEN: must be at least 8/);
    expect(msg).not.toContain('short');
    expect(msg).toMatch(/LBWEB_ALLOWED_ORIGINS .*"ftp:\/\/x" is not an origin/);
    expect(() => parseEnv({ LBWEB_PORT: '70000' })).toThrow(/LBWEB_PORT/);
  });
});
