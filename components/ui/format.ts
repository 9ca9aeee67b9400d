// Display formatting shared by the run, runs and hosts pages. Pure, so it is unit-tested.

/** 4.2 → "4.2s", 65 → "1m 05s", 3725 → "1h 02m"; null/NaN → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Epoch milliseconds → local "HH:MM:SS.mmm" (event log); 0/invalid → "—". */
export function formatClock(ms: number | null | undefined, withMillis = true): string {
  if (!ms || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** Epoch milliseconds → local "YYYY-MM-DD HH:MM:SS". */
export function formatDateTime(ms: number | null | undefined): string {
  if (!ms || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(ms, false)}`;
}

/** A number for a table or tooltip: fixed decimals, "—" for null/NaN (Python NaN arrives as null). */
export function formatNumber(v: number | null | undefined, digits = 1): string {
  return v == null || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** 0.987 → "98.7%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  return fraction == null || !Number.isFinite(fraction) ? '—' : `${(fraction * 100).toFixed(digits)}%`;
}
