/**
 * One-line rule specs in the spirit of hadolint's `ruleCatches` / `ruleCatchesNot`,
 * plus fix checks: the fix gives the expected text, re-linting shows no finding of
 * the rule there, and applying fixes again changes nothing.
 */
import assert from 'node:assert/strict';
import { engine, applyEdits, classifyPath, type Finding, type LayerwiseConfig, DEFAULT_CONFIG } from '../../rules';
import type { FileKind, FileView } from '../../rules/core/types';
import type { Workspace } from '../../rules/workspace/types';

export interface TesterOptions {
  kind?: FileKind;
  path?: string;
  config?: Partial<LayerwiseConfig>;
  /** Other files of the workspace, for cross-file rules (see `memoryFiles`). */
  files?: FileView;
  /** The workspace model, for rules about builds and contexts. */
  workspace?: Workspace;
}

/** A FileView over absolute paths → texts, for rules that read other files. */
export function memoryFiles(texts: Record<string, string>): FileView {
  return {
    read: (p) => texts[p],
    list: (dir) => {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const names = Object.keys(texts).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]);
      return names.length ? [...new Set(names)].sort() : undefined;
    },
  };
}

/** Tests write Dockerfiles with `\n`; `lines()` joins an array for readability. */
export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}

export interface Span {
  line: number;
  character: number;
  endLine?: number;
  endCharacter?: number;
}

export function ruleTester(ruleId: string, defaults: TesterOptions = {}) {
  const rule = engine.ruleById(ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  const kindOf = (o: TesterOptions) => o.kind ?? defaults.kind ?? rule.meta.kind;
  const pathOf = (o: TesterOptions) => o.path ?? defaults.path ?? defaultPath(kindOf(o));
  const configOf = (o: TesterOptions): LayerwiseConfig => ({ ...DEFAULT_CONFIG, ...defaults.config, ...o.config }) as LayerwiseConfig;

  const findings = (text: string, o: TesterOptions = {}): Finding[] => {
    const errors: string[] = [];
    const result = engine.lint(kindOf(o), text, pathOf(o), { config: configOf(o), files: o.files ?? defaults.files, workspace: o.workspace ?? defaults.workspace, onRuleError: (id, e) => errors.push(`${id}: ${e instanceof Error ? e.stack : e}`) });
    assert.deepEqual(errors, [], 'a rule threw');
    return (result?.findings ?? []).filter((f) => f.ruleId === ruleId);
  };

  const t = {
    findings,
    /** The rule reports at least one finding. */
    catches(text: string, o: TesterOptions = {}): Finding[] {
      const f = findings(text, o);
      assert.ok(f.length > 0, `${ruleId} should fire on:\n${text}`);
      return f;
    },
    catchesNot(text: string, o: TesterOptions = {}): void {
      const f = findings(text, o);
      assert.deepEqual(f.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.message}`), [], `${ruleId} should not fire on:\n${text}`);
    },
    /** Exactly these spans (0-based), in order. */
    catchesAt(text: string, spans: Span[], o: TesterOptions = {}): Finding[] {
      const f = findings(text, o);
      const got = f.map((x) => ({ line: x.range.start.line, character: x.range.start.character, endLine: x.range.end.line, endCharacter: x.range.end.character }));
      const want = spans.map((s) => ({ line: s.line, character: s.character, endLine: s.endLine ?? s.line, endCharacter: s.endCharacter ?? got.find((g) => g.line === s.line && g.character === s.character)?.endCharacter }));
      assert.deepEqual(got, want);
      return f;
    },
    /**
     * Applies the fix `fixIndex` of the first finding and compares the whole text;
     * then checks the rule no longer fires there and that fixing again is a no-op.
     */
    fixes(text: string, expected: string, o: TesterOptions & { fixIndex?: number; findingIndex?: number } = {}): void {
      const f = findings(text, o);
      assert.ok(f.length > 0, `${ruleId} should fire before fixing:\n${text}`);
      const target = f[o.findingIndex ?? 0];
      const fix = target.fixes[o.fixIndex ?? 0];
      assert.ok(fix, `${ruleId} offers no fix`);
      const out = applyEdits(text, fix.edits);
      assert.deepEqual(out.skipped, [], 'fix edits overlap');
      assert.equal(out.text, expected);
      const after = findings(out.text, o);
      const sameSpot = after.filter((x) => x.range.start.line === target.range.start.line && x.message === target.message);
      assert.deepEqual(sameSpot, [], `${ruleId} still fires after its fix:\n${out.text}`);
      // Idempotent: fixing the fixed text again changes nothing at that spot.
      let again = out.text;
      for (const x of after) {
        const fx = x.fixes[o.fixIndex ?? 0];
        if (fx && x.message === target.message) again = applyEdits(again, fx.edits).text;
      }
      assert.equal(again, out.text, 'applying the fix twice changed the text again');
    },
  };
  return t;
}

function defaultPath(kind: FileKind): string {
  switch (kind) {
    case 'dockerfile':
      return '/project/Dockerfile';
    case 'compose':
      return '/project/compose.yaml';
    case 'dockerignore':
      return '/project/.dockerignore';
    case 'workflow':
      return '/project/.github/workflows/ci.yml';
    case 'bake':
      return '/project/docker-bake.hcl';
  }
}

export { classifyPath };
