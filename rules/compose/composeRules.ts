/** Every Compose rule, in the order the README lists them. */
import type { ComposeRule } from './rule';
import composeSyntax from './rules/compose-syntax';
import composeSchema from './rules/compose-schema';
import composeNoNewPrivileges from './rules/compose-no-new-privileges';
import composePrivileged from './rules/compose-privileged';
import composeVersionObsolete from './rules/compose-version-obsolete';
import composeOverrideDuplicate from './rules/compose-override-duplicate';
import composeSecretInEnvironment from './rules/compose-secret-in-environment';
import composeResourcesMissing from './rules/compose-resources-missing';
import composeReservationExceedsLimit from './rules/compose-reservation-exceeds-limit';
import composeCapDropAll from './rules/compose-cap-drop-all';
import composeReadOnly from './rules/compose-read-only';
import composeUnconfined from './rules/compose-unconfined';
import composeDockerSocket from './rules/compose-docker-socket';
import composeHostNamespace from './rules/compose-host-namespace';
import composeHealthcheckMissing from './rules/compose-healthcheck-missing';
import composeDependsOnHealthy from './rules/compose-depends-on-healthy';
import composeImageUnpinned from './rules/compose-image-unpinned';
import composeLoggingUnbounded from './rules/compose-logging-unbounded';
import composeBuildReference from './rules/compose-build-reference';
import composeSecretFileMissing from './rules/compose-secret-file-missing';
import secretFileTracked from './rules/secret-file-tracked';

export const composeRules: ComposeRule[] = [composeSyntax, composeSchema, composeNoNewPrivileges, composePrivileged, composeVersionObsolete, composeOverrideDuplicate, composeSecretInEnvironment, composeResourcesMissing, composeReservationExceedsLimit, composeCapDropAll, composeReadOnly, composeUnconfined, composeDockerSocket, composeHostNamespace, composeHealthcheckMissing, composeDependsOnHealthy, composeImageUnpinned, composeLoggingUnbounded, composeBuildReference, composeSecretFileMissing, secretFileTracked];
