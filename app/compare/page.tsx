// /compare?a=<run|file.duckdb>&b=<run|file.duckdb>&tol=10: B against A (A defaults to the
// baseline of B's workload). Thin: the page reads its address; components/compare does the rest.
import { CompareView } from '@/components/compare/compare-view';

export const metadata = { title: 'Compare · lb-web' };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ComparePage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const tol = Number(first(sp.tol));
  return (
    <section className="page">
      <div className="page-head">
        <h1>Compare</h1>
      </div>
      <CompareView a={first(sp.a)} b={first(sp.b)} tol={Number.isFinite(tol) && tol >= 0 ? tol : undefined} />
    </section>
  );
}
