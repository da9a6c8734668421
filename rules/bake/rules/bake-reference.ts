/**
 * A bake target must point at things that exist: its context folder, its Dockerfile
 * in that context, and its `target` stage in that Dockerfile. Otherwise
 * `docker buildx bake` fails (or, in CI, fails after every other target built).
 * Only judged when the workspace's files can be read, and never on values the text
 * cannot evaluate (functions, variables without a default).
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseDockerfile, type DockerfileModel } from '../../dockerfile/model';
import { dockerfileAt, missingPart } from '../../compose/knowledge/buildPaths';
import type { BakeAttrName, BakeTarget } from '../model';
import { localContext } from '../builds';
import { bakeRule } from '../rule';

export const bakeReference = bakeRule({ id: 'bake-reference', title: 'Bake targets must name an existing context, Dockerfile and stage', severity: 'error', plan: '§5.1' }, (ctx) => {
  const files = ctx.files;
  if (!files || !isAbsolute(ctx.model.path)) return;
  const base = dirname(ctx.model.path);
  // An attribute written once in a parent is reported once, naming every target it breaks.
  const found = new Map<string, { start: number; end: number; targets: string[]; message: (who: string) => string }>();
  const report = (t: BakeTarget, attr: BakeAttrName | undefined, message: (who: string) => string, kind: string) => {
    const source = attr ? t.ranges[attr] : undefined;
    const start = source ? source.attr.expr.start : t.nameStart;
    const end = source ? source.attr.expr.end : t.nameEnd;
    const key = `${start}:${end}:${kind}`;
    const hit = found.get(key);
    if (hit) hit.targets.push(t.name);
    else found.set(key, { start, end, targets: [t.name], message });
  };

  for (const t of ctx.model.targets) {
    if (!t.built) continue;
    const context = localContext(t);
    if (context === undefined) continue;
    const contextDir = resolve(base, context);
    const missingContext = missingPart(files, base, context, 'folder');
    if (missingContext) {
      const why = missingContext.notAFolder ? 'is a file, not a folder' : `does not exist (no "${missingContext.name}" in ${shownFolder(base, missingContext.dir)})`;
      report(t, 'context', (who) => `Build context "${context}" of ${who} ${why}: bake cannot build it. Fix the path (relative to the bake file's folder).`, 'context');
      continue;
    }
    let dockerfile: DockerfileModel | undefined;
    let dockerfileShown = 'the inline Dockerfile';
    if (t.set.has('dockerfile-inline')) {
      dockerfile = t.dockerfileInline === undefined ? undefined : parseDockerfile(t.dockerfileInline);
    } else {
      if (t.unknown.has('dockerfile')) continue;
      const written = t.dockerfile ?? 'Dockerfile';
      const missing = missingPart(files, contextDir, written, 'file');
      if (missing) {
        report(t, t.set.has('dockerfile') ? 'dockerfile' : undefined, (who) => `Dockerfile "${written}" of ${who} does not exist in its context "${context}" (no "${missing.name}" in ${shownFolder(base, missing.dir)}): a bake Dockerfile path is relative to the context, not to the bake file.`, 'dockerfile');
        continue;
      }
      const path = isAbsolute(written) ? written : join(contextDir, written);
      dockerfile = dockerfileAt(files, path);
      dockerfileShown = shownFolder(base, path);
    }
    checkStage(t, dockerfile, dockerfileShown, report);
  }
  for (const f of found.values()) ctx.report({ start: f.start, end: f.end, message: f.message(who(f.targets)) });
});

/** A path for messages: relative to the bake file's folder, `/`-separated. */
function shownFolder(base: string, path: string): string {
  return relative(base, path).split(sep).join('/') || '.';
}

function who(targets: string[]): string {
  if (targets.length === 1) return `target "${targets[0]}"`;
  const shown = targets.slice(0, 3).map((n) => `"${n}"`).join(', ');
  return `targets ${shown}${targets.length > 3 ? ` and ${targets.length - 3} more` : ''}`;
}

function checkStage(t: BakeTarget, model: DockerfileModel | undefined, shown: string, report: (t: BakeTarget, attr: BakeAttrName, message: (who: string) => string, kind: string) => void): void {
  if (!model || t.target === undefined || t.unknown.has('target')) return;
  const stage = t.target;
  // BuildKit compares stage names case-insensitively (the model keeps them lowercased).
  if (model.stages.some((s) => s.name === stage.toLowerCase())) return;
  const names = model.stages.map((s) => s.name).filter((n): n is string => !!n);
  const stages = names.length ? `its stages: ${names.join(', ')}` : 'it names no stage (`FROM … AS <name>`)';
  report(t, 'target', (w) => `Stage "${stage}" of ${w} is not in ${shown} (${stages}): the build fails with "target stage not found".`, `target:${shown}`);
}
