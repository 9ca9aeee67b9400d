import { describe, expect, it } from 'vitest';
import { column } from './event-row';

describe('event row columns', () => {
  it('pads to the width, right-aligned numbers, and cuts long text with an ellipsis', () => {
    expect(column('abc', 6)).toBe('abc   ');
    expect(column('42', 5, true)).toBe('   42');
    expect(column('a-very-long-host-name', 8)).toBe('a-very-…');
    expect(column('a-very-long-host-name', 8)).toHaveLength(8);
    expect(column('exactly8', 8)).toBe('exactly8');
  });
});
