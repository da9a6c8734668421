/**
 * A RUN where a package manager downloads without a cache mount on the directory it
 * caches in: every build that reruns the step downloads everything again, and unless
 * the RUN cleans up, the cache also bloats the layer. Where the tool caches comes
 * from `knowledge/package-managers.ts` (per tool) and the user/environment in effect.
 */
import { dockerfileRule, type DockerfileContext } from '../rule';
import { programArgs, programName } from '../shell';
import {
  analyzeRun,
  ensureFlagEdits,
  findDefeats,
  flagInsertOffset,
  laterOfflineReader,
  mountCovers,
  mountFlag,
  mountLooksLike,
  plainPath,
  removalEdits,
  type CacheMount,
  type Defeat,
  type DirNeed,
  type OffsetEdit,
  type RunAnalysis,
  type ToolRun,
} from '../knowledge/cache-mounts';
import type { Fix } from '../../core/types';

/** `pip install`, `python3 -m pip install`, `npm ci`, `yarn`. */
function commandText(run: ToolRun): string {
  const first = run.fetches[0];
  const word = first.fetch!.word;
  if (word === first.cmd.argv[first.cmd.programIndex]) return programName(first.cmd);
  // Words between the program and the tool's own arguments (`-m pip`, `composer.phar`).
  const all = programArgs(first.cmd);
  const prefix = all.slice(0, all.length - first.args.length).map((w) => w.value);
  return [programName(first.cmd), ...prefix, word.value].join(' ');
}

export default dockerfileRule(
  { id: 'cache-mount-missing', title: 'Cache package manager downloads with a cache mount', severity: 'warning', plan: '§1.1', fix: 'safe' },
  (ctx) => {
    for (const instr of ctx.model.instructions) {
      const a = analyzeRun(ctx.model, instr);
      if (!a) continue;
      for (const run of a.tools) {
        // A mount that already serves some tool of this RUN is not a look-alike for another.
        const claimed = (m: CacheMount) => a.tools.some((t) => [...t.needs, ...t.also].some((d) => mountCovers(m, d)));
        const open = (d: DirNeed) => !a.mounts.some((m) => mountCovers(m, d) || (!claimed(m) && mountLooksLike(m, d.spec)));
        const missing = run.needs.filter(open);
        if (!missing.length) continue;
        const first = run.fetches[0];
        const caveat = run.tool.caveat?.(first.env);
        const where = missing.map((d) => ('path' in d.dir ? `${d.spec.label} (${d.dir.path})` : `${d.spec.label}, whose location is unknown here: ${d.dir.unknown}`)).join(' and ');
        const { fix, envOff } = missingFix(ctx, a, run, [...missing, ...run.also.filter(open)]);
        const flags = missing.filter((d) => 'path' in d.dir).map((d) => `\`${mountFlag((d.dir as { path: string }).path, d.spec, first.user)}\``);
        const again = missing.every((d) => d.spec.compiles) ? 'compiles everything again' : 'downloads again';
        let message = `\`${commandText(run)}\` ${again} on every build: no cache mount on ${where}.`;
        if (flags.length) message += ` Add ${flags.join(' ')} to the RUN.`;
        if (!first.user.root && !run.tool.runsAsRoot && first.user.uid === undefined) message += ` The mount needs uid= of ${first.user.who}, which this file does not show.`;
        if (envOff) message += ` \`${envOff}\` (set by ENV, ARG or the base image) turns the cache off: unset it too.`;
        if (caveat) message += ' ' + caveat.message;
        ctx.report({
          start: first.fetch!.word.start,
          end: first.fetch!.word.end,
          message,
          severity: run.tool.kind === 'os' || caveat?.info ? 'info' : undefined,
          fixes: fix && !caveat?.noFix ? [fix] : [],
        });
      }
    }
  },
);

/**
 * Adds the mounts, takes out what would defeat them (`--no-cache-dir`, `npm cache
 * clean`, `rm -rf /var/lib/apt/lists/*`...), and adds what the tool needs with a cache
 * (apk `--update`, uv `UV_LINK_MODE=copy`, apt without docker-clean).
 */
