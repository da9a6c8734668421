/** Image size rules (plan §2.3, §6). */
import type { DockerfileRule } from './rule';

export const sizeRules: DockerfileRule[] = [];
