/**
 * Which files declare builds, and how to read them: one extractor per kind. Bake
 * files are read from their text here; where Docker is available the server and CLI
 * can evaluate them with `docker buildx bake --print` (rules/node/bakePrint.ts).
 */
import type { BuildExtractor } from './index';
import { parseCompose } from '../compose/model';
import { composeBuilds } from '../compose/builds';
import { parseWorkflow } from '../workflow/model';
import { workflowBuilds } from '../workflow/builds';
import { parseBake } from '../bake/model';
import { bakeBuilds } from '../bake/builds';

export const BUILD_EXTRACTORS: Record<string, BuildExtractor> = {
  compose: (text, path) => composeBuilds(parseCompose(text, path)),
  workflow: (text, path) => workflowBuilds(parseWorkflow(text, path)),
  bake: (text, path) => bakeBuilds(parseBake(text, path)),
};
