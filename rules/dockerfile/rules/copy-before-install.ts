/**
 * Plan §1.2: copy the dependency manifests, install, then copy the code. A COPY of
 * more than the manifests before an install that reads only the manifests makes
 * every code edit re-run the install (each layer's cache depends on all before it).
 */
import { dockerfileRule, type DockerfileContext } from '../rule';
import type { ArgWord, DockerfileModel, Instr, Stage } from '../model';
import { copyArgs, type CopyArgs } from '../query';
import { programArgs, programName } from '../shell';
import { substitute } from '../variables';
import { classifyCommand, cleanSource, globMatch, isManifestSource, sourceKind, type ManifestInstall } from '../knowledge/manifests';
import type { Fix, TextEdit } from '../../core/types';

// ---------------------------------------------------------------------------
// Paths inside the image

function resolvePath(base: string, p: string): string {
  const out: string[] = [];
  for (const s of (p.startsWith('/') ? p : `${base}/${p}`).split('/')) {
    if (!s || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return '/' + out.join('/');
}

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path.startsWith(dir + '/');
}

/** `/app` + `sub/x` with the separator once; keeps `.`/relative forms as written. */
function joinDest(dest: string, rel: string): string {
  if (!rel || rel === '.') return dest.endsWith('/') ? dest : dest + '/';
  const base = dest === '.' || dest === './' ? './' : dest.endsWith('/') ? dest : dest + '/';
  return base + (rel.endsWith('/') ? rel : rel + '/');
}

function hasVariable(s: string): boolean {
  return s.includes('$');
}

// ---------------------------------------------------------------------------
// What a COPY brings and what a RUN installs

interface ContextCopy {
  instr: Instr;
  args: CopyArgs;
  /** Sources from the build context (ADD URLs left out). */
  sources: ArgWord[];
  /** Sources that change with code edits (the context, trees, globs, code files; see `sourceKind`). */
  broad: ArgWord[];
}

function isRemote(src: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(src) || src.startsWith('git@');
}

function contextCopy(model: DockerfileModel, instr: Instr): ContextCopy | undefined {
  if (instr.flags.some((f) => f.name.toLowerCase() === 'from')) return undefined;
  const args = copyArgs(model, instr);
  if (!args) return undefined;
  const sources = args.sources.filter((s) => !isRemote(s.value));
  if (!sources.length) return undefined;
  return { instr, args, sources, broad: sources.filter((s) => sourceKind(s.value) === 'broad') };
}

interface Install {
  install: ManifestInstall;
  /** Directory the command runs in; undefined when a `cd` cannot be followed. */
  cwd?: string;
}

interface InstallRun {
  instr: Instr;
  installs: Install[];
  /** Paths bind-mounted from the context (manifests only, else it is no install from manifests alone). */
  bindTargets: string[];
}

function workdirOf(instr: Instr): string | undefined {
  const w = instr.state.workdir;
  if (!w) return '/';
  return hasVariable(w) ? undefined : resolvePath('/', w);
}

/** A RUN that neither reads the copied files nor bind-mounts more than manifests (`apt-get install`...). */
function leavesContextAlone(instr: Instr): boolean {
  if (instr.mounts.some((m) => m.type === 'bind' && m.from === undefined && !isManifestSource(m.source ?? '.'))) return false;
  return instr.commands.every((c) => classifyCommand(c).kind !== 'reads');
}

/** Commands inert towards the context that would act on other files once the broad copy moves below them. */
const ORDER_SENSITIVE = new Set(['rm', 'ln', 'touch']);

/** True when a RUN between the broad copy and the install can trade places with the copy. */
function movableAcross(instr: Instr, destAbs: string): boolean {
  if (!leavesContextAlone(instr)) return false;
  const workdir = workdirOf(instr);
  return instr.commands.every((c) => {
    if (!ORDER_SENSITIVE.has(programName(c))) return true;
    // `rm -rf /var/lib/apt/lists/*` is fine; a path where the copy lands is not.
    return programArgs(c).every((w) => w.value.startsWith('-') || (workdir !== undefined && !hasVariable(w.value) && !isUnder(resolvePath(workdir, w.value), destAbs) && resolvePath(workdir, w.value) !== destAbs));
  });
}

/** A RUN whose commands install from manifests and otherwise leave the build context alone. */
function installRun(instr: Instr): InstallRun | undefined {
  if (instr.keyword !== 'RUN') return undefined;
  const workdir = workdirOf(instr);
  const bindTargets: string[] = [];
  for (const m of instr.mounts) {
    if (m.type !== 'bind' || m.from !== undefined) continue;
    if (!isManifestSource(m.source ?? '.')) return undefined; // the RUN reads the context itself
    const target = m.target ?? '';
    if (target && workdir && !hasVariable(target)) bindTargets.push(resolvePath(workdir, target));
  }
  let cwd = workdir;
  const installs: Install[] = [];
  for (const cmd of instr.commands) {
    if (programName(cmd) === 'cd') {
      const to = programArgs(cmd)[0]?.value;
      cwd = cwd && to && !hasVariable(to) && !to.startsWith('~') && to !== '-' ? resolvePath(cwd, to) : undefined;
      continue;
    }
    const kind = classifyCommand(cmd);
    if (kind.kind === 'reads') return undefined;
    if (kind.kind === 'install') installs.push({ install: kind.install, cwd });
  }
  return installs.length ? { instr, installs, bindTargets } : undefined;
}

// ---------------------------------------------------------------------------
// The fix

/** Flags a manifest COPY can carry over from the broad one. */
const KEPT_FLAGS = new Set(['chown', 'chmod', 'link']);
/** Instructions the broad COPY may be moved across without changing the image. */
const INERT_BETWEEN = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'HEALTHCHECK', 'CMD', 'ENTRYPOINT', 'STOPSIGNAL', 'VOLUME', 'MAINTAINER', 'SHELL', 'ONBUILD']);

