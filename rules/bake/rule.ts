import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { BakeModel, BakeTarget } from './model';

export type BakeContext = RuleContext<BakeModel>;
export type BakeRule = Rule<BakeModel>;

/** Declares a bake-file rule: metadata beside its check. */
export function bakeRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: BakeContext) => void): BakeRule {
  return defineRule<BakeModel>({ ...meta, kind: 'bake' }, check);
}

/**
 * Declares a rule that checks each target bake builds (not the abstract parents that
 * only lend attributes through `inherits`).
 */
export function builtTargetRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: BakeContext, target: BakeTarget) => void): BakeRule {
  return bakeRule(meta, (ctx) => {
    for (const t of ctx.model.targets) if (t.built) check(ctx, t);
  });
}

/** How a target is named in messages: with its matrix values when it is one of several. */
export function targetLabel(t: BakeTarget): string {
  return t.name === t.label ? `"${t.name}"` : `"${t.name}" (from "${t.label}")`;
}
