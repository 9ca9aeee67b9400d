import Link from 'next/link';
import { ActiveRuns } from '@/components/home/active-runs';
import { CapacityTrend } from '@/components/home/capacity-trend';
import { HostsOverview } from '@/components/home/hosts-overview';
import { RunsTable } from '@/components/runs/runs-table';

export default function Home() {
  return (
    <section className="page overview">
      <h1>Overview</h1>
      <ActiveRuns />
      <HostsOverview />
      <section aria-labelledby="latest-h" className="overview-section">
        <h2 id="latest-h">
          Latest runs{' '}
          <Link href="/runs" className="small-link">
            all runs
          </Link>
        </h2>
        <RunsTable limit={5} />
      </section>
      <CapacityTrend />
    </section>
  );
}