function destOf(copy: ContextCopy): string | undefined {
  const workdir = workdirOf(copy.instr);
  const dest = substitute(copy.args.dest.value, (n) => copy.instr.state.env.get(n));
  if (!workdir || hasVariable(dest)) return undefined;
  return resolvePath(workdir, dest);
}

/** True when the manifest at `path` (its basename may be a glob) lands there through `copy`. */
function copyProvides(copy: ContextCopy, path: string): boolean {
  const destAbs = destOf(copy);
  if (!destAbs) return false;
  const toDir = copy.args.dest.value.endsWith('/') || copy.sources.length > 1 || copy.args.dest.value === '.';
  for (const s of copy.sources) {
    const src = cleanSource(s.value);
    const base = basename(src);
    if (!base.includes('.') && !base.includes('*')) {
      // A directory: its contents land in the destination.
      if (isUnder(path, destAbs)) return true;
      continue;
    }
    const targets = toDir ? [`${destAbs}/${base}`] : [destAbs, `${destAbs}/${base}`];
    for (const t of targets) {
      if (dirname(t) !== dirname(path)) continue;
      if (globMatch(basename(t), basename(path)) || globMatch(basename(path), basename(t))) return true;
    }
  }
  return false;
}

interface Plan {
  /** COPY lines (without keyword/flags/indentation) that replace the broad copy: `[sources..., dest]`. */
  lines: string[][];
  /** Manifest names for the message. */
  names: string[];
  /** Manifest sources the broad copy names itself, copied first and so left out of the moved copy. */
  explicitUsed: ArgWord[];
}

function planManifestCopies(stage: Stage, model: DockerfileModel, broad: ContextCopy, run: InstallRun): Plan | undefined {
  const destAbs = destOf(broad);
  if (!destAbs) return undefined;
  const lines: string[][] = [];
  const names: string[] = [];
  let explicitUsed: ArgWord[] = [];
  const add = (sources: string[], dest: string) => {
    const same = lines.find((l) => l[l.length - 1] === dest);
    if (!same) lines.push([...sources, dest]);
    else {
      for (const s of sources) if (!same.includes(s)) same.splice(same.length - 1, 0, s);
    }
    for (const s of sources) if (!names.includes(s)) names.push(s);
  };
  const explicit = broad.sources.filter((s) => isManifestSource(s.value));
  const dirSources = broad.broad.filter((s) => {
    const b = basename(cleanSource(s.value));
    return b === '.' || b === '*' || (!b.includes('.') && !b.includes('?'));
  });
  const earlier = stage.instructions
    .filter((i) => i.index < run.instr.index && i !== broad.instr && (i.keyword === 'COPY' || i.keyword === 'ADD'))
    .map((i) => contextCopy(model, i))
    .filter((c): c is ContextCopy => !!c && c.broad.length === 0);

  for (const { install, cwd } of run.installs) {
    if (install.noFix || !cwd || install.manifests.some(hasVariable)) return undefined;
    for (const m of install.manifests) {
      const isDir = m.endsWith('/');
      const abs = resolvePath(cwd, isDir ? m.slice(0, -1) : m);
      if (run.bindTargets.some((t) => t === abs || isUnder(abs, t))) continue;
      if (earlier.some((c) => copyProvides(c, abs))) continue;
      if (!isUnder(abs, destAbs)) continue; // not from this copy: moving it is enough
      if (explicit.length && copyProvides({ ...broad, sources: explicit, broad: [] }, abs)) {
        // The copy names this manifest itself, so it exists: copy those names first.
        add(explicit.map((s) => s.value), broad.args.dest.value);
        explicitUsed = explicit;
        continue;
      }
      if (dirSources.length !== 1) return undefined; // which tree holds the manifests?
      let srcDir = cleanSource(dirSources[0].value);
      if (srcDir === '*' || srcDir === '.') srcDir = '';
      else if (srcDir.endsWith('/*')) srcDir = srcDir.slice(0, -2);
      if (srcDir.includes('*') || hasVariable(srcDir)) return undefined;
      const rel = abs.slice(destAbs === '/' ? 1 : destAbs.length + 1);
      const source = srcDir ? `${srcDir}/${rel}` : rel;
      const relDir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      add([source], joinDest(broad.args.dest.value, isDir ? rel : relDir));
    }
  }
  return { lines, names, explicitUsed };
}

