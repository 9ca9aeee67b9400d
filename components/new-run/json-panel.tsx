'use client';
// The config as lb's `plugin_settings.peva_faas` JSON (what Start sends), and an import box
// that accepts that block, `{"peva_faas": …}` or a whole lb config file.
import { useState } from 'react';
import { parseImport } from './form-model';

export function JsonPanel({ config, onImport }: { config: unknown; onImport: (config: unknown) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <details className="group" data-testid="json-panel">
      <summary>JSON (view / import lb&apos;s peva_faas settings)</summary>
      <div className="json-cols">
        <div>
          <h3>Current configuration</h3>
          <pre className="output" data-testid="config-json">
            {JSON.stringify(
              config,
              (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'NaN (not a number)' : v),
              2,
            )}
          </pre>
        </div>
        <div>
          <label htmlFor="import-json">
            <h3>Import</h3>
          </label>
          <textarea
            id="import-json"
            rows={12}
            value={text}
            placeholder='{"plugin_settings": {"peva_faas": {"functions": [{"name": "figlet"}], "duration": "1m"}}}'
            onChange={(e) => {
              setText(e.target.value);
              setDone(false);
            }}
            aria-describedby="import-json-msg"
          />
          <button
            type="button"
            className="button"
            onClick={() => {
              const r = parseImport(text);
              if (!r.ok) {
                setError(r.error);
                setDone(false);
                return;
              }
              setError(null);
              setDone(true);
              onImport(r.config);
            }}
          >
            Import into the form
          </button>
          <p id="import-json-msg" className={error ? 'field-error' : 'muted'} role={error ? 'alert' : undefined}>
            {error ?? (done ? 'Imported: check the fields above (errors are shown beside them).' : '')}
          </p>
        </div>
      </div>
    </details>
  );
}
