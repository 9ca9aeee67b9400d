import { describe, expect, it } from 'vitest';
import { FONT_HEIGHT, MAX_CHARS_PER_ROW, renderFiglet } from './figlet.mjs';

describe('renderFiglet', () => {
  it('renders each character as a block glyph five rows high', () => {
    expect(renderFiglet('HI')).toBe(
      ['#   # #####', '#   #   #', '#####   #', '#   #   #', '#   # #####', ''].join('\n'),
    );
  });

  it('renders "hello" for an empty body, and is case-insensitive', () => {
    expect(renderFiglet('')).toBe(renderFiglet('HELLO'));
    expect(renderFiglet('  \n')).toBe(renderFiglet('hello'));
  });

  it('prints unknown characters as a question mark', () => {
    expect(renderFiglet('é')).toBe(renderFiglet('?'));
  });

  it('wraps long lines so the art stays within 80 columns', () => {
    const art = renderFiglet('W'.repeat(MAX_CHARS_PER_ROW * 2 + 1));
    const rows = art.split('\n');
    expect(rows.length).toBe(3 * (FONT_HEIGHT + 1)); // three blocks, each followed by a blank line
    expect(Math.max(...rows.map((r) => r.length))).toBeLessThanOrEqual(80);
  });
});
