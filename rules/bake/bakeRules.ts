import type { BakeRule } from './rule';
import { bakeReference } from './rules/bake-reference';
import { bakeCacheMissing } from './rules/bake-cache-missing';

export const bakeRules: BakeRule[] = [bakeReference, bakeCacheMissing];
