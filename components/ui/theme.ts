// The colour theme: the user's choice (system, light, dark) kept in localStorage, applied as
// <html data-theme="light|dark">. The same resolution runs in the inline script of the layout
// (before the first paint, so a dark page never flashes light) and in the toggle.
export const THEME_KEY = 'lbweb-theme';
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export function readChoice(stored: string | null): ThemeChoice {
  return (THEME_CHOICES as readonly string[]).includes(stored ?? '') ? (stored as ThemeChoice) : 'system';
}

export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
}

/** The inline script of the layout: no imports there, so the same rules written out once more. */
export const THEME_BOOT_SCRIPT = `(function(){try{var c=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(c!=='light'&&c!=='dark')c=matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';document.documentElement.dataset.theme=c}catch(e){}})()`;
