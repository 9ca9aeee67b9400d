// The k3s role of an existing cluster: reached only through its OpenFaaS gateway and
// Prometheus URLs. It is a Host so the controller can name it; nothing runs on it.
import 'server-only';
import type { ExecResult, Host, StreamHandle } from '@/server/hosts/host';

export class ClusterEndpointHost implements Host {
  readonly provider = 'ssh' as const;
  readonly role = 'k3s' as const;
  readonly lbWorkdir = '/';

  constructor(
    readonly name: string,
    private readonly gatewayUrl: string,
  ) {}

  private refuse(what: string): never {
    throw new Error(
      `${what} on ${this.name}: an existing cluster is reached only over HTTP (gateway ${this.gatewayUrl}); nothing runs on it from lb-web`,
    );
  }

  exec(): Promise<ExecResult> {
    return this.refuse('exec');
  }
  stream(): StreamHandle {
    return this.refuse('stream');
  }
  push(): Promise<void> {
    return this.refuse('push');
  }
  pull(): Promise<void> {
    return this.refuse('pull');
  }
  writeFile(): Promise<void> {
    return this.refuse('writeFile');
  }
  fileExists(): Promise<boolean> {
    return this.refuse('fileExists');
  }
  readText(): Promise<string | null> {
    return this.refuse('readText');
  }
  isAlive(): Promise<boolean> {
    return this.refuse('isAlive');
  }
  signalGroup(): Promise<boolean> {
    return this.refuse('signalGroup');
  }
  async address(): Promise<string> {
    return new URL(this.gatewayUrl).hostname;
  }
}
