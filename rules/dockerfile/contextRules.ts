/** Rules about what a build context holds and sends: they need the workspace model. */
import type { DockerfileRule } from './rule';
import copySourceMissing from './rules/copy-source-missing';
import copySourceIgnored from './rules/copy-source-ignored';
import dockerignoreMissing from './rules/dockerignore-missing';

export const contextRules: DockerfileRule[] = [copySourceMissing, copySourceIgnored, dockerignoreMissing];
