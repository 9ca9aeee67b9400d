import { describe, expect, it } from 'vitest';
import { resolveEndpointUrl, resolveUrlTemplate, splitUrl, urlHostname } from '@/lib/contract/url-template';

describe("resolveUrlTemplate (lb's _resolve_url_template)", () => {
  it('puts the address in for {host.address}, then for 127.0.0.1, localhost and 0.0.0.0', () => {
    expect(resolveUrlTemplate('http://{host.address}:31112', '10.0.0.9')).toBe('http://10.0.0.9:31112');
    expect(resolveUrlTemplate('http://127.0.0.1:30411', '10.0.0.9')).toBe('http://10.0.0.9:30411');
    expect(resolveUrlTemplate('http://LocalHost:9090/prom?x=1#f', '10.0.0.9')).toBe('http://10.0.0.9:9090/prom?x=1#f');
    expect(resolveUrlTemplate('https://0.0.0.0', '10.0.0.9')).toBe('https://10.0.0.9');
    expect(resolveUrlTemplate('http://user:pw@localhost:80/', '10.0.0.9')).toBe('http://10.0.0.9:80/');
  });

  it('leaves other hosts, schemeless text and an empty address alone', () => {
    expect(resolveUrlTemplate('http://static-host:9090', '10.0.0.9')).toBe('http://static-host:9090');
    expect(resolveUrlTemplate('http://[::1]:9090', '10.0.0.9')).toBe('http://[::1]:9090');
    expect(resolveUrlTemplate('localhost:9090', '10.0.0.9')).toBe('localhost:9090');
    expect(resolveUrlTemplate('http://localhost:9090', '')).toBe('http://localhost:9090');
  });

  it('brackets an IPv6 address (lb would write it bare)', () => {
    expect(resolveUrlTemplate('http://localhost:31112', 'fd00::5')).toBe('http://[fd00::5]:31112');
  });

  it("splits like Python's urlparse", () => {
    expect(splitUrl('HTTP://Admin@Host.Example:0/x')).toMatchObject({
      scheme: 'http',
      hostname: 'host.example',
      port: 0,
    });
    expect(splitUrl('http://h:99999')?.port).toBeNull();
    expect(splitUrl('http:///path')).toBeNull();
    expect(urlHostname('http://127.0.0.1:40123')).toBe('127.0.0.1');
  });
});

describe('resolveEndpointUrl', () => {
  it("maps the k3s host's lb NodePort to the provider's URL (the local stack's own port)", () => {
    const local = 'http://127.0.0.1:40123';
    expect(resolveEndpointUrl('http://{host.address}:31112', '127.0.0.1', 31112, local)).toBe(local);
    expect(resolveEndpointUrl('http://127.0.0.1:31112/', '127.0.0.1', 31112, local)).toBe(local);
    // another port, path or host is the user's choice
    expect(resolveEndpointUrl('http://{host.address}:8080', '127.0.0.1', 31112, local)).toBe('http://127.0.0.1:8080');
    expect(resolveEndpointUrl('http://localhost:31112/x', '127.0.0.1', 31112, local)).toBe('http://127.0.0.1:31112/x');
    expect(resolveEndpointUrl('http://10.9.9.9:31112', '127.0.0.1', 31112, local)).toBe('http://10.9.9.9:31112');
  });

  it('is the plain lb resolution where the provider serves the NodePort itself (multipass)', () => {
    const vm = 'http://10.0.0.7:31112';
    expect(resolveEndpointUrl('http://{host.address}:31112', '10.0.0.7', 31112, vm)).toBe(vm);
    expect(resolveEndpointUrl('http://127.0.0.1:31112', '10.0.0.7', 31112, vm)).toBe(vm);
  });
});
