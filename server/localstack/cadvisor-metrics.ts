// Function CPU and memory under cAdvisor's metric and label names, so the PromQL of
// FORMATS.md §8 (`id=~"^/kubepods.*"`, `container_label_io_kubernetes_container_name`)
// runs unchanged against the local stack.
//
// One series per function (its "pod"), not per replica: the CPU counter accumulates the
// CPU of replicas that have since exited, so it never goes backwards on scale-down, and
// lb's `result[0]` of the memory query is the whole function's memory.
import 'server-only';
import type { MetricFamily, Sample } from './metrics-text';

export const FUNCTION_NAMESPACE = 'openfaas-fn';

export interface FunctionUsage {
  name: string;
  /** Stable for the life of the deployment, like a pod UID. */
  podUid: string;
  /** 64 hex chars, like a container id. */
  containerId: string;
  cpuSeconds: number;
  rssBytes: number;
}

export function containerLabels(u: FunctionUsage): Record<string, string> {
  const podName = `${u.name}-${u.containerId.slice(0, 10)}`;
  return {
    id: `/kubepods/burstable/pod${u.podUid}/${u.containerId}`,
    name: `k8s_${u.name}_${podName}_${FUNCTION_NAMESPACE}_${u.podUid}_0`,
    image: `ghcr.io/openfaas/${u.name}:latest`,
    container_label_io_kubernetes_container_name: u.name,
    container_label_io_kubernetes_pod_name: podName,
    container_label_io_kubernetes_pod_namespace: FUNCTION_NAMESPACE,
  };
}

export function cadvisorFamilies(usages: readonly FunctionUsage[]): MetricFamily[] {
  const each = (value: (u: FunctionUsage) => number): Sample[] =>
    usages.map((u) => ({ labels: containerLabels(u), value: value(u) }));
  return [
    {
      name: 'container_cpu_usage_seconds_total',
      help: 'Cumulative cpu time consumed in seconds.',
      type: 'counter',
      samples: each((u) => u.cpuSeconds),
    },
    {
      name: 'container_memory_usage_bytes',
      help: 'Current memory usage in bytes, including all memory regardless of when it was accessed',
      type: 'gauge',
      samples: each((u) => u.rssBytes),
    },
    {
      name: 'container_memory_working_set_bytes',
      help: 'Current working set in bytes.',
      type: 'gauge',
      samples: each((u) => u.rssBytes),
    },
  ];
}
