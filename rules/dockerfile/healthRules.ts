/** Health check rules (plan §6.1). */
import type { DockerfileRule } from './rule';
import healthcheckMissing from './rules/healthcheck-missing';
import healthcheckToolMissing from './rules/healthcheck-tool-missing';
import healthcheckPortMismatch from './rules/healthcheck-port-mismatch';
import healthcheckTiming from './rules/healthcheck-timing';

export const healthRules: DockerfileRule[] = [healthcheckMissing, healthcheckToolMissing, healthcheckPortMismatch, healthcheckTiming];
