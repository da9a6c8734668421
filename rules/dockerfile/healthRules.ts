/** Health check rules (plan §6.1). */
import type { DockerfileRule } from './rule';

export const healthRules: DockerfileRule[] = [];
