/**
 * The engine: text → model (once) → every enabled rule → findings, with the
 * config's severities and the file's suppression comments applied. A rule that
 * throws is logged and skipped; the others still run.
 */
import type { FileKindSupport } from './kind';
import type { ModelBase, Rule } from './rule';
import { runRule } from './rule';
import { DEFAULT_CONFIG, type LayerwiseConfig } from './config';
import { isSuppressed, readSuppressions } from './suppress';
import type { FileKind, FileView, Finding } from './types';
import type { Workspace } from '../workspace/types';
import { comparePositions } from './text';

export interface EngineOptions {
  config?: LayerwiseConfig;
  /** Called when a rule throws; the default writes to stderr. */
  onRuleError?: (ruleId: string, error: unknown) => void;
  /** Lets cross-file rules read the workspace (see FileView). */
  files?: FileView;
  /** Lets workspace rules ask about builds, contexts and ignore files. */
  workspace?: Workspace;
}

export interface Engine {
  readonly rules: readonly Rule[];
  support(kind: FileKind): FileKindSupport | undefined;
  /** Parses a file; the result can be linted many times (per config) and kept per document version. */
  parse(kind: FileKind, text: string, path: string): ModelBase | undefined;
  lintModel(model: ModelBase, options?: EngineOptions): Finding[];
  /** parse + lintModel; undefined when the kind has no support. */
  lint(kind: FileKind, text: string, path: string, options?: EngineOptions): { model: ModelBase; findings: Finding[] } | undefined;
  ruleById(id: string): Rule | undefined;
}

export function createEngine(rules: readonly Rule[], supports: readonly FileKindSupport[]): Engine {
  const byKind = new Map<FileKind, Rule[]>();
  const byId = new Map<string, Rule>();
  for (const r of rules) {
    if (byId.has(r.meta.id)) throw new Error(`duplicate rule id ${r.meta.id}`);
    byId.set(r.meta.id, r);
    const list = byKind.get(r.meta.kind) ?? [];
    list.push(r);
    byKind.set(r.meta.kind, list);
  }
  const supportByKind = new Map(supports.map((s) => [s.kind, s] as const));

  const engine: Engine = {
    rules,
    support: (kind) => supportByKind.get(kind),
    ruleById: (id) => byId.get(id),
    parse(kind, text, path) {
      const support = supportByKind.get(kind);
      // Editors hand us a BOM as U+FEFF; Docker and YAML ignore it, and so do the parsers after this.
      return support?.parse(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, path);
    },
    lintModel(model, options = {}) {
      const config = options.config ?? DEFAULT_CONFIG;
      const support = supportByKind.get(model.kind);
      if (!support) return [];
      const onError = options.onRuleError ?? ((id, e) => process.stderr.write(`layerwise: rule ${id} failed: ${e instanceof Error ? e.stack : String(e)}\n`));
      const suppressions = readSuppressions(support.comments(model));
      const findings: Finding[] = [];
      for (const rule of byKind.get(model.kind) ?? []) {
        const setting = config.rules[rule.meta.id];
        if (setting?.severity === 'off') continue;
        let found: Finding[];
        try {
          found = runRule(rule, model, config, setting?.options ?? {}, options.files, options.workspace);
        } catch (e) {
          onError(rule.meta.id, e);
          continue;
        }
        for (const f of found) {
          if (isSuppressed(f, rule.meta, support.statementLine(model, f.range.start.line), suppressions)) continue;
          if (setting) f.severity = setting.severity as Finding['severity'];
          findings.push(f);
        }
      }
      findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
      return findings;
    },
    lint(kind, text, path, options) {
      const model = engine.parse(kind, text, path);
      return model ? { model, findings: engine.lintModel(model, options) } : undefined;
    },
  };
  return engine;
}
