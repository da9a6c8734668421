/**
 * The engine's public surface: every rule, every file kind, one engine instance.
 * To add a rule: write `rules/<kind>/rules/<id>.ts`, list it here, add
 * `rules/docs/<id>.md` and `test/unit/rules/<id>.test.ts` (see ARCHITECTURE.md).
 */
import { createEngine } from './core/engine';
import type { Rule } from './core/rule';
import type { FileKindSupport } from './core/kind';
import { dockerfileSupport } from './dockerfile/support';
import { composeSupport } from './compose/support';
import { composeRules } from './compose/composeRules';
import { workflowSupport } from './workflow/support';
import { workflowRules } from './workflow/workflowRules';
import { dockerignoreSupport } from './dockerignore/support';
import { dockerignoreRules } from './dockerignore/dockerignoreRules';
import { bakeSupport } from './bake/support';
import { bakeRules } from './bake/bakeRules';

import { cacheRules } from './dockerfile/cacheRules';
import { layerRules } from './dockerfile/layerRules';
import { imageRules } from './dockerfile/imageRules';
import { sizeRules } from './dockerfile/sizeRules';
import { healthRules } from './dockerfile/healthRules';
import { contextRules } from './dockerfile/contextRules';

export const allRules: Rule[] = [...cacheRules, ...layerRules, ...imageRules, ...sizeRules, ...healthRules, ...contextRules, ...(composeRules as Rule[]), ...(workflowRules as Rule[]), ...(dockerignoreRules as Rule[]), ...(bakeRules as Rule[])];

export const engine = createEngine(allRules, [dockerfileSupport, composeSupport as FileKindSupport, workflowSupport as FileKindSupport, dockerignoreSupport as FileKindSupport, bakeSupport as FileKindSupport]);

export { classifyPath, SKIPPED_DIRECTORIES } from './core/classify';
export { parseConfig, DEFAULT_CONFIG, CONFIG_FILE_NAMES, type LayerwiseConfig, type ConfigProblem } from './core/config';
export { fixAll, selectFixes, fixAllCandidate } from './core/fixAll';
export { applyEdits, LineIndex } from './core/text';
export type { Finding, Fix, Severity, FileKind, FileView, RuleMeta, TextEdit, Range, Position, OtherFileChange } from './core/types';
export type { Rule } from './core/rule';
