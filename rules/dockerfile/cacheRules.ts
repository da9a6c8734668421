/** The build-cache rules (plan §1.1–1.3): cache mounts present, not defeated, on the right target. */
import type { DockerfileRule } from './rule';

export const cacheRules: DockerfileRule[] = [];
