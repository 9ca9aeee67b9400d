import { describe, expect, it } from 'vitest';
import { formatLbEvent, parseLbEventLine } from '@/lib/contract/lb-event';
import { parseTolerantJson } from '@/lib/contract/tolerant-json';

const base = {
  run_id: 'run-1',
  host: 'runner',
  workload: 'peva_faas',
  repetition: 1,
  total_repetitions: 1,
  status: 'running',
};

describe('parseLbEventLine', () => {
  it('round-trips a formatted event and fills lb defaults', () => {
    const r = parseLbEventLine(formatLbEvent(base));
    expect(r.kind).toBe('event');
    if (r.kind !== 'event') return;
    expect(r.event).toMatchObject({ ...base, message: '', type: 'status', level: 'INFO', timestamp: 0 });
  });

  it('ignores text before the token (timestamps, Ansible prefixes)', () => {
    const r = parseLbEventLine(`2024-01-01 12:00:00 ok: [host] => LB_EVENT ${JSON.stringify(base)}`);
    expect(r.kind).toBe('event');
  });

  it('accepts escaped quotes of an Ansible message', () => {
    const inner = JSON.stringify(base).replace(/"/g, '\\"');
    const r = parseLbEventLine(`"msg": "LB_EVENT ${inner}"`);
    expect(r.kind).toBe('event');
    if (r.kind === 'event') expect(r.event.run_id).toBe('run-1');
  });

  it('decodes an event whose own message has quotes and backslashes inside an Ansible JSON string', () => {
    // Ansible prints `{"msg": "LB_EVENT {…}"}`: one level of JSON string escaping over the
    // whole event, so the message's own \" arrives as \\\" and its \\ as \\\\.
    const event = { ...base, message: 'say "hi" to C:\\dir', data: { x: NaN } };
    const inner = JSON.stringify(event).replace('{"x":null}', '{"x":NaN}');
    const line = `ok: [runner] => ${JSON.stringify({ msg: `LB_EVENT ${inner}`, changed: false })}`;
    const r = parseLbEventLine(line);
    expect(r.kind).toBe('event');
    if (r.kind === 'event') {
      expect(r.event.message).toBe('say "hi" to C:\\dir');
      expect(r.event.data).toEqual({ x: null });
    }
  });

  it('accepts bare NaN and Infinity written by Python', () => {
    const r = parseLbEventLine(
      `LB_EVENT {"run_id":"r","host":"h","workload":"w","status":"done","data":{"x":NaN,"y":-Infinity}}`,
    );
    expect(r.kind).toBe('event');
    if (r.kind === 'event') expect(r.event.data).toEqual({ x: null, y: null });
  });

  it('reports malformed lines with a reason instead of throwing', () => {
    expect(parseLbEventLine('LB_EVENT {not json').kind).toBe('malformed');
    const missing = parseLbEventLine('LB_EVENT {"host":"h"}');
    expect(missing).toMatchObject({ kind: 'malformed' });
    if (missing.kind === 'malformed') expect(missing.reason).toMatch(/workload/);
    expect(parseLbEventLine('LB_EVENT {"workload":"w","status":"running","repetition":"two"}').kind).toBe('malformed');
  });

  it("is as lenient as lb's parser: no run_id or host, and a repetition written as a string", () => {
    const r = parseLbEventLine('LB_EVENT {"workload":"peva_faas","status":"done","repetition":"2"}');
    expect(r).toMatchObject({ kind: 'event', event: { run_id: '', host: '', repetition: 2, status: 'done' } });
  });

  it('returns none for lines without the token', () => {
    expect(parseLbEventLine('PLAY [all] ****').kind).toBe('none');
  });

  it('keeps extra fields (seq, phase, data)', () => {
    const r = parseLbEventLine(
      formatLbEvent({ ...base, seq: 7, phase: 'load', data: { rps: 3 }, custom: 'x' } as never),
    );
    if (r.kind !== 'event') throw new Error('expected event');
    expect(r.event).toMatchObject({ seq: 7, phase: 'load', data: { rps: 3 }, custom: 'x' });
  });
});

describe('parseTolerantJson', () => {
  it('leaves NaN inside strings alone', () => {
    expect(parseTolerantJson('{"a":"NaN","b":NaN}')).toEqual({ a: 'NaN', b: null });
  });
});
