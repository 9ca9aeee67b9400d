import { HostsPanel } from '@/components/hosts/hosts-panel';

export const metadata = { title: 'Hosts · lb-web' };

export default function HostsPage() {
  return (
    <section className="page">
      <h1>Hosts</h1>
      <p className="muted">
        Two roles: the <strong>k3s</strong> host runs the gateway with the functions and Prometheus; the{' '}
        <strong>runner</strong> host runs the agent and the load driver. Provision sets both up, then verifies each
        role.
      </p>
      <HostsPanel />
    </section>
  );
}
