// A small figlet-like renderer: a built-in 5-row block font, so the `figlet` function
// returns real big-letter art without the figlet package (offline, no font files).
// Plain .mjs because function workers run under bare `node` (no tsx start-up cost).

/** @type {Record<string, string[]>} */
const FONT = {
  A: [' ### ', '#   #', '#####', '#   #', '#   #'],
  B: ['#### ', '#   #', '#### ', '#   #', '#### '],
  C: [' ####', '#    ', '#    ', '#    ', ' ####'],
  D: ['#### ', '#   #', '#   #', '#   #', '#### '],
  E: ['#####', '#    ', '#### ', '#    ', '#####'],
  F: ['#####', '#    ', '#### ', '#    ', '#    '],
  G: [' ####', '#    ', '#  ##', '#   #', ' ####'],
  H: ['#   #', '#   #', '#####', '#   #', '#   #'],
  I: ['#####', '  #  ', '  #  ', '  #  ', '#####'],
  J: ['#####', '   # ', '   # ', '#  # ', ' ##  '],
  K: ['#   #', '#  # ', '###  ', '#  # ', '#   #'],
  L: ['#    ', '#    ', '#    ', '#    ', '#####'],
  M: ['#   #', '## ##', '# # #', '#   #', '#   #'],
  N: ['#   #', '##  #', '# # #', '#  ##', '#   #'],
  O: [' ### ', '#   #', '#   #', '#   #', ' ### '],
  P: ['#### ', '#   #', '#### ', '#    ', '#    '],
  Q: [' ### ', '#   #', '# # #', '#  # ', ' ## #'],
  R: ['#### ', '#   #', '#### ', '#  # ', '#   #'],
  S: [' ####', '#    ', ' ### ', '    #', '#### '],
  T: ['#####', '  #  ', '  #  ', '  #  ', '  #  '],
  U: ['#   #', '#   #', '#   #', '#   #', ' ### '],
  V: ['#   #', '#   #', '#   #', ' # # ', '  #  '],
  W: ['#   #', '#   #', '# # #', '## ##', '#   #'],
  X: ['#   #', ' # # ', '  #  ', ' # # ', '#   #'],
  Y: ['#   #', ' # # ', '  #  ', '  #  ', '  #  '],
  Z: ['#####', '   # ', '  #  ', ' #   ', '#####'],
  0: [' ### ', '#  ##', '# # #', '##  #', ' ### '],
  1: ['  #  ', ' ##  ', '  #  ', '  #  ', ' ### '],
  2: [' ### ', '#   #', '  ## ', ' #   ', '#####'],
  3: ['#### ', '    #', ' ### ', '    #', '#### '],
  4: ['#   #', '#   #', '#####', '    #', '    #'],
  5: ['#####', '#    ', '#### ', '    #', '#### '],
  6: [' ### ', '#    ', '#### ', '#   #', ' ### '],
  7: ['#####', '    #', '   # ', '  #  ', '  #  '],
  8: [' ### ', '#   #', ' ### ', '#   #', ' ### '],
  9: [' ### ', '#   #', ' ####', '    #', ' ### '],
  ' ': ['   ', '   ', '   ', '   ', '   '],
  '!': ['#', '#', '#', ' ', '#'],
  '?': [' ### ', '#   #', '  ## ', '     ', '  #  '],
  '.': [' ', ' ', ' ', ' ', '#'],
  ',': ['  ', '  ', '  ', ' #', '# '],
  ':': [' ', '#', ' ', '#', ' '],
  '-': ['    ', '    ', '####', '    ', '    '],
  _: ['     ', '     ', '     ', '     ', '#####'],
  "'": ['#', '#', ' ', ' ', ' '],
};

export const FONT_HEIGHT = 5;
/** Characters per rendered row, so output stays within 80 columns. */
export const MAX_CHARS_PER_ROW = 13;
/** Longer input is cut: a function must answer in bounded time and size. */
export const MAX_INPUT_CHARS = 256;

/** Renders text as block letters; unknown characters print as '?', empty input as "hello". */
export function renderFiglet(input) {
  const text =
    String(input ?? '')
      .trim()
      .slice(0, MAX_INPUT_CHARS) || 'hello';
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    const chars = [...line.toUpperCase()];
    for (let i = 0; i < Math.max(chars.length, 1); i += MAX_CHARS_PER_ROW) {
      const glyphs = chars.slice(i, i + MAX_CHARS_PER_ROW).map((c) => FONT[c] ?? FONT['?']);
      for (let row = 0; row < FONT_HEIGHT; row++) {
        out.push(
          glyphs
            .map((g) => g[row])
            .join(' ')
            .trimEnd(),
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}
