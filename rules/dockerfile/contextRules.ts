/** Rules that look beyond one Dockerfile (its build contexts, the other Dockerfiles): they need the workspace model. */
import type { DockerfileRule } from './rule';
import copySourceMissing from './rules/copy-source-missing';
import copySourceIgnored from './rules/copy-source-ignored';
import dockerignoreMissing from './rules/dockerignore-missing';
import baseImageInconsistent from './rules/base-image-inconsistent';
import contextSize from './rules/context-size';

export const contextRules: DockerfileRule[] = [copySourceMissing, copySourceIgnored, dockerignoreMissing, baseImageInconsistent, contextSize];
