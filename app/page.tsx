import Link from 'next/link';
import { RunsTable } from '@/components/runs/runs-table';
import { HostsSummary } from '@/components/hosts/hosts-summary';

export default function Home() {
  return (
    <section className="page">
      <h1>lb-web</h1>
      <p>
        PEVA-FAAS benchmark dashboard: provision the hosts, start a run, watch its LB_EVENTs live, stop it at any
        moment, then explore the DuckDB memory file it fetched.
      </p>
      <ol className="steps">
        <li>
          <Link href="/hosts">Hosts</Link> — provision the k3s and runner roles and check every verification.
        </li>
        <li>
          <Link href="/runs/new">New run</Link> — pick a preset or build a configuration; Start.
        </li>
        <li>
          <Link href="/runs">Runs</Link> — live state, events, charts, Stop, artifacts.
        </li>
        <li>
          <Link href="/explore">Explore</Link> — open a run&apos;s DuckDB file in the browser.
        </li>
      </ol>
      <HostsSummary />
      <h2>Recent runs</h2>
      <RunsTable limit={5} />
    </section>
  );
}
