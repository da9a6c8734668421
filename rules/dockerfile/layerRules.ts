/** Layer order and install hygiene rules (plan §1.2–1.3). */
import type { DockerfileRule } from './rule';
import copyBeforeInstall from './rules/copy-before-install';
import npmCiPreferred from './rules/npm-ci-preferred';
import pipUnquotedSpecifier from './rules/pip-unquoted-specifier';
import syntaxDirectiveMissing from './rules/syntax-directive-missing';

export const layerRules: DockerfileRule[] = [copyBeforeInstall, npmCiPreferred, pipUnquotedSpecifier, syntaxDirectiveMissing];