function missingFix(ctx: DockerfileContext, a: RunAnalysis, run: ToolRun, dirs: DirNeed[]): { fix?: Fix; envOff?: string } {
  const model = ctx.model;
  const first = run.fetches[0];
  const user = first.user;
  if (!user.root && user.uid === undefined) return {};
  // Every required directory must be known; an optional one that is not is left out.
  if (dirs.some((d) => run.needs.includes(d) && !('path' in d.dir))) return {};
  const known = dirs.filter((d): d is DirNeed & { dir: { path: string } } => 'path' in d.dir);
  if (known.some((d) => !plainPath(d.dir.path))) return {};
  const targets = known.map((d) => ({ target: d.dir.path, tool: run.tool, keys: [d.spec.key] }));
  const defeats = findDefeats(model, a, targets);
  const envOff = defeats.find((d) => d.kind === 'env')?.text;
  return { fix: buildFix(ctx, a, run, known, defeats), envOff };
}

function buildFix(ctx: DockerfileContext, a: RunAnalysis, run: ToolRun, known: (DirNeed & { dir: { path: string } })[], defeats: Defeat[]): Fix | undefined {
  const model = ctx.model;
  const user = run.fetches[0].user;
  const removals = removalEdits(model, a, defeats);
  if (!removals) return undefined;
  const edits: OffsetEdit[] = [...removals];
  const ensured = ensureFlagEdits(a, run.tool, edits);
  if (!ensured) return undefined;
  edits.push(...ensured);
  let unsafe: string | undefined;
  const assignment = run.tool.fixAssignment;
  if (assignment) {
    for (const tc of run.fetches) {
      if (assignment.unless?.(tc.env, tc.args)) continue;
      if (a.instr.execForm) return undefined;
      const at = tc.cmd.argv[tc.cmd.programIndex].start;
      edits.push({ start: at, end: at, text: `${assignment.name}=${assignment.value} ` });
      unsafe ??= assignment.unsafe;
    }
  }
  const prepare = run.tool.prepare;
  if (prepare && !a.dockerCleanOff && known.some((d) => d.spec.key === 'archives')) {
    if (a.instr.execForm) return undefined;
    const removed = new Set(defeats.filter((d) => d.removal === 'command').map((d) => d.cmdIndex));
    const firstTool = a.commands.find((c) => c.tool === run.tool && !removed.has(c.cmdIndex));
    if (!firstTool) return undefined;
    edits.push({ start: firstTool.cmd.start, end: firstTool.cmd.start, text: `${prepare.text} && ` });
    unsafe ??= `it changes the image's apt configuration (${prepare.why})`;
  }
  // A later RUN reading these files offline needs them in the layer, unless this RUN kept them out anyway.
  const later = defeats.length ? undefined : laterOfflineReader(model, a, run, known.map((d) => d.dir.path));
  if (later) unsafe ??= `the RUN on line ${later.line + 1} reads these files without downloading and has no such mount`;
  const at = flagInsertOffset(model, a.instr);
  edits.push({ start: at, end: at, text: ' ' + known.map((d) => mountFlag(d.dir.path, d.spec, user)).join(' ') });
  const flag = run.tool.ensureFlag?.flag;
  const replaced = new Set(edits.filter((e) => flag && e.text === flag).map((e) => e.start));
  const dropped = [...new Set(defeats.filter((d) => d.removal !== 'none' && !replaced.has(d.start)).map((d) => `\`${d.command ?? d.text}\``))];
  let title = `Add a cache mount on ${known.map((d) => d.dir.path).join(' and ')}`;
  if (dropped.length) title += ` and drop ${dropped.join(', ')}`;
  if (flag && edits.some((e) => e.text.trim() === flag)) title += `, refreshing the index with \`${flag}\``;
  return { title: unsafe ? `${title} (unsafe: ${unsafe})` : title, safe: !unsafe, edits: edits.map((e) => ctx.replace(e.start, e.end, e.text)) };
}
