/**
 * How workflow rules are declared, the per-build loop, and the edits their fixes
 * share: adding inputs to a step's `with:` and adding a step before another one,
 * in the file's own indentation, quotes and blank-line habits.
 */
import { isMap, isSeq } from 'yaml';
import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { RuleMeta, TextEdit } from '../core/types';
import { indentOf } from '../core/text';
import { insertEntry, scalarSource, yamlStyle } from '../yaml/edit';
import { dockerBuilds, type DockerBuild } from './docker';
import type { WorkflowModel, WorkflowStep } from './model';

export type WorkflowContext = RuleContext<WorkflowModel>;
export type WorkflowRule = Rule<WorkflowModel>;

/** Declares a workflow rule: metadata beside its check. */
export function workflowRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: WorkflowContext) => void): WorkflowRule {
  return defineRule<WorkflowModel>({ ...meta, kind: 'workflow' }, check);
}

/** Declares a rule that checks each Docker build of the workflow on its own. */
export function buildRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: WorkflowContext, build: DockerBuild, all: DockerBuild[]) => void): WorkflowRule {
  return workflowRule(meta, (ctx) => {
    const all = dockerBuilds(ctx.model);
    for (const b of all) check(ctx, b, all);
  });
}

const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
const YAML_WORDS = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A value as a block-context plain scalar when YAML reads it back unchanged (`${{ … }}` and `a=b,c=d` stay plain). */
function blockValue(model: WorkflowModel, value: string | boolean): string {
  if (typeof value === 'boolean') return String(value);
  const plain = value !== '' && !INDICATOR_START.test(value) && !/: |:$| #|\s$/.test(value) && !YAML_WORDS.test(value) && !/^[-+.0-9]/.test(value);
  return plain ? value : scalarSource(value, yamlStyle(model).quote, true);
}

/** Adds `key: value` inputs to a step's `with:` (creating it after `uses:` when missing), in the file's style. */
export function addInputs(model: WorkflowModel, step: WorkflowStep, inputs: [string, string | boolean][], after: readonly string[] = []): TextEdit | undefined {
  if (!inputs.length) return undefined;
  const style = yamlStyle(model);
  const eol = model.lines.eol;
  if (step.with) {
    const probe = insertEntry(model, step.with, inputs[0][0], 'x', { after });
    if (!probe) return undefined;
    if (isMap(step.with) && step.with.flow) {
      const text = inputs.map(([k, v]) => `${k}: ${typeof v === 'string' && /[,[\]{}]/.test(v) ? scalarSource(v, style.quote, true) : blockValue(model, v)}`).join(', ');
      return { range: probe.range, newText: probe.newText.startsWith(',') ? `, ${text}` : text };
    }
    const pad = indentOf(probe.newText.replace(/^[\r\n]+/, ''));
    const lead = /^[\r\n]/.test(probe.newText) ? eol : '';
    return { range: probe.range, newText: lead + inputs.map(([k, v]) => `${pad}${k}: ${blockValue(model, v)}`).join(eol) + eol };
  }
  if (step.get('with')) return undefined;
  const probe = insertEntry(model, step.node, 'with', 'x', { after: ['uses'] });
  if (!probe || (isMap(step.node) && step.node.flow)) return undefined;
  const pad = indentOf(probe.newText.replace(/^[\r\n]+/, ''));
  const inner = pad + ' '.repeat(style.indent);
  const lead = /^[\r\n]/.test(probe.newText) ? eol : '';
  return { range: probe.range, newText: lead + [`${pad}with:`, ...inputs.map(([k, v]) => `${inner}${k}: ${blockValue(model, v)}`)].join(eol) + eol };
}

/**
 * Inserts a step (`name`, `uses`, optional `with`) right before `before`, above the
 * comments that introduce it, with a blank line after it when the steps are
 * separated by blank lines. Steps without names elsewhere get none.
 */
export function addStepBefore(model: WorkflowModel, before: WorkflowStep, step: { name: string; uses: string }): TextEdit | undefined {
  const seq = before.job.stepsNode;
  const start = before.node.range?.[0];
  if (!isSeq(seq) || seq.flow || start === undefined) return undefined;
  const lines = model.lines;
  const line = lines.positionAt(start).line;
  const lineText = lines.lineText(line);
  const dash = lineText.indexOf('-');
  if (dash < 0 || lineText.slice(0, dash).trim() !== '' || lines.positionAt(start).character <= dash) return undefined;
  let at = line;
  while (at > 0 && lines.lineText(at - 1).trim().startsWith('#') && indentOf(lines.lineText(at - 1)).length === dash) at--;
  const blankBefore = at > 0 && lines.lineText(at - 1).trim() === '';
  const named = before.job.steps.some((s) => s.name !== undefined);
  const pad = ' '.repeat(dash);
  const inner = pad + ' '.repeat(lines.positionAt(start).character - dash);
  const body = named ? [`${pad}- name: ${blockValue(model, step.name)}`, `${inner}uses: ${step.uses}`] : [`${pad}- uses: ${step.uses}`];
  const eol = lines.eol;
  const pos = { line: at, character: 0 };
  return { range: { start: pos, end: pos }, newText: body.join(eol) + eol + (blankBefore ? eol : '') };
}
