/**
 * Which Dockerfile features need which Dockerfile frontend, and which frontend each
 * Docker Engine has built in. The ONE place `syntax-directive-missing` (and any
 * other rule) asks "does the engine this project targets understand this?".
 *
 * Sources (read 2026-11):
 * - Feature versions: Docker's "Dockerfile release notes"
 *   (docker/docs content/manuals/build/buildkit/dockerfile-release-notes.md) and the
 *   moby/buildkit `dockerfile/1.x` release tags; labs-only features are the ones still
 *   behind a `//go:build df…` tag in moby/buildkit frontend/dockerfile (at dockerfile/1.26:
 *   only `dfrundevice`).
 * - Built-in frontend of each engine: the moby/buildkit version moby/moby vendors at
 *   each engine tag (vendor.mod), mapped to its frontend by BuildKit's release notes
 *   ("Builtin Dockerfile frontend has been updated to v1.x"): BuildKit v0.N ships
 *   frontend 1.(N-6) from v0.12 on; v0.8 → 1.2, v0.10 → 1.4, v0.11 → 1.5.
 */

/** `major.minor` as a pair, compared numerically. */
export type Version = readonly [number, number];

/**
 * Oldest Docker Engine release still maintained as of 2026-11: moby/moby
 * project/BRANCHES-AND-TAGS.md lists docker-29.x (Maintained) and 25.0 (Maintained by
 * Mirantis/Amazon, expected end of maintenance 2026-12-04); 26.x–28.x are
 * Unmaintained. After 2026-12-04 this becomes "29.0". Override with
 * `dockerfile.minEngine` in `.layerwise.yaml`.
 */
export const DEFAULT_MIN_ENGINE = '25.0';

/** Engine release → the Dockerfile frontend it has built in (first engine of each change). */
export const ENGINE_FRONTENDS: readonly { engine: Version; frontend: Version; buildkit: string }[] = [
  // Before 23.0 the classic builder is the default; with BuildKit enabled these apply.
  { engine: [20, 10], frontend: [1, 2], buildkit: 'v0.8' },
  { engine: [23, 0], frontend: [1, 4], buildkit: 'v0.10' },
  { engine: [24, 0], frontend: [1, 5], buildkit: 'v0.11' },
  { engine: [25, 0], frontend: [1, 6], buildkit: 'v0.12' },
  { engine: [26, 0], frontend: [1, 7], buildkit: 'v0.13' },
  { engine: [27, 0], frontend: [1, 8], buildkit: 'v0.14' },
  { engine: [27, 1], frontend: [1, 9], buildkit: 'v0.15' },
  { engine: [27, 3], frontend: [1, 10], buildkit: 'v0.16' },
  { engine: [27, 4], frontend: [1, 11], buildkit: 'v0.17' },
  { engine: [27, 5], frontend: [1, 12], buildkit: 'v0.18' },
  { engine: [28, 0], frontend: [1, 14], buildkit: 'v0.20' },
  { engine: [28, 1], frontend: [1, 15], buildkit: 'v0.21' },
  { engine: [28, 2], frontend: [1, 16], buildkit: 'v0.22' },
  { engine: [28, 3], frontend: [1, 17], buildkit: 'v0.23' },
  { engine: [28, 4], frontend: [1, 18], buildkit: 'v0.24' },
  { engine: [28, 5], frontend: [1, 19], buildkit: 'v0.25' },
  { engine: [29, 1], frontend: [1, 20], buildkit: 'v0.26' },
  { engine: [29, 2], frontend: [1, 21], buildkit: 'v0.27' },
  { engine: [29, 3], frontend: [1, 22], buildkit: 'v0.28' },
  { engine: [29, 4], frontend: [1, 23], buildkit: 'v0.29' },
  { engine: [29, 5], frontend: [1, 24], buildkit: 'v0.30' },
  { engine: [29, 6], frontend: [1, 25], buildkit: 'v0.31' },
  { engine: [29, 7], frontend: [1, 26], buildkit: 'v0.32' },
];

export type FeatureId =
  | 'run-mount'
  | 'run-network'
  | 'heredoc'
  | 'copy-link'
  | 'add-checksum'
  | 'add-git'
  | 'add-keep-git-dir'
  | 'healthcheck-start-interval'
  | 'var-modifiers'
  | 'check-directive'
  | 'secret-env'
  | 'chmod-variable'
  | 'chmod-symbolic'
  | 'add-checksum-git'
  | 'add-unpack'
  | 'add-git-query'
  | 'copy-exclude'
  | 'copy-parents'
  | 'run-security'
  | 'run-device';

export interface FrontendFeature {
  id: FeatureId;
  /** How a message names it, e.g. "`COPY --exclude`". */
  label: string;
  /** First stable frontend with it; undefined while it is only in the labs channel. */
  stable?: Version;
  /** First labs frontend with it, when it was there before it was stable (or only there). */
  labs?: Version;
}

