import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { DockerignoreModel } from './model';

export type DockerignoreContext = RuleContext<DockerignoreModel>;
export type DockerignoreRule = Rule<DockerignoreModel>;

/** Declares a .dockerignore rule: metadata beside its check. */
export function dockerignoreRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: DockerignoreContext) => void): DockerignoreRule {
  return defineRule<DockerignoreModel>({ ...meta, kind: 'dockerignore' }, check);
}
