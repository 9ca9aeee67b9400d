'use client';
// The config as lb's `plugin_settings.peva_faas` JSON (what Start sends), and an import box
// that accepts that block, `{"peva_faas": …}`, a whole lb config file or lb's YAML layout —
// pasted, or chosen as a .json / .yaml file.
import { useState } from 'react';
import { parseImport } from './form-model';

export function JsonPanel({ config, onImport }: { config: unknown; onImport: (config: unknown) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[] | null>(null);

  const importText = (t: string) => {
    const r = parseImport(t);
    if (!r.ok) {
      setError(r.error);
      setNotes(null);
      return;
    }
    setError(null);
    setNotes(r.notes);
    onImport(r.config);
  };

  return (
    <details className="group" data-testid="json-panel">
      <summary>JSON (view / import lb&apos;s peva_faas settings, JSON or YAML)</summary>
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
              setNotes(null);
            }}
            aria-describedby="import-json-msg"
          />
          <div className="actions">
            <button type="button" className="button" onClick={() => importText(text)}>
              Import into the form
            </button>
            <label className="button">
              Import a file…
              <input
                type="file"
                hidden
                data-testid="import-file"
                accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
                onChange={(e) => {
                  const input = e.currentTarget;
                  const file = input.files?.[0];
                  input.value = ''; // choosing the same file again still imports it
                  if (!file) return;
                  void file.text().then(
                    (t) => {
                      setText(t);
                      importText(t);
                    },
                    (err: Error) => {
                      setError(`cannot read ${file.name}: ${err.message}`);
                      setNotes(null);
                    },
                  );
                }}
              />
            </label>
          </div>
          <div id="import-json-msg" role={error ? 'alert' : undefined}>
            {error ? (
              <p className="field-error">{error}</p>
            ) : notes ? (
              <>
                <p className="muted">Imported: check the fields above (errors are shown beside them).</p>
                {notes.length > 0 && (
                  <ul className="muted" data-testid="import-notes">
                    {notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                )}
              </>
            ) : null}
          </div>
        </div>
      </div>
    </details>
  );
}
