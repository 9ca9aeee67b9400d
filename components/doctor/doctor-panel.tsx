'use client';
// The doctor report from `doctor.check`, re-checked on demand (after installing a fix).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc/client';
import { DoctorItemRow } from './doctor-item-row';

export function DoctorPanel() {
  const trpc = useTRPC();
  const q = useQuery(trpc.doctor.check.queryOptions(undefined, { refetchOnWindowFocus: false }));
  const report = q.data;
  return (
    // Same page/panel/table classes as the other pages: unstyled, this page looked broken.
    <section aria-labelledby="doctor-title" className="page">
      <div className="page-head">
        <h1 id="doctor-title">Doctor</h1>
        <button type="button" className="button" onClick={() => void q.refetch()} disabled={q.isFetching}>
          {q.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <p className="muted">
        What this machine has for lb-web. Missing required items break the local provider; the others are needed only
        for Multipass, real k6 or the browser tests. The same list: <code>lb-web doctor</code>.
      </p>
      {q.error && (
        <p role="alert" className="error-box">
          Could not run the checks: {q.error.message}
        </p>
      )}
      {report && (
        <>
          <p role="status" data-ready={report.ok ? 'true' : 'false'} className={report.ok ? 'ok-box' : 'error-box'}>
            {report.ok
              ? `Ready for the local provider${report.items.some((i) => !i.ok) ? ' (some optional items are missing)' : ''}.`
              : `${report.items.filter((i) => !i.ok && i.required).length} required item(s) missing: see the fixes below.`}{' '}
            Checked {new Date(report.checkedAt).toLocaleTimeString()}.
          </p>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">Item</th>
                  <th scope="col">Found / fix</th>
                  <th scope="col">Needed for</th>
                </tr>
              </thead>
              <tbody>
                {report.items.map((item) => (
                  <DoctorItemRow key={item.id} item={item} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
