/**
 * Which Compose file an override applies to, by Compose's own naming: `compose.yaml`
 * picks up `compose.override.yaml` by itself, and `compose.<env>.yaml` is meant for
 * `-f compose.yaml -f compose.<env>.yaml` (plan §4.1). Same for `docker-compose.*`.
 */
const BASE_NAMES: Record<string, readonly string[]> = {
  compose: ['compose.yaml', 'compose.yml'],
  'docker-compose': ['docker-compose.yaml', 'docker-compose.yml'],
};

export interface OverrideName {
  /** `compose` or `docker-compose`. */
  family: string;
  /** `override`, `prod`, `dev`… */
  role: string;
}

/** `compose.prod.yaml` → {family: compose, role: prod}; a base file or another name → undefined. */
export function overrideName(fileName: string): OverrideName | undefined {
  const m = /^(docker-compose|compose)\.([A-Za-z0-9_-]+)\.ya?ml$/.exec(fileName);
  return m ? { family: m[1], role: m[2] } : undefined;
}

/** Base files to look for beside an override, most likely first (its own family, then the other). */
export function baseCandidates(name: OverrideName): string[] {
  const other = name.family === 'compose' ? 'docker-compose' : 'compose';
  return [...BASE_NAMES[name.family], ...BASE_NAMES[other]];
}

/** The override files in a folder's listing that apply to the same base family. */
export function overridesIn(names: readonly string[]): string[] {
  return names.filter((n) => overrideName(n) !== undefined);
}
