/**
 * The engine's public surface: every rule, every file kind, one engine instance.
 * To add a rule: write `rules/<kind>/rules/<id>.ts`, list it here, add
 * `rules/docs/<id>.md` and `test/unit/rules/<id>.test.ts` (see ARCHITECTURE.md).
 */
import { createEngine } from './core/engine';
import type { Rule } from './core/rule';
import { dockerfileSupport } from './dockerfile/support';

import { cacheRules } from './dockerfile/cacheRules';
import { layerRules } from './dockerfile/layerRules';
import { imageRules } from './dockerfile/imageRules';
import { sizeRules } from './dockerfile/sizeRules';
import { healthRules } from './dockerfile/healthRules';

export const allRules: Rule[] = [...cacheRules, ...layerRules, ...imageRules, ...sizeRules, ...healthRules];

export const engine = createEngine(allRules, [dockerfileSupport]);

export { classifyPath, SKIPPED_DIRECTORIES } from './core/classify';
export { parseConfig, DEFAULT_CONFIG, CONFIG_FILE_NAMES, type LayerwiseConfig, type ConfigProblem } from './core/config';
export { fixAll, selectFixes, fixAllCandidate } from './core/fixAll';
export { applyEdits, LineIndex } from './core/text';
export type { Finding, Fix, Severity, FileKind, RuleMeta, TextEdit, Range, Position, OtherFileChange } from './core/types';
export type { Rule } from './core/rule';
