import { describe, expect, it } from 'vitest';
import { currentLink } from './nav-links';

describe('currentLink', () => {
  it('marks the page a path belongs to, the most specific link first', () => {
    expect(currentLink('/')).toBe('/');
    expect(currentLink('/runs')).toBe('/runs');
    expect(currentLink('/runs/run-1')).toBe('/runs');
    expect(currentLink('/runs/new')).toBe('/runs/new');
    expect(currentLink('/explore')).toBe('/explore');
    expect(currentLink('/nowhere')).toBe('');
  });
});
