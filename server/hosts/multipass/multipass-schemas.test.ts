import { describe, expect, it } from 'vitest';
import { InfoSchema, ListSchema, VersionSchema, parseCliJson, primaryIpv4 } from './multipass-schemas';

// Shapes as Multipass 1.16 prints them (FORMATS.md §11).
const RUNNING_INFO = JSON.stringify({
  errors: [],
  info: {
    'lbweb-demo-k3s': {
      cpu_count: '4',
      disks: { sda1: { total: '20629221376', used: '3041263616' } },
      image_hash: 'aa1e0b7ec9d1',
      image_release: '24.04 LTS',
      ipv4: ['192.168.64.5', '10.42.0.0', '10.42.0.1'],
      load: [0.32, 0.2, 0.1],
      memory: { total: 8148492288, used: 1214283776 },
      mounts: {},
      release: 'Ubuntu 24.04.1 LTS',
      snapshot_count: '0',
      state: 'Running',
      zone: { available: true, name: 'zone1' },
      some_future_field: 42,
    },
  },
});

const STOPPED_INFO = JSON.stringify({
  errors: [],
  info: {
    'lbweb-demo-runner': {
      cpu_count: '',
      disks: {},
      image_hash: 'aa1e0b7ec9d1',
      image_release: '24.04 LTS',
      ipv4: [],
      load: [],
      memory: {},
      mounts: {},
      release: '',
      snapshot_count: '0',
      state: 'Stopped',
    },
  },
});

describe('multipass JSON schemas', () => {
  it('reads a running instance: string numbers, numeric memory, extra fields, k3s addresses', () => {
    const info = parseCliJson(InfoSchema, RUNNING_INFO, 'info').info['lbweb-demo-k3s']!;
    expect(info.cpu_count).toBe(4);
    expect(info.snapshot_count).toBe(0);
    expect(info.disks.sda1).toEqual({ total: 20629221376, used: 3041263616 });
    expect(info.memory).toEqual({ total: 8148492288, used: 1214283776 });
    expect(info.zone).toEqual({ available: true, name: 'zone1' });
    expect(primaryIpv4(info.ipv4)).toBe('192.168.64.5');
  });

  it('reads a stopped instance with empty cpu_count, memory and disks', () => {
    const info = parseCliJson(InfoSchema, STOPPED_INFO, 'info').info['lbweb-demo-runner']!;
    expect(info.state).toBe('Stopped');
    expect(info.cpu_count).toBeNull();
    expect(info.memory).toEqual({});
    expect(info.disks).toEqual({});
    expect(primaryIpv4(info.ipv4)).toBeUndefined();
  });

  it('accepts disks {"sda1": {}} as older builds print for a stopped VM', () => {
    const raw = JSON.parse(STOPPED_INFO);
    raw.info['lbweb-demo-runner'].disks = { sda1: {} };
    expect(parseCliJson(InfoSchema, JSON.stringify(raw), 'info').info['lbweb-demo-runner']!.disks).toEqual({
      sda1: {},
    });
  });

  it('reads list output, including unknown states, and tolerates missing ipv4', () => {
    const text = JSON.stringify({
      list: [
        { ipv4: ['10.0.0.2'], name: 'a1', release: 'Ubuntu 24.04 LTS', state: 'Running' },
        { name: 'b1', release: 'Not Available', state: 'Delayed Shutdown' },
        { ipv4: [], name: 'c1', release: '', state: 'SomeNewState', zone: 'z' },
      ],
    });
    const list = parseCliJson(ListSchema, text, 'list').list;
    expect(list.map((e) => [e.name, e.state, e.ipv4.length])).toEqual([
      ['a1', 'Running', 1],
      ['b1', 'Delayed Shutdown', 0],
      ['c1', 'SomeNewState', 0],
    ]);
  });

  it('reads version with and without the daemon part', () => {
    expect(parseCliJson(VersionSchema, '{"multipass":"1.16.0","multipassd":"1.16.0"}', 'v').multipassd).toBe('1.16.0');
    expect(parseCliJson(VersionSchema, '{"multipass":"1.16.0"}', 'v').multipassd).toBeUndefined();
  });

  it('names the command and the field when the JSON is not what we expect', () => {
    expect(() => parseCliJson(InfoSchema, 'Name: x', 'multipass info x')).toThrow(
      /multipass info x: multipass did not print JSON/,
    );
    expect(() => parseCliJson(ListSchema, '{"list":[{"state":"Running"}]}', 'multipass list')).toThrow(
      /multipass list: unexpected JSON shape at list\.0\.name/,
    );
  });

  it('takes ipv4[0] only when it is an address', () => {
    expect(primaryIpv4(['N/A'])).toBeUndefined();
    expect(primaryIpv4(['10.0.0.7', '10.42.0.1'])).toBe('10.0.0.7');
  });
});
