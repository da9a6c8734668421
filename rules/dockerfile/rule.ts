import { defineRule, type Rule, type RuleContext } from '../core/rule';
import type { RuleMeta } from '../core/types';
import type { DockerfileModel } from './model';

export type DockerfileContext = RuleContext<DockerfileModel>;
export type DockerfileRule = Rule<DockerfileModel>;

/** Declares a Dockerfile rule: metadata beside its check. */
export function dockerfileRule(meta: Omit<RuleMeta, 'kind'>, check: (ctx: DockerfileContext) => void): DockerfileRule {
  return defineRule<DockerfileModel>({ ...meta, kind: 'dockerfile' }, check);
}

/**
 * The target stages of the builds that use this Dockerfile (Compose `build.target`,
 * bake `target`, `--target` in CI), undefined for "the last stage". Empty when no
 * build names the Dockerfile: then the last stage ships.
 */
export function buildTargets(ctx: DockerfileContext): (string | undefined)[] {
  const builds = ctx.workspace?.buildsOf(ctx.model.path) ?? [];
  return builds.filter((b) => !b.guessed).map((b) => b.target);
}
