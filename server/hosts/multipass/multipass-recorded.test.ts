// Our schemas against JSON Multipass itself records as its formatter's expected output
// (test/fixtures/multipass/recorded, copied from canonical/multipass tests/unit/test_data).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@/server/process/repo-root';
import { InfoSchema, ListSchema, VersionSchema, parseCliJson } from './multipass-schemas';

const recorded = (file: string) =>
  fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'multipass', 'recorded', file), 'utf8');

describe('recorded Multipass JSON', () => {
  it('info: running and stopped instances, snapshot_count, zone, disks of a stopped VM', () => {
    const info = parseCliJson(InfoSchema, recorded('multiple_instances_info_reply.json'), 'info').info;
    expect(info['bogus-instance']).toMatchObject({
      state: 'Running',
      cpu_count: 4,
      snapshot_count: 1,
      ipv4: ['10.21.124.56'],
      zone: { name: 'zone1', available: true },
    });
    expect(info['bogus-instance']?.disks.sda1).toEqual({ used: 1932735284, total: 6764573492 });
    expect(info.bombastic).toMatchObject({ state: 'Stopped', cpu_count: null, snapshot_count: 3, ipv4: [] });
    expect(info.bombastic?.disks).toEqual({ sda1: {} });
    const one = parseCliJson(InfoSchema, recorded('single_instance_info_reply.json'), 'info').info;
    expect(Object.values(one).every((i) => typeof i.state === 'string')).toBe(true);
  });

  it('list with zones', () => {
    const list = parseCliJson(ListSchema, recorded('multiple_instances_list_reply.json'), 'list').list;
    expect(list.map((e) => [e.name, e.state])).toEqual([
      ['bogus-instance', 'Running'],
      ['bombastic', 'Stopped'],
    ]);
  });

  it('version: client only, daemon, daemon with an update notice', () => {
    expect(parseCliJson(VersionSchema, recorded('version_client_reply.json'), 'v').multipassd).toBeUndefined();
    expect(parseCliJson(VersionSchema, recorded('version_daemon_no_update_reply.json'), 'v').multipassd).toBe(
      'Daemon version',
    );
    const upd = parseCliJson(VersionSchema, recorded('version_daemon_update_reply.json'), 'v');
    expect(upd.update?.url).toBe('http://multipass.web');
  });
});
