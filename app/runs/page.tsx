import Link from 'next/link';
import { RunsTable } from '@/components/runs/runs-table';

export const metadata = { title: 'Runs · lb-web' };

export default function RunsPage() {
  return (
    <section className="page">
      <div className="page-head">
        <h1>Runs</h1>
        <Link className="button primary" href="/runs/new">
          New run
        </Link>
      </div>
      <RunsTable manage />
    </section>
  );
}