/** First line of the comment block directly above an instruction (moved with it). */
function commentBlockStart(model: DockerfileModel, instr: Instr): number {
  let line = instr.line;
  while (line - 1 >= model.afterDirectivesLine && model.lines.lineText(line - 1).trimStart().startsWith('#')) line--;
  return line;
}

/** The fix, and the manifests it copies first (empty when it only moves the broad copy). */
function buildFix(ctx: DockerfileContext, stage: Stage, broad: ContextCopy, run: InstallRun): { fix: Fix; names: string[] } | undefined {
  const model = ctx.model;
  const b = broad.instr;
  if (b.flags.some((f) => !KEPT_FLAGS.has(f.name.toLowerCase()))) return undefined;
  const text = model.text;
  const usesVars = hasVariable(text.slice(b.start, b.end));
  const destAbsolute = substitute(broad.args.dest.value, (n) => b.state.env.get(n)).startsWith('/');
  const destAbs = destOf(broad);
  if (!destAbs) return undefined;
  for (const i of stage.instructions) {
    if (i.index <= b.index || i.index >= run.instr.index) continue;
    if ((i.keyword === 'ENV' || i.keyword === 'ARG') && usesVars) return undefined;
    if (INERT_BETWEEN.has(i.keyword)) continue;
    if (i.keyword === 'WORKDIR' && destAbsolute) continue;
    if (i.keyword === 'RUN' && movableAcross(i, destAbs)) continue;
    const c = contextCopy(model, i);
    if (c && c.broad.length === 0) continue;
    return undefined; // a COPY in between may overwrite (or be overwritten by) what the broad copy brings
  }
  const plan = planManifestCopies(stage, model, broad, run);
  if (!plan) return undefined;

  const eol = model.lines.eol;
  const lineStart = model.lines.lineStarts[b.line];
  const indent = text.slice(lineStart, b.start);
  const blockStart = model.lines.lineStarts[commentBlockStart(model, b)];
  // The moved copy keeps its comments; manifests it named are already copied above.
  let moved = text.slice(blockStart, b.end);
  if (!b.args[0]?.value.startsWith('[')) {
    for (const w of [...plan.explicitUsed].reverse()) {
      let from = w.start;
      while (from > b.start && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
      moved = moved.slice(0, from - blockStart) + moved.slice(w.end - blockStart);
    }
  }
  const written = text.slice(b.start, b.start + b.keyword.length);
  const keyword = written === written.toLowerCase() ? 'copy' : 'COPY';
  const flags = b.flags.map((f) => text.slice(f.start, f.end));
  const copyLines = plan.lines.map((l) => indent + [keyword, ...flags, ...l].join(' '));
  const edits: TextEdit[] = [];
  if (copyLines.length) edits.push(ctx.replace(blockStart, b.end, copyLines.join(eol)));
  else {
    const next = model.lines.lineStarts[model.lines.positionAt(b.end).line + 1] ?? text.length;
    edits.push(ctx.remove(blockStart, next));
  }
  edits.push(ctx.insert(run.instr.end, eol + moved));
  const what = text.slice(b.start, b.end).split(/\r?\n/)[0].replace(/\s*[\\`]$/, ' …');
  const title = copyLines.length
    ? `Copy ${plan.names.join(' ')} first and move \`${what}\` after the install`
    : `Move \`${what}\` after the install on line ${run.instr.line + 1}`;
  return { fix: { title, safe: false, edits }, names: plan.names };
}

// ---------------------------------------------------------------------------

export default dockerfileRule(
  { id: 'copy-before-install', title: 'Copy only dependency manifests before installing', severity: 'warning', plan: '§1.2', fix: 'unsafe' },
  (ctx) => {
    const model = ctx.model;
    for (const stage of model.stages) {
      let pending: ContextCopy[] = [];
      for (const instr of stage.instructions) {
        if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
          const c = contextCopy(model, instr);
          if (c && c.broad.length) pending.push(c);
          continue;
        }
        if (!pending.length || instr.keyword !== 'RUN') continue;
        const run = installRun(instr);
        if (!run) {
          // A RUN that may use the copied files re-runs on every edit anyway, and so does
          // everything after it: the copies are its input, not a misplaced layer.
          if (!leavesContextAlone(instr)) pending = [];
          continue;
        }
        const first = run.installs[0].install;
        for (const broad of pending) {
          const planned = buildFix(ctx, stage, broad, run);
          const src = broad.broad[0];
          const advice =
            planned && !planned.names.length
              ? 'Copy it after the install: what the install reads is copied or mounted without it.'
              : `Copy only what it reads (${planned?.names.join(' ') ?? first.manifests.join(' ')}) first, install, then copy the rest.`;
          const why = first.noFix ? ` No automatic fix: ${first.noFix}.` : '';
          ctx.report({
            start: src.start,
            end: src.end,
            message:
              `\`${src.value}\` brings in more than the dependency manifests before \`${first.display}\` on line ${instr.line + 1}: ` +
              `every change to the copied files re-runs the install. ${advice}${why}`,
            fixes: planned ? [planned.fix] : [],
          });
        }
        pending = [];
      }
    }
  },
);
