/**
 * A bake file as its syntax states it, before evaluation: blocks (`target`, `group`,
 * `variable`, `function`) with their attributes and offsets, top-level attributes,
 * comments and statement lines. The HCL and JSON readers both produce this.
 */
import type { SuppressionComment } from '../core/suppress';
import type { Expr } from './expr';

export interface RawAttr {
  name: string;
  keyStart: number;
  keyEnd: number;
  /** The whole `name = value`. */
  start: number;
  end: number;
  expr: Expr;
}

export interface RawBlock {
  type: string;
  /** The first label (`target "api"` → `api`); undefined when it is missing. */
  label?: string;
  /** Offsets of the label's text (inside its quotes): where "this target…" findings point. */
  labelStart: number;
  labelEnd: number;
  start: number;
  end: number;
  /** Offset just after `{` and of `}` (-1 when missing, e.g. in a half-typed block). */
  open: number;
  close: number;
  attrs: RawAttr[];
}

export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
}

export interface RawFile {
  format: 'hcl' | 'json';
  blocks: RawBlock[];
  /** Attributes outside any block: bake takes them as variables. */
  topAttrs: RawAttr[];
  comments: SuppressionComment[];
  /** Lines where blocks and attributes start, with their last line (sorted). */
  statements: { line: number; endLine: number }[];
  syntaxErrors: SyntaxProblem[];
}

export function attrOf(block: RawBlock, name: string): RawAttr | undefined {
  // The last one wins, as in a JSON object; HCL rejects duplicates, so order is moot there.
  for (let i = block.attrs.length - 1; i >= 0; i--) if (block.attrs[i].name === name) return block.attrs[i];
  return undefined;
}
