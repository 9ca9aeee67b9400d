'use client';
// System → light → dark, remembered in this browser. "System" follows the OS setting live.
// The choice lives in localStorage, read through useSyncExternalStore: the server renders
// "system", the browser its stored choice, without a hydration mismatch.
import { useEffect, useSyncExternalStore } from 'react';
import { readChoice, resolveTheme, THEME_CHOICES, THEME_KEY, type ThemeChoice } from './theme';

const LABEL: Record<ThemeChoice, string> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' };
const CHANGED = 'lbweb-theme-change';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

const storedChoice = (): ThemeChoice => readChoice(localStorage.getItem(THEME_KEY));

function apply(choice: ThemeChoice): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = resolveTheme(choice, dark);
}

export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, storedChoice, () => 'system' as const);
  useEffect(() => {
    apply(choice);
    if (choice !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => apply('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [choice]);
  const next = () => {
    const n = THEME_CHOICES[(THEME_CHOICES.indexOf(choice) + 1) % THEME_CHOICES.length]!;
    localStorage.setItem(THEME_KEY, n);
    window.dispatchEvent(new Event(CHANGED));
  };
  return (
    <button
      type="button"
      className="theme-toggle"
      onClick={next}
      data-testid="theme-toggle"
      data-choice={choice}
      title="Colour theme: follow the system, or light, or dark"
    >
      {LABEL[choice]}
    </button>
  );
}
