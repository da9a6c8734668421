/**
 * Code actions for Layerwise diagnostics: the rule's fixes, "ignore for this
 * instruction" and "ignore in this file" quick fixes, and `source.fixAll.layerwise`
 * (the same safe-fix loop as `layerwise lint --fix`, returned as one edit).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { Engine } from '../rules/core/engine';
import { fixAll } from '../rules/core/fixAll';
import type { FileView, Finding } from '../rules/core/types';
import type { Workspace } from '../rules/workspace/types';
import type { Analysis } from './analysis';
import { sameRange, SOURCE } from './diagnostics';
import { fixToWorkspaceEdit, minimalEdit, type EditEnvironment, type EditTarget } from './fixToWorkspaceEdit';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.layerwise`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND];

/** True when `kind` is one the request asked for (`only` lists kinds or their parents). */
export function kindRequested(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/** The finding behind a diagnostic: same rule and range (and message, when several match). */
function findingFor(findings: readonly Finding[], d: Diagnostic): Finding | undefined {
  const candidates = findings.filter((f) => f.ruleId === d.code && sameRange(f.range, d.range));
  return candidates.find((f) => f.message === d.message) ?? candidates[0];
}

export interface CodeActionDeps {
  engine: Engine;
  env: EditEnvironment;
  onRuleError: (ruleId: string, error: unknown) => void;
  files?: FileView;
  workspace?: Workspace;
}

export function computeCodeActions(analysis: Analysis, params: CodeActionParams, deps: CodeActionDeps): CodeAction[] {
  const { engine, env } = deps;
  const { entry, findings } = analysis;
  const model = entry.model;
  if (!analysis.active || !model) return [];
  const support = engine.support(model.kind);
  if (!support) return [];
  const target: EditTarget = { uri: entry.uri, version: entry.version, fsPath: entry.fsPath };
  const only = params.context.only;
  const actions: CodeAction[] = [];

  if (kindRequested(CodeActionKind.QuickFix, only)) {
    const fixes: CodeAction[] = [];
    // One ignore action per (rule, statement) and per rule, listing every diagnostic it silences.
    const ignoreLine = new Map<string, CodeAction>();
    const ignoreFile = new Map<string, CodeAction>();
    const noun = model.kind === 'dockerfile' ? 'instruction' : 'entry';
    for (const d of params.context.diagnostics) {
      if (d.source !== SOURCE || typeof d.code !== 'string' || !engine.ruleById(d.code)) continue;
      const ruleId = d.code;
      const finding = findingFor(findings, d);
      finding?.fixes.forEach((fix, i) => {
        const edit = fixToWorkspaceEdit(fix, target, env);
        if (!edit) return;
        const action: CodeAction = { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
        if (i === 0 && fix.safe) action.isPreferred = true;
        fixes.push(action);
      });
      const statementLine = support.statementLine(model, d.range.start.line);
      const lineKey = `${ruleId}\0${statementLine}`;
      const existingLine = ignoreLine.get(lineKey);
      if (existingLine) existingLine.diagnostics!.push(d);
      else {
        const ignore = support.ignoreStatementEdit(model, statementLine, ruleId);
        // A kind that cannot hold comments (JSON bake files) returns an empty edit: no action then.
        const edit = ignore.newText ? fixToWorkspaceEdit({ edits: [ignore] }, target, env) : undefined;
        if (edit) ignoreLine.set(lineKey, { title: `Ignore ${ruleId} for this ${noun}`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
      }
      const existingFile = ignoreFile.get(ruleId);
      if (existingFile) existingFile.diagnostics!.push(d);
      else {
        const ignore = support.ignoreFileEdit(model, ruleId);
        const edit = ignore.newText ? fixToWorkspaceEdit({ edits: [ignore] }, target, env) : undefined;
        if (edit) ignoreFile.set(ruleId, { title: `Ignore ${ruleId} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit });
      }
    }
    actions.push(...fixes, ...ignoreLine.values(), ...ignoreFile.values());
  }

  // Fix-all runs when asked for (on save, "Fix all" command), or offered beside quick fixes when something is fixable.
  if (kindRequested(FIX_ALL_KIND, only) && (only || findings.some((f) => f.fixes.some((fix) => fix.safe)))) {
    const action = fixAllAction(analysis, deps, target);
    if (action) actions.push(action);
  }
  return actions;
}

function fixAllAction(analysis: Analysis, { engine, env, onRuleError, files, workspace }: CodeActionDeps, target: EditTarget): CodeAction | undefined {
  const { entry, config } = analysis;
  if (!entry.kind) return undefined;
  const result = fixAll(engine, entry.kind, entry.text, entry.path, { config, onRuleError, files, workspace });
  if (result.applied.length === 0) return undefined;
  const edit = minimalEdit(entry.text, result.text);
  const edits = edit ? [edit] : [];
  // A client that cannot create files still gets the text fixes.
  const workspaceEdit = fixToWorkspaceEdit({ edits, otherFiles: result.otherFiles }, target, env) ?? fixToWorkspaceEdit({ edits }, target, env);
  if (!workspaceEdit) return undefined;
  const n = result.applied.length;
  return { title: `Fix all auto-fixable Layerwise problems (${n} fix${n === 1 ? '' : 'es'})`, kind: FIX_ALL_KIND, edit: workspaceEdit };
}
