/**
 * Pure decisions behind the Docker commands (no `vscode` import, unit-tested): which
 * Compose service builds a Dockerfile, the default tag, the local cache folders, how a
 * step's timing reads at the end of its line, `docker image ls` rows, the history page.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { composeBuilds } from '../../rules/compose/builds';
import { parseCompose } from '../../rules/compose/model';
import { scalarText } from '../../rules/yaml/nodes';
import { resolveBuild } from '../../rules/workspace/index';
import type { Build } from '../../rules/workspace/types';
import { localCache, type CacheSetting } from '../docker/buildArgs';
import { historyTable, trend, type BuildRecord } from '../docker/buildHistory';
import { humanSize } from '../docker/layers';

export interface ComposeMatch {
  build: Build;
  /** The service's `image:`, the tag Compose gives what it builds. */
  image?: string;
}

/** The first Compose service whose `build:` uses this Dockerfile (absolute path). */
export function composeBuildFor(dockerfile: string, composeFiles: readonly { path: string; text: string }[]): ComposeMatch | undefined {
  const want = resolve(dockerfile);
  for (const file of composeFiles) {
    let model;
    try {
      model = parseCompose(file.text, file.path);
    } catch {
      continue;
    }
    for (const declared of composeBuilds(model)) {
      const build = resolveBuild(declared);
      if (!build || resolve(build.dockerfile) !== want) continue;
      const service = model.services.find((s) => s.name === declared.name);
      const image = scalarText(service?.get('image')?.value);
      // An interpolated image (`${REGISTRY}/app`) is not a tag we can use as is.
      return { build, image: image && !image.includes('$') ? image : undefined };
    }
  }
  return undefined;
}

/** `<folder>:dev`, lowercased and cleaned to what a repository name allows. */
export function defaultTag(dockerfile: string): string {
  const folder = basename(dirname(resolve(dockerfile)))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '');
  return `${folder || 'image'}:dev`;
}

export type CacheKind = 'local' | 'registry' | 'inline' | 'none';

/**
 * The cache for a build. Local: one folder per Dockerfile; the build exports to a
 * fresh sibling folder that replaces the old one after success, because BuildKit's
 * local exporter only adds blobs and the folder would grow without bound.
 */
export function cacheSetting(kind: string | undefined, o: { storageDir: string; dockerfile: string; ref?: string }): CacheSetting | { error: string } {
  switch (kind ?? 'local') {
    case 'local': {
      const key = createHash('sha256').update(resolve(o.dockerfile)).digest('hex').slice(0, 16);
      return localCache(join(o.storageDir, 'build-cache', key));
    }
    case 'registry':
      return o.ref ? { kind: 'registry', ref: o.ref } : { error: 'Set `layerwise.build.cacheRef` to the registry reference the cache goes to (for example `registry.example.com/app:buildcache`), or choose another `layerwise.build.cache`.' };
    case 'inline':
      return { kind: 'inline' };
    case 'none':
      return { kind: 'none' };
    default:
      return { error: `Unknown \`layerwise.build.cache\` value "${kind}": use local, registry, inline or none.` };
  }
}

export { timingLabel } from '../views/stageTimings';

/** Lines of buildx output worth keeping in the log: not the rawjson objects themselves. */
export function plainLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => {
    const t = l.trim();
    return t !== '' && !/^[{}[\]"]/.test(t);
  });
}

/** `buildx build …` whatever prefix the argument builder includes. */
export function withSubcommand(args: readonly string[], sub: 'build' | 'bake'): string[] {
  if (args[0] === 'buildx') return [...args];
  if (args[0] === sub) return ['buildx', ...args];
  return ['buildx', sub, ...args];
}

interface ImageLsRow {
  Repository?: string;
  Tag?: string;
  ID?: string;
  Size?: string;
  CreatedSince?: string;
}

/** `repo:tag` rows of `docker image ls`, dangling images by ID. */
export function imageChoices(stdout: string): { label: string; description: string; ref: string }[] {
  const out: { label: string; description: string; ref: string }[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.trim()) continue;
    let row: ImageLsRow;
    try {
      row = JSON.parse(line) as ImageLsRow;
    } catch {
      continue;
    }
    const named = row.Repository && row.Repository !== '<none>';
    const ref = named ? (row.Tag && row.Tag !== '<none>' ? `${row.Repository}:${row.Tag}` : row.Repository!) : row.ID;
    if (!ref) continue;
    out.push({ label: ref, description: [row.Size, row.CreatedSince].filter(Boolean).join(', '), ref });
  }
  return out;
}

/** The build history page: per Dockerfile, the trend and the table of its builds. */
export function historyMarkdown(records: BuildRecord[], relative: (path: string) => string): string {
  const out = ['# Layerwise build history', ''];
  for (const dockerfile of [...new Set(records.map((r) => r.dockerfile))].sort()) {
    const t = trend(records, dockerfile);
    out.push(`## ${relative(dockerfile)}`, '', ...(t ? [`Trend: ${t}`, ''] : []), historyTable(records, dockerfile, humanSize), '');
  }
  return out.join('\n');
}
