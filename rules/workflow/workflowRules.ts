/** Every GitHub Actions workflow rule, in the order the README lists them. */
import type { WorkflowRule } from './rule';
import ghaBuildCacheMissing from './rules/gha-build-cache-missing';
import ghaCacheScopeMissing from './rules/gha-cache-scope-missing';
import ghaBuildxMissing from './rules/gha-buildx-missing';
import ghaActionUnpinned from './rules/gha-action-unpinned';
import ghaImageNotLoaded from './rules/gha-image-not-loaded';
import ghaRuntimeTokenMissing from './rules/gha-runtime-token-missing';
import ghaQemuMissing from './rules/gha-qemu-missing';
import ghaScanMissing from './rules/gha-scan-missing';
import ciRuntimeMismatch from './rules/ci-runtime-mismatch';

export const workflowRules: WorkflowRule[] = [ghaBuildCacheMissing, ghaCacheScopeMissing, ghaBuildxMissing, ghaActionUnpinned, ghaImageNotLoaded, ghaRuntimeTokenMissing, ghaQemuMissing, ghaScanMissing, ciRuntimeMismatch];
