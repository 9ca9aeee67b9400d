import { describe, expect, it } from 'vitest';
import { PairSpecError, parseMultipassSize, parsePairSpec, specWarnings } from './multipass-spec';

const issuesOf = (input: unknown) => {
  try {
    parsePairSpec(input);
  } catch (err) {
    if (err instanceof PairSpecError) return err.issues;
    throw err;
  }
  return [];
};

describe('Multipass sizes', () => {
  it('parses Multipass syntax in binary units', () => {
    expect(parseMultipassSize('4G')).toBe(4 * 1024 ** 3);
    expect(parseMultipassSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseMultipassSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseMultipassSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseMultipassSize('1048576')).toBe(1048576);
    expect(parseMultipassSize('10GB')).toBe(10 * 1024 ** 3);
  });
  it('rejects what Multipass rejects', () => {
    for (const bad of ['', '4 G', '4T', '1.5', 'G', '-1G', 'lots']) expect(parseMultipassSize(bad)).toBeNull();
  });
});

describe('MultipassPairSpecSchema', () => {
  it("fills in lb's specs and project-prefixed names", () => {
    const spec = parsePairSpec({ project: 'demo' });
    expect(spec.k3s).toMatchObject({
      name: 'lbweb-demo-k3s',
      cpus: 4,
      memory: '8G',
      disk: '20G',
      image: '24.04',
      fallbackImages: ['noble'],
    });
    expect(spec.runner).toMatchObject({
      name: 'lbweb-demo-runner',
      cpus: 2,
      memory: '4G',
      disk: '10G',
      image: '24.04',
    });
    expect(specWarnings(spec)).toEqual([]);
  });

  it('keeps overrides, including the image', () => {
    const spec = parsePairSpec({
      project: 'demo',
      runner: { cpus: 1, memory: '2G', image: '22.04', fallbackImages: [] },
    });
    expect(spec.runner).toMatchObject({ cpus: 1, memory: '2G', disk: '10G', image: '22.04', fallbackImages: [] });
  });

  it('rejects invalid project and VM names', () => {
    expect(issuesOf({ project: 'My_Project' })[0]?.path).toBe('project');
    expect(issuesOf({ project: '9lives' })[0]?.path).toBe('project');
    expect(issuesOf({ project: 'demo', k3s: { name: 'lbweb-demo-k3s-' } })[0]?.path).toBe('k3s.name');
    expect(issuesOf({ project: 'demo', k3s: { name: 'lbweb_demo_k3s' } })[0]?.path).toBe('k3s.name');
    expect(issuesOf({ project: 'demo', runner: { name: 'someone-elses-vm' } })).toEqual([
      { path: 'runner.name', message: 'runner VM name "someone-elses-vm" must start with "lbweb-demo-"' },
    ]);
    expect(issuesOf({ project: 'demo', runner: { name: 'lbweb-demo-k3s' } })[0]?.message).toMatch(/different names/);
  });

  it("rejects sizes below Multipass's documented minimums (1 CPU, 128M, 512M), all at once", () => {
    const issues = issuesOf({ project: 'demo', k3s: { cpus: 0, memory: '127M', disk: '511M' } });
    expect(issues.map((i) => i.path)).toEqual(['k3s.cpus', 'k3s.memory', 'k3s.disk']);
    expect(issues[1]?.message).toBe('memory "127M" is below Multipass\'s minimum of 128M');
    expect(issues[2]?.message).toBe('disk "511M" is below Multipass\'s minimum of 512M');
    expect(issuesOf({ project: 'demo', runner: { memory: '128M', disk: '512M', cpus: 1 } })).toEqual([]);
  });

  it('rejects malformed sizes and fractional CPUs with a fix in the message', () => {
    const issues = issuesOf({ project: 'demo', runner: { memory: '4 GB', cpus: 1.5 } });
    expect(issues.map((i) => i.path).sort()).toEqual(['runner.cpus', 'runner.memory']);
    expect(issues.find((i) => i.path === 'runner.memory')?.message).toMatch(/use e\.g\. 4G/);
  });

  it('warns (not fails) when a role will not fit', () => {
    const w = specWarnings(parsePairSpec({ project: 'demo', k3s: { cpus: 1, memory: '1G', disk: '2G' } }));
    expect(w.join('\n')).toMatch(/2 CPUs and 2G/);
    expect(w.join('\n')).toMatch(/about 5G of disk/);
  });

  it("warns when asked for 'lts': it is 26.04 now, the role scripts are written for 24.04", () => {
    const w = specWarnings(parsePairSpec({ project: 'demo', k3s: { image: 'lts' } }));
    expect(w).toEqual([expect.stringMatching(/k3s VM lbweb-demo-k3s: image lts is Ubuntu 26\.04/)]);
    expect(specWarnings(parsePairSpec({ project: 'demo', runner: { image: 'noble' } }))).toEqual([]);
  });
});
