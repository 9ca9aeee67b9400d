// Whether lb-web's config schema has a field at a dotted path, so a config case can tell
// "lb-web lacks this field" (missing) from "lb-web has it with another value" (a failure).
import { PevaConfigSchema } from '@/lib/contract/peva-config';

/** The part of zod 4's internal definition this walk needs. */
interface ZodDefLike {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, ZodDefLike>;
      innerType?: ZodDefLike;
      element?: ZodDefLike;
      in?: ZodDefLike;
      options?: ZodDefLike[];
    };
  };
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

function unwrap(schema: ZodDefLike): ZodDefLike {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}

function knows(schema: ZodDefLike, keys: string[]): boolean {
  const s = unwrap(schema);
  const [head, ...rest] = keys;
  if (head === undefined) return true;
  const def = s._zod.def;
  if (def.type === 'union') return (def.options ?? []).some((o) => knows(o, keys));
  if (def.type === 'array' && def.element) return knows(def.element, /^\d+$/.test(head) ? rest : keys);
  const child = def.type === 'object' ? def.shape?.[head] : undefined;
  return child !== undefined && knows(child, rest);
}

/** "memory.db_path" → true; "memory.preload_raw_debug" → false. */
export function schemaHasPath(path: string): boolean {
  return knows(PevaConfigSchema as unknown as ZodDefLike, path.split('.'));
}

/** Value at a dotted path of plain data (undefined when any step is absent). */
export function valueAt(data: unknown, path: string): unknown {
  let v: unknown = data;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
