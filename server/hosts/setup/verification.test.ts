import { describe, expect, it } from 'vitest';
import type { ExecResult, Host, HostRole } from '@/server/hosts/host';
import { displayCommand, runVerification, verificationChecks } from './verification';
import { basicAuthHeader, readGatewayAuthorization, readGatewayPassword } from './gateway-auth';

type Answer = Partial<ExecResult> | Error;

/** A Host whose exec answers from a table keyed by the joined argv. */
function scriptedHost(role: HostRole, answers: Record<string, Answer>): Host & { seen: string[] } {
  const seen: string[] = [];
  const fail = () => Promise.reject(new Error('not used'));
  return {
    name: `vm-${role}`,
    role,
    provider: 'multipass',
    lbWorkdir: '/home/ubuntu/lb_workdir',
    seen,
    async exec(argv) {
      const key = argv.join(' ');
      seen.push(key);
      const a = answers[key] ?? Object.entries(answers).find(([k]) => key.startsWith(k))?.[1];
      if (a instanceof Error) throw a;
      return { argv, code: 0, stdout: '', stderr: '', timedOut: false, ...a };
    },
    stream: () => ({ exited: Promise.resolve({ code: 0 }), stop: async () => {} }),
    push: fail,
    pull: fail,
    writeFile: fail,
    fileExists: () => Promise.resolve(false),
    readText: fail,
    isAlive: fail,
    signalGroup: fail,
    address: () => Promise.resolve('10.0.0.9'),
  };
}

const HEALTHY_K3S: Record<string, Answer> = {
  'kubectl get nodes': {
    stdout:
      'NAME             STATUS   ROLES                  AGE   VERSION\nlbweb-demo-k3s   Ready    control-plane,master   12m   v1.31.4+k3s1\n',
  },
  'kubectl -n openfaas get deploy gateway': {
    stdout: 'NAME      READY   UP-TO-DATE   AVAILABLE   AGE\ngateway   1/1     1            1           9m\n',
  },
  'kubectl -n openfaas get deploy prometheus': {
    stdout: 'NAME         READY   UP-TO-DATE   AVAILABLE   AGE\nprometheus   1/1     1            1           5m\n',
  },
  'curl -fsS --max-time 10 http://127.0.0.1:30411/-/ready': { stdout: 'Prometheus Server is Ready.\n' },
  'curl -fsS --max-time 10 --get': {
    stdout: JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { cpu: '0', mode: 'idle' }, value: [1, '12.5'] }] },
    }),
  },
};

