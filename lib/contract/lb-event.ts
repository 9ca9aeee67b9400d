// LB_EVENT lines (FORMATS.md §2): the token, one space, one JSON object per line.
import { z } from 'zod';
import { parseTolerantJson } from './tolerant-json';

export const LB_EVENT_TOKEN = 'LB_EVENT';

export const EventStatusSchema = z.enum(['running', 'done', 'failed', 'stopped', 'skipped']);
export type EventStatus = z.infer<typeof EventStatusSchema>;

/** lb reads repetitions written as numbers or as numeric strings ("2"). */
const Repetition = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/**
 * lb's payload, plus our optional extras (seq, phase, config_id, iteration, data). As lenient
 * as lb's parser: only workload and status are required; a missing run_id or host is filled
 * in by whoever ingests the line (the run, the host it came from).
 */
export const LbEventSchema = z.looseObject({
  run_id: z.string().default(''),
  host: z.string().default(''),
  workload: z.string(),
  repetition: Repetition.default(1),
  total_repetitions: Repetition.default(1),
  status: z.string(),
  message: z
    .string()
    .nullish()
    .transform((m) => m ?? ''),
  timestamp: z
    .number()
    .nullish()
    .transform((t) => t ?? 0),
  type: z
    .string()
    .nullish()
    .transform((t) => t ?? 'status'),
  level: z
    .string()
    .nullish()
    .transform((l) => l ?? 'INFO'),
  error_type: z.string().nullish(),
  error_context: z.unknown().nullish(),
  logger: z.string().optional(),
  seq: z.number().int().optional(),
  phase: z.string().optional(),
  config_id: z.string().optional(),
  iteration: z.number().int().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type LbEvent = z.infer<typeof LbEventSchema>;
export type LbEventInput = z.input<typeof LbEventSchema>;

export type ParseResult =
  { kind: 'event'; event: LbEvent } | { kind: 'malformed'; line: string; reason: string } | { kind: 'none' };

function tryParsePayload(raw: string): unknown {
  try {
    return parseTolerantJson(raw);
  } catch {
    // Ansible prints the line inside a JSON string: quotes arrive escaped (\").
    // One pass, left to right: `\"` becomes `"` and `\\` becomes `\`.
    const unescaped = raw.replace(/\\(["\\])/g, '$1');
    return parseTolerantJson(unescaped);
  }
}

/** Extracts the first balanced {...} after the token (text may follow it, e.g. Ansible's `"`). */
function sliceJsonObject(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/**
 * When the token sits inside a JSON string (Ansible's `"msg": "LB_EVENT {…}"`), the event is
 * escaped exactly once: decode that string literal (up to its closing unescaped quote) the
 * way JSON does. The blunt `\"` → `"` replacement below cannot, when the event's own message
 * holds quotes or backslashes (they arrive as `\\\"` and `\\\\`).
 */
function decodeEnclosingJsonString(rest: string): string | undefined {
  let end = -1;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') i++;
    else if (rest[i] === '"') {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  try {
    return JSON.parse(`"${rest.slice(0, end)}"`) as string;
  } catch {
    return undefined;
  }
}

/** Parses one line: text before the token is ignored; a line without the token is 'none'. */
export function parseLbEventLine(line: string): ParseResult {
  const at = line.indexOf(LB_EVENT_TOKEN);
  if (at < 0) return { kind: 'none' };
  const rest = line.slice(at + LB_EVENT_TOKEN.length).trim();
  let payload: unknown;
  try {
    payload = tryParsePayload(rest);
  } catch {
    // Escaped JSON embedded in a larger string: decode that string, else take the balanced
    // object with its quotes unescaped.
    const candidates = [decodeEnclosingJsonString(rest), rest.replace(/\\"/g, '"')];
    for (const text of candidates) {
      const obj = text === undefined ? null : sliceJsonObject(text);
      try {
        payload = obj ? parseTolerantJson(obj) : undefined;
      } catch {
        payload = undefined;
      }
      if (payload !== undefined) break;
    }
    if (payload === undefined) return { kind: 'malformed', line, reason: 'payload is not valid JSON' };
  }
  const parsed = LbEventSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'malformed', line, reason: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}` };
  }
  return { kind: 'event', event: parsed.data };
}

/** Formats an event as one LB_EVENT line (no trailing newline). Non-finite numbers become null. */
export function formatLbEvent(event: LbEventInput): string {
  return `${LB_EVENT_TOKEN} ${JSON.stringify(event, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}`;
}

/** A stable identity for dedupe of duplicated lines (lb may print an event twice). */
export function eventIdentity(e: LbEvent): string {
  return JSON.stringify([
    e.run_id,
    e.host,
    e.workload,
    e.repetition,
    e.status,
    e.type,
    e.timestamp,
    e.message,
    e.config_id ?? null,
    e.iteration ?? null,
  ]);
}
