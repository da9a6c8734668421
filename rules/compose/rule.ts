import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { Fix, RuleMeta, Severity } from '../core/types';
import { basename, dirname } from 'node:path';
import type { ComposeModel, ComposeService } from './model';
import { baseCandidates, overrideName } from './knowledge/overrideFiles';

export type ComposeContext = RuleContext<ComposeModel>;
export type ComposeRule = Rule<ComposeModel>;

/** Declares a Compose rule: metadata beside its check. */
export function composeRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: ComposeContext) => void): ComposeRule {
  return defineRule<ComposeModel>({ ...meta, kind: 'compose' }, check);
}

/**
 * Hardening rules weigh less on a service that only runs a published image:
 * databases and proxies often need root or capabilities their maintainers document.
 */
export function hardeningSeverity(service: ComposeService, severity: Severity): Severity {
  return service.built ? severity : 'info';
}

/**
 * Reports "this service lacks X" on the service's name. Not in override files: there a
 * service is only the part that differs, and what it lacks may come from the base.
 */
export function reportOnService(ctx: ComposeContext, service: ComposeService, message: string, fixes: Fix[] = [], severity?: Severity): void {
  if (isOverrideFile(ctx)) return;
  ctx.report({ start: service.keyStart, end: service.keyEnd, message, fixes, severity });
}

/**
 * Declares a rule that checks each service on its own: `check` returns nothing and
 * reports through the context. Keeps the per-service loop out of every rule.
 */
export function serviceRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: ComposeContext, service: ComposeService) => void): ComposeRule {
  return composeRule(meta, (ctx) => {
    for (const service of ctx.model.services) check(ctx, service);
  });
}

/**
 * Whether the linted file is an override, merged into a base: `compose.override.yaml`
 * always; `compose.<env>.yaml` only beside a base file (`ops/compose.monitoring.yaml`
 * pulled in with `include:` is a base of its own). Without a view of the folder, the
 * name decides.
 */
export function isOverrideFile(ctx: ComposeContext): boolean {
  const name = overrideName(basename(ctx.model.path));
  if (!name) return false;
  if (name.role === 'override') return true;
  const listing = ctx.files?.list(dirname(ctx.model.path));
  return !listing || baseCandidates(name).some((c) => listing.includes(c));
}
