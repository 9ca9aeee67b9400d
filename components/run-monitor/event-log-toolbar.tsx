import { memo } from 'react';
import { LEVELS, type EventFilter, type MinLevel, type TypeFilter } from '@/lib/run-digest/event-filter';
import type { LogMode } from './event-row';

export interface ToolbarProps {
  filter: EventFilter;
  onFilter: (f: EventFilter) => void;
  mode: LogMode;
  onMode: (m: LogMode) => void;
  follow: boolean;
  onFollow: (f: boolean) => void;
}

// Memoised: the log re-renders on every frame of a live run, its controls only when they change.
export const EventLogToolbar = memo(function EventLogToolbar({
  filter,
  onFilter,
  mode,
  onMode,
  follow,
  onFollow,
}: ToolbarProps) {
  return (
    <div className="toolbar" role="toolbar" aria-label="Event log controls">
      <label>
        Level{' '}
        <select
          value={filter.minLevel}
          onChange={(e) => onFilter({ ...filter, minLevel: e.target.value as MinLevel })}
          data-testid="level-filter"
        >
          <option value="ALL">all</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              ≥ {l}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type{' '}
        <select
          value={filter.type}
          onChange={(e) => onFilter({ ...filter, type: e.target.value as TypeFilter })}
          data-testid="type-filter"
        >
          <option value="all">all</option>
          <option value="status">status</option>
          <option value="log">log</option>
          <option value="metric">metric</option>
        </select>
      </label>
      <label className="grow">
        Search{' '}
        <input
          type="search"
          value={filter.search}
          placeholder="message, host, config id…"
          onChange={(e) => onFilter({ ...filter, search: e.target.value })}
          data-testid="log-search"
        />
      </label>
      <fieldset className="segmented">
        <legend className="sr-only">View</legend>
        {(['summary', 'raw'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="log-mode" value={m} checked={mode === m} onChange={() => onMode(m)} />
            {m === 'summary' ? 'Summary' : 'Raw JSON'}
          </label>
        ))}
      </fieldset>
      <label>
        <input
          type="checkbox"
          checked={follow}
          onChange={(e) => onFollow(e.target.checked)}
          data-testid="follow-tail"
        />{' '}
        Follow tail
      </label>
    </div>
  );
});
