/** The .dockerignore rules (plan §2.2). The Dockerfile-side ones (dockerignore-missing, copy-source-*) live with the Dockerfile rules. */
import type { DockerignoreRule } from './rule';
import { dockerignoreInlineComment } from './rules/dockerignore-inline-comment';
import { dockerignoreRootOnlyPattern } from './rules/dockerignore-root-only-pattern';
import { dockerignoreDeadPattern } from './rules/dockerignore-dead-pattern';
import { dockerignoreNotApplied } from './rules/dockerignore-not-applied';
import { dockerignoreIncomplete } from './rules/dockerignore-incomplete';

export const dockerignoreRules: DockerignoreRule[] = [dockerignoreInlineComment, dockerignoreRootOnlyPattern, dockerignoreDeadPattern, dockerignoreNotApplied, dockerignoreIncomplete];
