/**
 * A cache mount meant for a package manager of the RUN that misses: it is not where
 * the tool caches for the user and environment in effect (`/root/.cache/pip` after
 * `USER app`, `/root/.npm` when `npm_config_cache` points elsewhere, `/var/cache/apk`,
 * which apk uses for indexes only), the user cannot write it (cache mounts are
 * created root-owned), or it covers what the tool installs (`node_modules`,
 * `$GEM_HOME`), which then never reaches the image.
 *
 * Only mounts that are clearly for a tool the RUN runs are judged: one covering that
 * tool's cache, or shaped like it (`…/.cache/pip`, `…/.npm`). A build-output cache
 * such as `/app/.vite` is left alone.
 */
import { dockerfileRule, type DockerfileContext } from '../rule';
import { programArgs, programName } from '../shell';
import {
  analyzeRun,
  ensureFlagEdits,
  laterOfflineReader,
  mountCovers,
  mountWritable,
  plainPath,
  tailMatches,
  toolDirs,
  within,
  type CacheMount,
  type OffsetEdit,
  type RunAnalysis,
  type RunUser,
  type ToolRun,
} from '../knowledge/cache-mounts';
import { normalizePath } from '../knowledge/package-managers';
import type { Fix } from '../../core/types';

const COPY_PROGRAMS = new Set(['cp', 'mv', 'rsync', 'tar', 'install', 'find']);

/** The RUN copies something out of the mount after installing (`cp -r node_modules /out`): the mount is deliberate. */
function copiedOut(a: RunAnalysis, m: CacheMount, run: ToolRun): boolean {
  const cwd = a.instr.state.workdir;
  return a.instr.commands.some((cmd, i) => {
    if (i <= run.fetches[0].cmdIndex || !COPY_PROGRAMS.has(programName(cmd))) return false;
    return programArgs(cmd).some((w) => {
      if (w.value.startsWith('-') || w.hasExpansion) return false;
      const p = w.value.startsWith('/') ? w.value : cwd?.startsWith('/') ? `${cwd}/${w.value}` : undefined;
      return !!p && within(a.canonical(normalizePath(p)), m.target!);
    });
  });
}

