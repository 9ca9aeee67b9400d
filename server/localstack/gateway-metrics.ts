// The gateway's own metrics, with OpenFaaS's names and labels (function_name is
// "<fn>.openfaas-fn", code is the HTTP status), as Grafana dashboards for OpenFaaS expect.
import 'server-only';
import { FUNCTION_NAMESPACE } from './cadvisor-metrics';
import { Histogram, type MetricFamily, type Sample } from './metrics-text';

export interface ServiceCount {
  name: string;
  availableReplicas: number;
}

export function qualifiedName(fn: string): string {
  return `${fn}.${FUNCTION_NAMESPACE}`;
}

export class GatewayMetrics {
  private readonly started = new Map<string, number>();
  private readonly invocations = new Map<string, { fn: string; code: string; count: number; durations: Histogram }>();

  recordStart(fn: string): void {
    this.started.set(fn, (this.started.get(fn) ?? 0) + 1);
  }

  recordEnd(fn: string, status: number, seconds: number): void {
    const code = String(status);
    const key = `${fn}\u0000${code}`;
    let entry = this.invocations.get(key);
    if (!entry) {
      entry = { fn, code, count: 0, durations: new Histogram() };
      this.invocations.set(key, entry);
    }
    entry.count += 1;
    entry.durations.observe(seconds);
  }

  families(services: readonly ServiceCount[]): MetricFamily[] {
    const entries = [...this.invocations.values()];
    const durationSamples: Sample[] = entries.flatMap((e) =>
      e.durations.samples({ function_name: qualifiedName(e.fn), code: e.code }),
    );
    return [
      {
        name: 'gateway_function_invocation_total',
        help: 'Function metrics',
        type: 'counter',
        samples: entries.map((e) => ({ labels: { function_name: qualifiedName(e.fn), code: e.code }, value: e.count })),
      },
      {
        name: 'gateway_function_invocation_started',
        help: 'The total number of function HTTP requests started.',
        type: 'counter',
        samples: [...this.started].map(([fn, n]) => ({ labels: { function_name: qualifiedName(fn) }, value: n })),
      },
      { name: 'gateway_functions_seconds', help: 'Function time taken', type: 'histogram', samples: durationSamples },
      {
        name: 'gateway_service_count',
        help: 'Current count of replicas for function',
        type: 'gauge',
        samples: services.map((s) => ({
          labels: { function_name: qualifiedName(s.name) },
          value: s.availableReplicas,
        })),
      },
    ];
  }
}
