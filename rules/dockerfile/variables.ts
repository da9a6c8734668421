/**
 * Dockerfile variable substitution as BuildKit does it for ARG/ENV values and
 * instruction arguments: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:+alt}`, `${NAME+alt}`. Unknown variables are left as written so callers can
 * tell a resolved value from one that still depends on the build.
 */
export type VarLookup = (name: string) => string | undefined;

function isNameChar(c: string, first: boolean): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (!first && c >= '0' && c <= '9');
}

export function substitute(value: string, lookup: VarLookup): string {
  if (!value.includes('$')) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '\\' && value[i + 1] === '$') {
      out += '\\$';
      i += 2;
      continue;
    }
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    if (value[i + 1] === '{') {
      const close = findClose(value, i + 2);
      if (close < 0) {
        out += value.slice(i);
        break;
      }
      const body = value.slice(i + 2, close);
      out += expandBraced(body, lookup, value.slice(i, close + 1));
      i = close + 1;
      continue;
    }
    let j = i + 1;
    while (j < value.length && isNameChar(value[j], j === i + 1)) j++;
    if (j === i + 1) {
      out += c;
      i++;
      continue;
    }
    const name = value.slice(i + 1, j);
    const v = lookup(name);
    out += v !== undefined ? v : value.slice(i, j);
    i = j;
  }
  return out;
}

function findClose(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expandBraced(body: string, lookup: VarLookup, original: string): string {
  let n = 0;
  while (n < body.length && isNameChar(body[n], n === 0)) n++;
  const name = body.slice(0, n);
  const rest = body.slice(n);
  const v = lookup(name);
  if (rest === '') return v !== undefined ? v : original;
  const colon = rest.startsWith(':');
  const op = colon ? rest[1] : rest[0];
  const word = rest.slice(colon ? 2 : 1);
  const isSet = v !== undefined && (!colon || v !== '');
  if (op === '-') return isSet ? (v as string) : substitute(word, lookup);
  if (op === '+') return isSet ? substitute(word, lookup) : '';
  return v !== undefined ? v : original;
}
