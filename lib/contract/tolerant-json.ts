// JSON written by Python may hold bare NaN / Infinity / -Infinity tokens (json.dumps
// default). They are replaced by null outside string literals, then parsed normally.

/** Rewrites bare NaN/Infinity tokens outside strings to `null`. */
export function sanitizeNonFiniteTokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
      continue;
    }
    if (text.startsWith('-Infinity', i)) {
      out += 'null';
      i += 8;
      continue;
    }
    if (text.startsWith('Infinity', i)) {
      out += 'null';
      i += 7;
      continue;
    }
    out += ch;
  }
  return out;
}

/** JSON.parse, or undefined for text that is not JSON (the caller's schema then says why). */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON.parse that accepts Python's bare NaN/Infinity (read as null). */
export function parseTolerantJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(sanitizeNonFiniteTokens(text));
  }
}
