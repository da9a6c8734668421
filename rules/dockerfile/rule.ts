import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { DockerfileModel } from './model';

export type DockerfileContext = RuleContext<DockerfileModel>;
export type DockerfileRule = Rule<DockerfileModel>;

/** Declares a Dockerfile rule: metadata beside its check. */
export function dockerfileRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: DockerfileContext) => void): DockerfileRule {
  return defineRule<DockerfileModel>({ ...meta, kind: 'dockerfile' }, check);
}
