/** Base image and security rules (plan §2.1, §3). */
import type { DockerfileRule } from './rule';
import baseImageUnpinned from './rules/base-image-unpinned';
import userMissing from './rules/user-missing';
import baseImagePolicy from './rules/base-image-policy';
import secretInBuild from './rules/secret-in-build';

export const imageRules: DockerfileRule[] = [baseImageUnpinned, baseImagePolicy, userMissing, secretInBuild];
