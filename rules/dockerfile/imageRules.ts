/** Base image and security rules (plan §2.1, §3). */
import type { DockerfileRule } from './rule';

export const imageRules: DockerfileRule[] = [];