const FEATURES: readonly FrontendFeature[] = [
  // 1.2.0: RUN --mount moved from experimental to the mainline channel.
  { id: 'run-mount', label: '`RUN --mount`', stable: [1, 2] },
  // 1.3.0: RUN --network (in labs since the labs channel began with 1.2.0-labs).
  { id: 'run-network', label: '`RUN --network`', stable: [1, 3], labs: [1, 2] },
  // 1.4.0: heredocs promoted from labs (1.3.0-labs); COPY/ADD --link.
  { id: 'heredoc', label: 'heredocs (`<<EOF`)', stable: [1, 4], labs: [1, 3] },
  { id: 'copy-link', label: '`--link`', stable: [1, 4] },
  // 1.6.0: ADD --checksum and ADD <git url> graduate from labs (1.5.0-labs); HEALTHCHECK --start-interval.
  { id: 'add-checksum', label: '`ADD --checksum`', stable: [1, 6], labs: [1, 5] },
  { id: 'add-git', label: '`ADD` of a Git repository', stable: [1, 6], labs: [1, 5] },
  { id: 'add-keep-git-dir', label: '`ADD --keep-git-dir`', stable: [1, 6], labs: [1, 5] },
  { id: 'healthcheck-start-interval', label: '`HEALTHCHECK --start-interval`', stable: [1, 6] },
  // 1.7.0: "Variable expansion now allows string substitutions and trimming" (moby/buildkit#4427).
  { id: 'var-modifiers', label: '`${VAR#…}`/`${VAR%…}`/`${VAR/…}` substitution', stable: [1, 7] },
  // 1.8.0: "New directive `#check`" (moby/buildkit#4962); older frontends treat it as a comment.
  { id: 'check-directive', label: 'the `# check=` directive', stable: [1, 8] },
  // 1.10.0: secrets as environment variables (moby/buildkit#5215); build args in --chmod (#5151).
  { id: 'secret-env', label: '`RUN --mount=type=secret,env=…`', stable: [1, 10] },
  { id: 'chmod-variable', label: 'a variable in `--chmod`', stable: [1, 10] },
  // 1.14.0: non-octal --chmod leaves labs (1.11.0-labs, moby/buildkit#5734).
  { id: 'chmod-symbolic', label: 'a non-octal `--chmod`', stable: [1, 14], labs: [1, 11] },
  // 1.16.0: ADD --checksum for Git URLs (moby/buildkit#5975).
  { id: 'add-checksum-git', label: '`ADD --checksum` of a Git repository', stable: [1, 16] },
  // 1.17.0: ADD --unpack (moby/buildkit#5991).
  { id: 'add-unpack', label: '`ADD --unpack`', stable: [1, 17] },
  // 1.18.0: Git URL query parameters (?ref=, ?tag=, ?subdir=…; moby/buildkit#6172).
  { id: 'add-git-query', label: 'Git URL query parameters in `ADD`', stable: [1, 18] },
  // 1.19.0: COPY/ADD --exclude generally available (labs since 1.7.0-labs, moby/buildkit#6232).
  { id: 'copy-exclude', label: '`--exclude`', stable: [1, 19], labs: [1, 7] },
  // 1.20.0: COPY --parents (#6282) and RUN --security (#6312) generally available.
  { id: 'copy-parents', label: '`COPY --parents`', stable: [1, 20], labs: [1, 7] },
  { id: 'run-security', label: '`RUN --security`', stable: [1, 20], labs: [1, 2] },
  // 1.14.0-labs: RUN --device (moby/buildkit#4056); still labs-only at dockerfile/1.26.
  { id: 'run-device', label: '`RUN --device`', labs: [1, 14] },
];

const BY_ID = new Map(FEATURES.map((f) => [f.id, f] as const));

export function frontendFeature(id: FeatureId): FrontendFeature {
  return BY_ID.get(id)!;
}

/** `"25.0"`, `"28.5.1"` → [25, 0] / [28, 5]; undefined when not a version. */
export function parseVersion(v: string | undefined): Version | undefined {
  if (!v) return undefined;
  const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function formatVersion(v: Version): string {
  return `${v[0]}.${v[1]}`;
}

/** The frontend built into an engine release (the last row at or below it; the first row below the table). */
export function builtinFrontend(engine: Version): Version {
  let found = ENGINE_FRONTENDS[0].frontend;
  for (const row of ENGINE_FRONTENDS) if (compareVersions(row.engine, engine) <= 0) found = row.frontend;
  return found;
}

/** The first engine release whose built-in frontend is at least `frontend`, if any yet. */
export function firstEngineWith(frontend: Version): Version | undefined {
  return ENGINE_FRONTENDS.find((row) => compareVersions(row.frontend, frontend) >= 0)?.engine;
}

/** True when the built-in frontend of `engine` has the feature in its stable channel. */
export function engineHas(engine: Version, feature: FrontendFeature): boolean {
  return feature.stable !== undefined && compareVersions(builtinFrontend(engine), feature.stable) >= 0;
}
