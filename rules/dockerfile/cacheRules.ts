/** The build-cache rules (plan §1.1–1.3): cache mounts present, not defeated, on the right target. */
import type { DockerfileRule } from './rule';
import cacheMountMissing from './rules/cache-mount-missing';
import cacheMountDefeated from './rules/cache-mount-defeated';
import cacheMountWrongTarget from './rules/cache-mount-wrong-target';

export const cacheRules: DockerfileRule[] = [cacheMountMissing, cacheMountDefeated, cacheMountWrongTarget];