/** Edits that give the mount the user's uid (and gid), or undefined when the uid is unknown. */
function ownerEdits(model: { text: string }, m: CacheMount, user: RunUser): OffsetEdit[] | undefined {
  if (user.root) return [];
  if (user.uid === undefined) return undefined;
  const flag = m.mount.flag;
  if (/["']/.test(model.text.slice(flag.start, flag.end))) return undefined;
  const edits: OffsetEdit[] = [];
  let append = '';
  for (const [name, value] of [['uid', user.uid], ['gid', user.gid]] as const) {
    if (value === undefined) continue;
    const o = m.mount.option(name);
    if (!o) append += `,${name}=${value}`;
    else if (o.value !== value) edits.push({ start: o.start, end: o.end, text: `${name}=${value}` });
  }
  if (append) edits.push({ start: flag.end, end: flag.end, text: append });
  return edits;
}

function targetEdit(m: CacheMount, path: string): OffsetEdit | undefined {
  const o = m.mount.option('target') ?? m.mount.option('dst') ?? m.mount.option('destination');
  return o ? { start: o.start, end: o.end, text: `${o.name}=${path}` } : undefined;
}

/** `/root/.cache` for pip's `/home/app/.cache/pip`: keep the shape the author chose when an ancestor has it. */
function sameShape(path: string, tail: string): string {
  let p = path;
  while (p !== '/' && p.length) {
    if (tailMatches(p, [tail]) === tail) return p;
    p = p.slice(0, p.lastIndexOf('/')) || '/';
  }
  return path;
}

export default dockerfileRule(
  { id: 'cache-mount-wrong-target', title: 'Mount the cache where the tool really caches', severity: 'warning', plan: '§1.1', fix: 'safe' },
  (ctx) => {
    const model = ctx.model;
    for (const instr of model.instructions) {
      const a = analyzeRun(model, instr);
      if (!a || !a.tools.length) continue;
      for (const m of a.mounts) {
        if (!m.target) continue;
        if (swallows(ctx, a, m)) continue;
        const claims = a.tools.filter((t) => toolDirs(t.fetches[0], a).some((d) => mountCovers(m, d)));
        if (claims.length) {
          unwritable(ctx, m, claims);
          continue;
        }
        misplaced(ctx, a, m);
      }
    }
  },
);

/** The mount covers what a tool installs, or tools of the base image. */
function swallows(ctx: DockerfileContext, a: RunAnalysis, m: CacheMount): boolean {
  for (const run of a.tools) {
    const dirs = toolDirs(run.fetches[0], a);
    const related = dirs.some((d) => mountCovers(m, d) || tailMatches(m.target!, d.spec.looksLike));
    const installed = run.installs.find((d) => within(d, m.target!));
    const hidden = related ? a.image?.contents?.find((c) => within(c, m.target!)) : undefined;
    if ((!installed && !hidden) || copiedOut(a, m, run)) continue;
    const caveat = run.tool.caveat?.(run.fetches[0].env);
    if (installed && caveat) {
      // Yarn Plug'n'Play: right only if the project (in a file we cannot see) uses another linker.
      ctx.report({
        start: m.mount.flag.start,
        end: m.mount.flag.end,
        severity: 'info',
        message: `With Plug'n'Play (Yarn's default linker) Yarn installs into its cache, so the cache mount on ${m.target} takes the packages out of the image. Keep it only if the project uses \`nodeLinker: node-modules\`, and set \`YARN_NODE_LINKER=node-modules\` so that shows.`,
      });
      return true;
    }
    const cache = run.needs[0];
    const retarget = cache && 'path' in cache.dir && plainPath(cache.dir.path) && !a.mounts.some((o) => o !== m && o.target === (cache.dir as { path: string }).path) ? cache.dir.path : undefined;
    const what = installed
      ? `\`${run.tool.name}\` installs into ${installed}, inside the cache mount on ${m.target}: what it installs stays in the cache and is missing from the image`
      : `the cache mount on ${m.target} hides ${hidden} from the base image, where ${run.tool.name}'s toolchain lives`;
    const fix = retarget ? retargetFix(ctx, a, m, run, retarget, `Mount the cache on ${retarget} instead (unsafe: what lands in the image changes)`, false) : undefined;
    ctx.report({
      start: m.mount.flag.start,
      end: m.mount.flag.end,
      message: `${capitalize(what)}.${retarget ? ` Mount the cache on ${cache.spec.label} (${retarget}) instead.` : ''}`,
      fixes: fix ? [fix] : [],
    });
    return true;
  }
  return false;
}

/** The mount is the tool's cache, but the tool's user cannot write it. */
function unwritable(ctx: DockerfileContext, m: CacheMount, claims: ToolRun[]): void {
  for (const run of claims) {
    const user = run.fetches[0].user;
    if (run.tool.runsAsRoot || user.root || mountWritable(m.mount, user) !== false) continue;
    const owner = ownerEdits(ctx.model, m, user);
    const wanted = user.uid !== undefined ? `uid=${user.uid}${user.gid !== undefined ? `,gid=${user.gid}` : ''}` : `the uid of ${user.who}`;
    ctx.report({
      start: m.mount.flag.start,
      end: m.mount.flag.end,
      message: `${run.tool.name} runs as ${user.who}, but the cache mount on ${m.target} is created owned by root (mode 0755): ${run.tool.name} cannot write it and works without its cache. Add ${wanted} to the mount.`,
      fixes: owner && owner.length ? [{ title: `Give the cache mount to ${user.who} (${wanted})`, safe: true, edits: owner.map((e) => ctx.replace(e.start, e.end, e.text)) }] : [],
    });
    return;
  }
}

/** The mount is shaped like a tool's cache but is not where that tool caches here. */
function misplaced(ctx: DockerfileContext, a: RunAnalysis, m: CacheMount): void {
  for (const run of a.tools) {
    const first = run.fetches[0];
    for (const d of toolDirs(first, a)) {
      const tail = tailMatches(m.target!, d.spec.looksLike);
      if (!tail) continue;
      const user = first.user;
      if (!('path' in d.dir)) {
        // Where the cache is cannot be told, but root's home is surely not a non-root user's.
        if (!user.root && !run.tool.runsAsRoot && within(m.target!, '/root')) {
          ctx.report({
            start: valueStart(m),
            end: valueEnd(m),
            message: `${run.tool.name} runs as ${user.who}, whose ${d.spec.label} is not under /root (${d.dir.unknown}): the cache mount on ${m.target} is never used.`,
          });
        }
        return;
      }
      const path = sameShape(d.dir.path, tail);
      if (path === m.target) return;
      const why = `${d.spec.label} is ${d.dir.path} for ${user.who}${d.dir.via !== d.dir.path ? ` (${d.dir.via})` : ''}`;
      const fix = plainPath(path) && !a.mounts.some((o) => o !== m && o.target === path) ? retargetFix(ctx, a, m, run, path, `Mount the cache on ${path}`, true) : undefined;
      ctx.report({
        start: valueStart(m),
        end: valueEnd(m),
        message: `The cache mount on ${m.target} is not where ${run.tool.name} caches: ${why}, so the mount does not keep what it downloads and every build downloads again. Mount ${path} instead.`,
        fixes: fix ? [fix] : [],
      });
      return;
    }
  }
}

function retargetFix(ctx: DockerfileContext, a: RunAnalysis, m: CacheMount, run: ToolRun, path: string, title: string, safe: boolean): Fix | undefined {
  const edits: OffsetEdit[] = [];
  const t = targetEdit(m, path);
  if (!t) return undefined;
  edits.push(t);
  const owner = ownerEdits(ctx.model, m, run.fetches[0].user);
  if (!owner) return undefined;
  edits.push(...owner);
  // apk: once the cache is on, refresh the index it would otherwise serve (unless `--no-cache` is
  // still there: cache-mount-defeated turns that into `--update`).
  const disabled = run.fetches.some((tc) => tc.args.some((w) => run.tool.disablingFlags?.includes(w.value)));
  if (!disabled) {
    const ensured = ensureFlagEdits(a, run.tool, edits);
    if (!ensured) return undefined;
    edits.push(...ensured);
  }
  const later = laterOfflineReader(ctx.model, a, run, [path]);
  const isSafe = safe && !later;
  return {
    title: isSafe || !safe ? title : `${title} (unsafe: the RUN on line ${later!.line + 1} reads these files without downloading)`,
    safe: isSafe,
    edits: edits.map((e) => ctx.replace(e.start, e.end, e.text)),
  };
}

function valueStart(m: CacheMount): number {
  const o = m.mount.option('target') ?? m.mount.option('dst') ?? m.mount.option('destination');
  return o ? o.start + o.name.length + 1 : m.mount.flag.start;
}

function valueEnd(m: CacheMount): number {
  const o = m.mount.option('target') ?? m.mount.option('dst') ?? m.mount.option('destination');
  return o ? o.end : m.mount.flag.end;
}

function capitalize(s: string): string {
  return s[0] === '`' ? s : s[0].toUpperCase() + s.slice(1);
}