describe('verification checks (FORMATS.md §1 step 2)', () => {
  it('lists exactly the documented checks per role', () => {
    expect(verificationChecks('k3s').map((c) => c.argv.slice(0, 6).join(' '))).toEqual([
      'kubectl get nodes',
      'kubectl -n openfaas get deploy gateway',
      'kubectl -n openfaas get deploy prometheus',
      'curl -fsS --max-time 10 http://127.0.0.1:30411/-/ready',
      'curl -fsS --max-time 10 --get --data-urlencode',
    ]);
    expect(verificationChecks('runner').map((c) => c.argv[0])).toEqual(['k6', 'faas-cli', 'node']);
    expect(verificationChecks('runner', { agentSelfCheck: ['lb-agent', '--self-check'] })[2]?.argv).toEqual([
      'lb-agent',
      '--self-check',
    ]);
  });

  it('passes a healthy k3s host, each check with its command and output', async () => {
    const checks = await runVerification(scriptedHost('k3s', HEALTHY_K3S));
    expect(checks.map((c) => c.ok)).toEqual([true, true, true, true, true]);
    expect(checks[1]).toMatchObject({
      role: 'k3s',
      host: 'vm-k3s',
      name: 'OpenFaaS gateway deployed',
      command: 'kubectl -n openfaas get deploy gateway',
    });
    expect(checks[1]?.output).toContain('gateway   1/1');
    expect(checks[4]?.command).toContain(
      '--data-urlencode query=node_cpu_seconds_total http://127.0.0.1:30411/api/v1/query',
    );
  });

  it('says which check broke and why', async () => {
    const host = scriptedHost('k3s', {
      ...HEALTHY_K3S,
      'kubectl -n openfaas get deploy gateway': {
        stdout: 'NAME      READY   UP-TO-DATE   AVAILABLE   AGE\ngateway   0/1     1            0           1m\n',
      },
      'kubectl -n openfaas get deploy prometheus': {
        code: 1,
        stderr: 'Error from server (NotFound): deployments.apps "prometheus" not found',
      },
      'curl -fsS --max-time 10 --get': { stdout: '{"status":"success","data":{"resultType":"vector","result":[]}}' },
    });
    const checks = await runVerification(host);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['k3s node Ready', true],
      ['OpenFaaS gateway deployed', false],
      ['Prometheus deployed', false],
      ['Prometheus ready', true],
      ['node_cpu_seconds_total has data', false],
    ]);
    expect(checks[1]?.output).toMatch(/✗ deployment gateway has 0\/1 replicas ready/);
    expect(checks[2]?.output).toMatch(/NotFound[\s\S]*✗ exit code 1/);
    expect(checks[4]?.output).toMatch(/✗ node_cpu_seconds_total has no series/);
  });

  it('checks the runner: k6 says k6, faas-cli a version, the agent opens DuckDB', async () => {
    const good = scriptedHost('runner', {
      'k6 version': { stdout: 'k6 v0.55.0 (go1.23.3, linux/amd64)\n' },
      'faas-cli version --short-version': { stdout: '0.18.10\n' },
      node: { stdout: 'duckdb ok 1.5.6-r.1 linux-x64 node v20.18.1\n' },
    });
    expect((await runVerification(good)).every((c) => c.ok)).toBe(true);
    const bad = scriptedHost('runner', {
      'k6 version': { code: 127, stderr: 'bash: k6: command not found' },
      'faas-cli version --short-version': new Error('exec failed: instance "vm-runner" does not exist'),
      node: { code: 1, stderr: 'duckdb self-check failed: @duckdb/node-api is not installed' },
    });
    const checks = await runVerification(bad);
    expect(checks.map((c) => c.ok)).toEqual([false, false, false]);
    expect(checks[0]?.output).toContain('command not found');
    expect(checks[1]?.output).toBe('✗ exec failed: instance "vm-runner" does not exist');
  });

  it("accepts the agent's own --self-check JSON report", async () => {
    const argv = ['node', '/home/ubuntu/lb-agent/agent.mjs', '--self-check'];
    const report = (r: object) => ({ stdout: `${JSON.stringify(r)}\n` });
    const ok = scriptedHost('runner', {
      'k6 version': { stdout: 'k6 v0.55.0\n' },
      'faas-cli': { stdout: '0.18.10\n' },
      node: report({ ok: true, node: 'v20.18.1', duckdb: 'v1.5.6', loadDriver: 'k6 v0.55.0' }),
    });
    const checks = await runVerification(ok, 'runner', { agentSelfCheck: argv });
    expect(checks[2]).toMatchObject({ ok: true, command: 'node /home/ubuntu/lb-agent/agent.mjs --self-check' });
    const bad = scriptedHost('runner', {
      node: { code: 1, ...report({ ok: false, duckdb: '', error: 'Cannot find package @duckdb/node-api' }) },
    });
    expect((await runVerification(bad, 'runner', { agentSelfCheck: argv }))[2]?.output).toMatch(/exit code 1/);
    const notOk = scriptedHost('runner', { node: report({ ok: false, duckdb: '', error: 'bindings missing' }) });
    expect((await runVerification(notOk, 'runner', { agentSelfCheck: argv }))[2]?.output).toMatch(
      /✗ the agent could not open DuckDB: bindings missing/,
    );
  });

  it('shows argv as a shell would need it', () => {
    expect(displayCommand(['kubectl', 'get', 'nodes'])).toBe('kubectl get nodes');
    expect(displayCommand(['sh', '-c', "echo it's"])).toBe(`sh -c 'echo it'\\''s'`);
  });
});

describe('gateway auth', () => {
  it('decodes the basic-auth secret into an Authorization header value', async () => {
    const host = scriptedHost('k3s', {
      'kubectl -n openfaas get secret basic-auth -o jsonpath={.data.basic-auth-password}': {
        stdout: Buffer.from('s3cr3t').toString('base64'),
      },
    });
    expect(await readGatewayPassword(host)).toBe('s3cr3t');
    expect(await readGatewayAuthorization(host)).toBe(`Basic ${Buffer.from('admin:s3cr3t').toString('base64')}`);
    expect(basicAuthHeader('pw', 'u')).toBe('Basic dTpwdw==');
  });

  it('explains a missing secret', async () => {
    const host = scriptedHost('k3s', {
      kubectl: { code: 1, stderr: 'Error from server (NotFound): secrets "basic-auth" not found' },
    });
    await expect(readGatewayPassword(host)).rejects.toThrow(
      /basic-auth secret on vm-k3s.*NotFound.*Run the k3s setup again/,
    );
    const empty = scriptedHost('k3s', { kubectl: { stdout: '' } });
    await expect(readGatewayPassword(empty)).rejects.toThrow(/no base64 basic-auth-password/);
  });
});
