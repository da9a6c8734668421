/**
 * Where the parts of a `FROM` image reference are written: in the FROM itself, or in
 * the default of a global `ARG` it names (`ARG PY=3.12` … `FROM python:${PY}`). The
 * base-image rules point at, and rewrite, whichever text decides the tag.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Instr, Stage } from '../model';

/** A property of an ARG/ENV instruction with document offsets. */
export interface PropertySpan {
  name: string;
  nameStart: number;
  nameEnd: number;
  /** Unquoted value; null when the instruction gives none (`ARG X`). */
  value: string | null;
  /** Offsets of the value as written (quotes included); equal to nameEnd when there is none. */
  valueStart: number;
  valueEnd: number;
}

interface PropertyNode {
  getName(): string;
  getValue(): string | null;
  getNameRange(): { start: { line: number; character: number }; end: { line: number; character: number } };
  getValueRange(): { start: { line: number; character: number }; end: { line: number; character: number } } | null;
}

/**
 * The properties of an ARG/ENV instruction (none for other instructions). dockerfile-ast
 * reads `ARG A B=1` as one property; BuildKit declares several, so ARG words are split here.
 */
export function declarations(model: DockerfileModel, instr: Instr): PropertySpan[] {
  if (instr.keyword !== 'ARG' || instr.args.length <= 1) return properties(model, instr.node);
  const out: PropertySpan[] = [];
  const words = instr.args;
  for (let k = 0; k < words.length; k++) {
    const first = words[k];
    let end = first.end;
    // A quoted value with blanks spans several words: `C="d e"`.
    const eq = first.value.indexOf('=');
    const q = eq >= 0 ? first.value[eq + 1] : undefined;
    if ((q === '"' || q === "'") && !(first.value.length > eq + 2 && first.value.endsWith(q))) {
      while (k + 1 < words.length && !words[k].value.endsWith(q)) end = words[++k].end;
    }
    const nameEnd = eq >= 0 ? first.start + eq : first.end;
    const name = model.text.slice(first.start, nameEnd);
    if (!name) continue;
    const raw = eq >= 0 ? model.text.slice(nameEnd + 1, end) : null;
    out.push({ name, nameStart: first.start, nameEnd, value: raw === null ? null : unquote(raw), valueStart: eq >= 0 ? nameEnd + 1 : nameEnd, valueEnd: eq >= 0 ? end : nameEnd });
  }
  return out;
}

export function properties(model: DockerfileModel, node: Instruction): PropertySpan[] {
  const withProps = node as Instruction & { getProperties?: () => PropertyNode[] };
  if (typeof withProps.getProperties !== 'function') return [];
  const off = model.lines.offsetAt.bind(model.lines);
  try {
    return withProps.getProperties().map((p) => {
      const nr = p.getNameRange();
      const vr = p.getValueRange();
      const raw = p.getValue();
      const value = raw === null ? null : unquote(raw);
      const nameEnd = off(nr.end);
      return { name: p.getName(), nameStart: off(nr.start), nameEnd, value, valueStart: vr ? off(vr.start) : nameEnd, valueEnd: vr ? off(vr.end) : nameEnd };
    });
  } catch {
    return [];
  }
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) return v.slice(1, -1);
  return v;
}

/** The last global ARG (before the first FROM) declaring `name`, with its default. */
export function globalArg(model: DockerfileModel, name: string): PropertySpan | undefined {
  let found: PropertySpan | undefined;
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') break;
    if (instr.keyword !== 'ARG') continue;
    for (const p of declarations(model, instr)) if (p.name === name) found = p;
  }
  return found;
}

/** `$NAME` or `${NAME}` alone → NAME. */
export function soleVariable(text: string): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(text);
  return m ? m[1] ?? m[2] : undefined;
}

/** Where a stage's image tag is decided. */
export type TagSource =
  /** Written in the FROM: offsets of the whole reference as written. */
  | { in: 'from'; start: number; end: number }
  /** The FROM's tag is `${ARG}`: the ARG default is the tag. */
  | { in: 'arg-tag'; arg: PropertySpan }
  /** The whole reference is `${ARG}`: the ARG default is the reference. */
  | { in: 'arg-ref'; arg: PropertySpan }
  /** Some other mix of text and variables: nothing single to point at. */
  | { in: 'mixed' };

export function tagSource(model: DockerfileModel, stage: Stage): TagSource {
  const { raw, start, end } = stage.image;
  if (!raw.includes('$')) return { in: 'from', start, end };
  const whole = soleVariable(raw);
  if (whole) {
    const arg = globalArg(model, whole);
    return arg && arg.value ? { in: 'arg-ref', arg } : { in: 'mixed' };
  }
  const slash = raw.lastIndexOf('/');
  const colon = raw.indexOf(':', slash + 1);
  const at = raw.indexOf('@');
  if (colon < 0 || raw.slice(0, colon).includes('$') || (at >= 0 && at < colon)) return { in: 'mixed' };
  const tagVar = soleVariable(raw.slice(colon + 1, at >= 0 ? at : undefined));
  const arg = tagVar ? globalArg(model, tagVar) : undefined;
  return arg && arg.value ? { in: 'arg-tag', arg } : { in: 'mixed' };
}
