/**
 * The part of HCL expressions a linter can evaluate without running anything:
 * literals, lists, maps, templates over variables. Both readers (HCL and JSON) turn
 * their syntax into this small tree; everything else becomes `unknown`, and rules
 * never judge an unknown value.
 */

/** A piece of a template: literal text, a variable reference, or something not evaluated. */
export type TemplatePart = string | { ref: string } | { unknown: true };

export type Expr =
  | { k: 'template'; parts: TemplatePart[]; start: number; end: number }
  | { k: 'tuple'; items: Expr[]; start: number; end: number }
  | { k: 'object'; items: ObjectItem[]; start: number; end: number }
  | { k: 'literal'; value: number | boolean | null; start: number; end: number }
  | { k: 'ref'; name: string; start: number; end: number }
  | { k: 'unknown'; start: number; end: number };

export interface ObjectItem {
  /** The key as text; undefined when it is computed (`(var) = …`). */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  value: Expr;
}

/** What an expression evaluates to. `UNKNOWN` poisons whatever contains it. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Value = string | number | boolean | null | typeof UNKNOWN | Value[] | { [key: string]: Value };

/** Variables in scope: `variable` defaults and the current matrix values. */
export type Scope = (name: string) => Value;

export function evaluate(e: Expr, scope: Scope, depth = 0): Value {
  if (depth > 32) return UNKNOWN;
  switch (e.k) {
    case 'literal':
      return e.value;
    case 'ref':
      return scope(e.name);
    case 'tuple': {
      const out: Value[] = [];
      for (const item of e.items) out.push(evaluate(item, scope, depth + 1));
      return out;
    }
    case 'object': {
      const out: { [key: string]: Value } = {};
      for (const item of e.items) {
        if (item.key === undefined) return UNKNOWN;
        out[item.key] = evaluate(item.value, scope, depth + 1);
      }
      return out;
    }
    case 'template': {
      // HCL: a template that is one interpolation alone yields that value unconverted.
      if (e.parts.length === 1 && typeof e.parts[0] !== 'string') return partValue(e.parts[0], scope);
      let s = '';
      for (const p of e.parts) {
        const v = typeof p === 'string' ? p : partValue(p, scope);
        const text = scalarString(v);
        if (text === undefined) return UNKNOWN;
        s += text;
      }
      return s;
    }
    case 'unknown':
      return UNKNOWN;
  }
}

function partValue(p: { ref: string } | { unknown: true }, scope: Scope): Value {
  return 'ref' in p ? scope(p.ref) : UNKNOWN;
}

/** A scalar as bake converts it to a string; undefined for unknown, null, lists and maps. */
export function scalarString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A list of strings; `UNKNOWN` when any item is not known (a single string counts as a list of one, as `--set` does). */
export function stringList(v: Value): string[] | typeof UNKNOWN {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return UNKNOWN;
  const out: string[] = [];
  for (const item of v) {
    const s = scalarString(item);
    if (s === undefined) return UNKNOWN;
    out.push(s);
  }
  return out;
}

/** A map of strings (args, labels); null values mean "unset" and are dropped, as bake does. */
export function stringMap(v: Value): Record<string, string> | typeof UNKNOWN {
  if (v === null || v === UNKNOWN || typeof v !== 'object' || Array.isArray(v)) return UNKNOWN;
  const out: Record<string, string> = {};
  for (const [k, item] of Object.entries(v)) {
    if (item === null) continue;
    const s = scalarString(item);
    if (s === undefined) return UNKNOWN;
    out[k] = s;
  }
  return out;
}

/**
 * Splits a JSON string into template parts: `${NAME}` is a reference, any other `${…}`
 * or `%{…}` is unknown, `$${` and `%%{` are the escapes for literal `${` and `%{`.
 */
export function templateParts(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      lit += c + '{';
      i += 3;
      continue;
    }
    if ((c === '$' || c === '%') && s[i + 1] === '{') {
      const close = s.indexOf('}', i + 2);
      if (close < 0) {
        lit += s.slice(i);
        break;
      }
      if (lit) parts.push(lit);
      lit = '';
      const inner = s.slice(i + 2, close).trim();
      parts.push(c === '$' && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(inner) ? { ref: inner } : { unknown: true });
      i = close + 1;
      continue;
    }
    lit += c;
    i++;
  }
  if (lit || parts.length === 0) parts.push(lit);
  return parts;
}
