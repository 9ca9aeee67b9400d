import { RunsTable } from '@/components/runs/runs-table';

export const metadata = { title: 'Runs · lb-web' };

export default function RunsPage() {
  return (
    <section className="page">
      <div className="page-head">
        <h1>Runs</h1>
        <a className="button primary" href="/runs/new">
          New run
        </a>
      </div>
      <RunsTable />
    </section>
  );
}
