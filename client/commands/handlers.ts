/**
 * The Docker command handlers, loaded on first use by client/commands/index.ts: they bring
 * yaml, dockerfile-ast and the rule models into the extension host, which activation does
 * not need.
 */
export { bakeCommand, generateBakeCommand } from './bake';
export { buildCommand } from './build';
export { showBuildHistoryCommand } from './buildHistory';
export { disposeBuildLog } from './dockerContext';
export { layersCommand } from './layers';
export { scanCommand } from './scan';
export { profileResourcesCommand } from './profile';
export { parseDockerfile } from '../../rules/dockerfile/model';
