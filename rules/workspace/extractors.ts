/** Which files declare builds, and how to read them: one extractor per kind. */
import type { BuildExtractor } from './index';
import { parseCompose } from '../compose/model';
import { composeBuilds } from '../compose/builds';

export const BUILD_EXTRACTORS: Record<string, BuildExtractor> = {
  compose: (text, path) => composeBuilds(parseCompose(text, path)),
};
