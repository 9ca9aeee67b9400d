// Pretty-prints JSON text by re-indenting its tokens instead of parsing it: payloads
// written by Python hold bare NaN/Infinity, which JSON.parse rejects and which a
// parse-then-stringify would silently turn into null. Here they stay visible as written.

/** True when the text is worth pretty-printing (an object or array). */
export function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/**
 * Re-indents JSON-ish text (2 spaces). Strings are copied verbatim (escapes included);
 * empty `{}`/`[]` stay compact. Unbalanced or non-JSON text comes back as given.
 */
export function prettyJson(text: string, indent = '  '): string {
  if (!looksLikeJson(text)) return text;
  let out = '';
  let depth = 0;
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
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    const nl = () => '\n' + indent.repeat(Math.max(0, depth));
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      const next = nextNonSpace(text, i + 1);
      if (text[next] === close) {
        out += ch + close;
        i = next;
      } else {
        depth++;
        out += ch + nl();
      }
    } else if (ch === '}' || ch === ']') {
      depth--;
      out += nl() + ch;
    } else if (ch === ',') {
      out += ',' + nl();
    } else if (ch === ':') {
      out += ': ';
    } else {
      out += ch;
    }
  }
  // Unbalanced brackets or an unterminated string: not JSON, show the original.
  return depth === 0 && !inString ? out : text;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
