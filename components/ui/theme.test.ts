import { describe, expect, it } from 'vitest';
import { readChoice, resolveTheme, THEME_BOOT_SCRIPT } from './theme';

describe('theme', () => {
  it('follows the system unless light or dark was chosen; anything else stored reads as system', () => {
    expect(resolveTheme(readChoice(null), true)).toBe('dark');
    expect(resolveTheme(readChoice('garbage'), false)).toBe('light');
    expect(resolveTheme(readChoice('light'), true)).toBe('light');
    expect(resolveTheme(readChoice('dark'), false)).toBe('dark');
  });

  it('the boot script applies the same rules before the first paint', () => {
    for (const [stored, prefersDark, want] of [
      [null, true, 'dark'],
      ['light', true, 'light'],
      ['dark', false, 'dark'],
      ['x', false, 'light'],
    ] as const) {
      const root = { dataset: {} as Record<string, string> };
      const run = new Function('localStorage', 'matchMedia', 'document', THEME_BOOT_SCRIPT);
      run({ getItem: () => stored }, () => ({ matches: prefersDark }), { documentElement: root });
      expect(root.dataset.theme).toBe(want);
    }
  });
});
