import { describe, expect, it } from 'vitest';
import { looksLikeJson, prettyJson } from './json-pretty';

describe('prettyJson', () => {
  it('indents objects and arrays', () => {
    expect(prettyJson('{"a":1,"b":[1,2]}')).toBe('{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}');
  });

  it('keeps bare NaN / Infinity tokens as written by Python', () => {
    const out = prettyJson('{"metrics": {"cpu_usage_node": NaN, "x": -Infinity}}');
    expect(out).toContain('"cpu_usage_node": NaN');
    expect(out).toContain('"x": -Infinity');
  });

  it('copies strings verbatim, escapes and structural characters included', () => {
    const out = prettyJson('{"msg": "a, b: {c} \\"q\\" [d]"}');
    expect(out).toBe('{\n  "msg": "a, b: {c} \\"q\\" [d]"\n}');
  });

  it('keeps empty containers compact', () => {
    expect(prettyJson('{"a": {}, "b": [ ]}')).toBe('{\n  "a": {},\n  "b": []\n}');
  });

  it('returns non-JSON or unbalanced text unchanged', () => {
    expect(prettyJson('hello')).toBe('hello');
    expect(prettyJson('{"a": [1, 2}')).toBe('{"a": [1, 2}');
    expect(prettyJson('{"a": "unterminated')).toBe('{"a": "unterminated');
  });

  it('detects JSON-looking text', () => {
    expect(looksLikeJson('  [1]')).toBe(true);
    expect(looksLikeJson('abc')).toBe(false);
  });
});
