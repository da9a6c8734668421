/**
 * How a rule is written: metadata beside one `check` function that reports findings
 * through a context. The context turns offsets into ranges and carries the rule's
 * options and the project config, so rules contain only what is specific to them.
 */
import type { Fix, FileKind, FileView, Finding, Range, RuleMeta, Severity, TextEdit } from './types';
import type { LayerwiseConfig } from './config';
import type { LineIndex } from './text';
import type { Workspace } from '../workspace/types';

export interface ModelBase {
  kind: FileKind;
  path: string;
  text: string;
  lines: LineIndex;
}

export interface Report {
  /** Offsets in the document (preferred) or a ready range. */
  start?: number;
  end?: number;
  range?: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (e.g. warning vs info by tool kind). */
  severity?: Severity;
}

export interface RuleContext<M extends ModelBase> {
  model: M;
  /** Options from `.layerwise.yaml`: `rules: { id: [severity, { ...options }] }`. */
  options: Readonly<Record<string, unknown>>;
  config: LayerwiseConfig;
  /** Other files of the workspace; undefined when the caller lints a text on its own. */
  files?: FileView;
  /** The workspace model (builds, contexts, ignore files); undefined when linting a text on its own. */
  workspace?: Workspace;
  report(r: Report): void;
  /** Edit helpers in document offsets. */
  replace(start: number, end: number, newText: string): TextEdit;
  insert(offset: number, newText: string): TextEdit;
  remove(start: number, end: number): TextEdit;
}

export interface Rule<M extends ModelBase = ModelBase> {
  meta: RuleMeta;
  check(ctx: RuleContext<M>): void;
}

export type RuleFor<K extends FileKind, M extends ModelBase> = Rule<M> & { meta: RuleMeta & { kind: K } };

/** Declares a rule; the kind-specific wrappers (`dockerfileRule`...) fix the model type. */
export function defineRule<M extends ModelBase>(meta: RuleMeta, check: (ctx: RuleContext<M>) => void): Rule<M> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(meta.id)) throw new Error(`rule id must be kebab-case: ${meta.id}`);
  return { meta, check };
}

/** Runs one rule's check and returns its findings (the engine adds config and suppressions). */
export function runRule<M extends ModelBase>(rule: Rule<M>, model: M, config: LayerwiseConfig, options: Record<string, unknown>, files?: FileView, workspace?: Workspace): Finding[] {
  const findings: Finding[] = [];
  const lines = model.lines;
  const edit = (start: number, end: number, newText: string): TextEdit => ({ range: lines.range(start, end), newText });
  const ctx: RuleContext<M> = {
    model,
    options,
    config,
    files,
    workspace,
    report(r) {
      const range = r.range ?? lines.range(r.start ?? 0, r.end ?? r.start ?? 0);
      findings.push({ ruleId: rule.meta.id, severity: r.severity ?? rule.meta.severity, message: r.message, range, fixes: r.fixes ?? [] });
    },
    replace: edit,
    insert: (offset, newText) => edit(offset, offset, newText),
    remove: (start, end) => edit(start, end, ''),
  };
  rule.check(ctx);
  return findings;
}
