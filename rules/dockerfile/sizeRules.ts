/** Image size rules (plan §2.3, §6). */
import type { DockerfileRule } from './rule';
import buildToolsInFinalStage from './rules/build-tools-in-final-stage';
import chownLayerDuplication from './rules/chown-layer-duplication';
import devToolsInFinalStage from './rules/dev-tools-in-final-stage';
import pythonEnvMissing from './rules/python-env-missing';

export const sizeRules: DockerfileRule[] = [buildToolsInFinalStage, devToolsInFinalStage, chownLayerDuplication, pythonEnvMissing];
