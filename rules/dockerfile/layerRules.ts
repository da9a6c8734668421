/** Layer order and install hygiene rules (plan §1.2–1.3). */
import type { DockerfileRule } from './rule';
import npmCiPreferred from './rules/npm-ci-preferred';

export const layerRules: DockerfileRule[] = [npmCiPreferred];
