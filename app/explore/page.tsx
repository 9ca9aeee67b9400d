// /explore?src=<artifact URL>&compare=<artifact URL>: the DuckDB explorer. Thin on purpose:
// the page only reads its address; the explorer runs entirely in the browser.
import ExplorerShell from '@/components/explorer/explorer-shell';

export const metadata = { title: 'Explore · lb-web' };

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function ExplorePage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  return <ExplorerShell src={first(sp.src)} compare={first(sp.compare)} />;
}
