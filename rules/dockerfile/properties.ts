/**
 * The declarations of ARG and ENV instructions with their offsets. dockerfile-ast
 * reads `ARG A B=1` as one property; BuildKit declares several, so ARG words are
 * split here. The model reads ARG/ENV state through this, and rules that rewrite a
 * default use the offsets.
 */
import type { Instruction } from 'dockerfile-ast';
import type { DockerfileModel, Instr } from './model';

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
export function declarations(model: Pick<DockerfileModel, 'text' | 'lines'>, instr: Pick<Instr, 'keyword' | 'args' | 'node'>): PropertySpan[] {
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

export function properties(model: Pick<DockerfileModel, 'lines'>, node: Instruction): PropertySpan[] {
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
