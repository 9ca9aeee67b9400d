import { PRESETS, type Preset } from './presets';

export function PresetPicker({ current, onPick }: { current: string | null; onPick: (p: Preset) => void }) {
  return (
    <fieldset className="presets">
      <legend>Presets</legend>
      {PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`button preset${current === p.id ? ' selected' : ''}`}
          aria-pressed={current === p.id}
          onClick={() => onPick(p)}
          data-testid={`preset-${p.id}`}
          title={p.description}
        >
          {p.label}
          <small>{p.description}</small>
        </button>
      ))}
    </fieldset>
  );
}
