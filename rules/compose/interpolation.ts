/**
 * Compose variable interpolation as compose-go reads it: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a
 * literal `$`. A braced expression ends at the first `}` that closes it, counting nested `${`
 * (as compose-go's getFirstBraceClosingIndex does), so `${A:-${B}}` is one expression whose
 * argument is `${B}`. Anything else after `$` (`$1`, `$ `, `${ A }`, an unclosed `${`) is left
 * as literal text here; Compose itself rejects the malformed braced forms.
 *
 * A hand-written scanner: linear, no regular expressions.
 */

export type InterpolationOp = '' | ':-' | '-' | ':?' | '?' | ':+' | '+';

export interface Interpolation {
  name: string;
  op: InterpolationOp;
  /** The text after the operator (default, error message or alternative), raw. */
  arg?: string;
  /** Offsets in the string: `s.slice(start, end)` is the whole `$...` expression. */
  start: number;
  end: number;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; // a-z A-Z _
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

const DOLLAR = 36;
const OPEN = 123;
const CLOSE = 125;
const COLON = 58;

/**
 * For every `${` in `s`, the index of the `}` that closes it, counting nested `${` (compose-go's
 * getFirstBraceClosingIndex, computed for all of them in one pass with a stack).
 */
function closingBraces(s: string): Int32Array {
  const closes = new Int32Array(s.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === DOLLAR && s.charCodeAt(i + 1) === OPEN) {
      open.push(i);
      i++;
    } else if (c === CLOSE && open.length > 0) {
      closes[open.pop()!] = i;
    }
  }
  return closes;
}

/** The top-level interpolations of `s`, in order (nested ones stay inside `arg`). */
export function interpolations(s: string): Interpolation[] {
  const out: Interpolation[] = [];
  let closes: Int32Array | undefined;
  let i = s.indexOf('$');
  while (i >= 0 && i < s.length) {
    const next = s.charCodeAt(i + 1);
    if (next === DOLLAR) {
      i = s.indexOf('$', i + 2); // `$$` is an escaped `$`
      continue;
    }
    if (isNameStart(next)) {
      let j = i + 2;
      while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
      out.push({ name: s.slice(i + 1, j), op: '', start: i, end: j });
      i = s.indexOf('$', j);
      continue;
    }
    if (next === OPEN) {
      closes ??= closingBraces(s);
      const parsed = parseBraced(s, i, closes);
      if (parsed) {
        out.push(parsed);
        i = s.indexOf('$', parsed.end);
        continue;
      }
    }
    i = s.indexOf('$', i + 1);
  }
  return out;
}

function parseBraced(s: string, start: number, closes: Int32Array): Interpolation | undefined {
  const nameStart = start + 2;
  if (!isNameStart(s.charCodeAt(nameStart))) return undefined;
  let j = nameStart + 1;
  while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
  const name = s.slice(nameStart, j);
  const c = s.charCodeAt(j);
  if (c === CLOSE) return { name, op: '', start, end: j + 1 };
  let op: InterpolationOp;
  let argStart: number;
  const opChar = c === COLON ? s[j + 1] : s[j];
  if (opChar !== '-' && opChar !== '?' && opChar !== '+') return undefined;
  if (c === COLON) {
    op = (':' + opChar) as InterpolationOp;
    argStart = j + 2;
  } else {
    op = opChar;
    argStart = j + 1;
  }
  const close = closes[start];
  if (close < 0) return undefined;
  return { name, op, arg: s.slice(argStart, close), start, end: close + 1 };
}

export type ValueClass = 'literal' | 'external' | 'fallback';

/** Nesting deeper than this is not followed (real files nest one or two levels). */
const MAX_NESTING = 8;

/** The hard-coded text an interpolation falls back to, if it has one (recursing into nested defaults). */
function hardCoded(part: Interpolation, depth = 0): string | undefined {
  if (part.op !== ':-' && part.op !== '-' && part.op !== ':+' && part.op !== '+') return undefined;
  const arg = part.arg ?? '';
  if (arg === '' || depth >= MAX_NESTING) return undefined;
  const inner = interpolations(arg);
  if (inner.length === 0) return arg.replaceAll('$$', '$');
  for (const p of inner) {
    const h = hardCoded(p, depth + 1);
    if (h !== undefined) return h;
  }
  return undefined;
}

/**
 * Where a string's value comes from:
 * - 'literal': no interpolation at all (`$$` escapes included), the value is written in the file;
 * - 'fallback': it comes from a variable but has a hard-coded default (`${PASSWORD:-changeme}`,
 *   `${X-changeme}`) or alternative (`${X:+value}`), anywhere in the string;
 * - 'external': it comes from variables only (`${VAR}`, `$VAR`, `${VAR:?msg}`, `prefix-${VAR}`).
 */
export function classifyValue(s: string): ValueClass {
  const parts = interpolations(s);
  if (parts.length === 0) return 'literal';
  return parts.some((p) => hardCoded(p) !== undefined) ? 'fallback' : 'external';
}

/** The hard-coded default of the first interpolation that has one (`changeme` in `${PW:-changeme}`). */
export function fallbackOf(s: string): string | undefined {
  for (const p of interpolations(s)) {
    const h = hardCoded(p);
    if (h !== undefined) return h;
  }
  return undefined;
}

/** True when Compose would substitute something in `s` (so its final value is unknown here). */
export function hasInterpolation(s: string): boolean {
  return s.includes('$') && interpolations(s).length > 0;
}
