/** Expands a VS Code snippet body with its defaults: placeholders take their default text, choices their first option, tabstops and variables nothing. */
export function expandSnippet(body: string): string {
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    // Only `$`, `}` and `\` can be escaped; any other backslash is literal (a line continuation stays).
    if (c === '\\' && (body[i + 1] === '$' || body[i + 1] === '}' || body[i + 1] === '\\')) {
      out += body[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      if (body[i + 1] === '{') {
        const close = matchingBrace(body, i + 1);
        const inner = body.slice(i + 2, close);
        i = close + 1;
        const colon = inner.indexOf(':');
        const pipe = inner.indexOf('|');
        if (pipe > 0 && (colon < 0 || pipe < colon)) out += inner.slice(pipe + 1, inner.lastIndexOf('|')).split(',')[0];
        else if (colon > 0) out += expandSnippet(inner.slice(colon + 1));
        continue;
      }
      let j = i + 1;
      while (j < body.length && /[A-Za-z0-9_]/.test(body[j])) j++;
      if (j > i + 1) {
        i = j;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length;
}
