/** A pass/fail mark for a verification check (text, not colour alone). */
export function PassBadge({ ok }: { ok: boolean | null }) {
  if (ok === null) return <span className="badge badge-busy">running</span>;
  return (
    <span className={`badge ${ok ? 'badge-ok' : 'badge-bad'}`} data-pass={ok ? 'pass' : 'fail'}>
      {ok ? 'pass' : 'fail'}
    </span>
  );
}
