import { dockerfileRule, type DockerfileContext } from '../rule';
import { ancestry, copyArgs, wordDeletion } from '../query';
import { programArgs, programName, type ShellCommand, type Word } from '../shell';
import { normalizePath } from '../knowledge/package-managers';
import { commandRemovals } from '../knowledge/cache-mounts';
import type { DockerfileModel, Instr, Stage } from '../model';
import type { TextEdit } from '../../core/types';

/** Options of chown/chmod that do not change which files are touched. */
const HARMLESS_OPTIONS = new Set(['-R', '--recursive', '-h', '--no-dereference', '-v', '--verbose', '-c', '--changes', '-f', '--silent', '--quiet']);

function under(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(dir + '/');
}

function within(path: string, dir: string): boolean {
  return path === dir || under(path, dir);
}

/** An absolute path from a word, or undefined when it depends on something unknown. */
function resolve(value: string, cwd: string | undefined): string | undefined {
  if (!value || value.includes('$') || value.includes('*') || value.includes('?') || value.includes('[') || value.startsWith('~')) return undefined;
  if (value.startsWith('/')) return normalizePath(value);
  return cwd ? normalizePath(`${cwd}/${value}`) : undefined;
}

interface Recursive {
  /** `-R` words (or combined short options holding R). */
  flags: Word[];
  owner: Word;
  paths: Word[];
  /** Only options we understand. */
  plain: boolean;
}

/** `chown -R owner paths…` / `chmod -R mode paths…`, or undefined when not recursive. */
function recursive(cmd: ShellCommand): Recursive | undefined {
  const args = programArgs(cmd);
  const flags: Word[] = [];
  const rest: Word[] = [];
  let plain = true;
  for (const w of args) {
    const v = w.value;
    if (v.startsWith('-') && v.length > 1 && rest.length === 0) {
      const isR = v === '-R' || v === '--recursive' || (!v.startsWith('--') && v.includes('R'));
      if (isR) flags.push(w);
      if (!HARMLESS_OPTIONS.has(v) && !(isR && /^-[RhvcfH]+$/.test(v))) plain = false;
      continue;
    }
    rest.push(w);
  }
  if (!flags.length || rest.length < 2) return undefined;
  return { flags, owner: rest[0], paths: rest.slice(1), plain };
}

const SYSTEM_PREFIXES = ['/usr', '/etc', '/var', '/lib', '/lib64', '/lib32', '/opt', '/bin', '/sbin', '/run', '/tmp'];
const HOME_PREFIXES = ['/home', '/root'];
const OS_INSTALLERS = new Set(['apk', 'apt-get', 'apt', 'dpkg', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'tdnf', 'update-ca-certificates', 'ldconfig', 'locale-gen']);
/** File tools: write only where their words say, and their relative words are paths. */
const FILE_TOOLS = new Set(['mkdir', 'touch', 'cp', 'mv', 'ln', 'rm', 'rmdir', 'chown', 'chmod', 'chgrp', 'tee', 'sed', 'install']);
/** Tools that write only where a path-looking word says (account tools also write /etc and new homes). */
const NAME_TOOLS = new Set([
  'echo', 'printf', 'true', 'false', 'test', '[', 'cd', 'export', 'set', ':', 'curl', 'adduser', 'addgroup', 'useradd', 'groupadd', 'usermod', 'groupmod',
  'deluser', 'delgroup', 'id', 'ls', 'cat', 'grep', 'sleep',
]);
/** The first operand of these is an owner or mode, not a path. */
const OWNER_FIRST = new Set(['chown', 'chmod', 'chgrp']);

/** Could this command write files inside `dir` (other than creating `dir` itself with mkdir)? */
function writesInside(cmd: ShellCommand, cwd: string | undefined, dir: string): boolean {
  const program = programName(cmd);
  const args = programArgs(cmd);
  const ownerWord = OWNER_FIRST.has(program) ? args.find((w) => !w.value.startsWith('-')) : undefined;
  const modeAt = program === 'mkdir' || program === 'install' ? args.findIndex((w) => w.value === '-m' || w.value === '--mode') : -1;
  const modeValue = modeAt >= 0 ? args[modeAt + 1] : undefined;
  const words = [...args.filter((w) => w !== ownerWord && w !== modeValue), ...cmd.redirects.flatMap((r) => (r.target ? [r.target] : []))];
  const recursiveFlag = programArgs(cmd).some((w) => w.value === '-R' || w.value === '-r' || w.value === '--recursive' || /^-[a-zA-Z]*[Rr]/.test(w.value));
  for (const w of words) {
    let v = w.value;
    const eq = v.startsWith('--') ? v.indexOf('=') : -1;
    if (eq > 0) v = v.slice(eq + 1);
    else if (v.startsWith('-')) continue;
    // Relative words are paths for file tools; elsewhere only when they look like one (`./x`, `a/b`).
    const pathLike = v.startsWith('/') || v.startsWith('.') || v.includes('/') || FILE_TOOLS.has(program);
    if (!pathLike) continue;
    if (v.includes('$') && v.includes(dir)) return true;
    const p = resolve(v, cwd);
    if (!p) continue;
    if (under(p, dir)) return true;
    if (p === dir && program !== 'mkdir' && !((program === 'chown' || program === 'chmod' || program === 'chgrp') && !recursiveFlag)) return true;
  }
  if (FILE_TOOLS.has(program) || NAME_TOOLS.has(program)) return false;
  if (OS_INSTALLERS.has(program)) return SYSTEM_PREFIXES.some((s) => within(dir, s));
  // Anything else (pip, npm, make, scripts…) may write into its working directory, the system and homes.
  return !cwd || within(cwd, dir) || SYSTEM_PREFIXES.some((s) => within(dir, s)) || HOME_PREFIXES.some((s) => within(dir, s));
}

/** The working directory each command of a RUN starts in (following `cd`). */
function cwds(instr: Instr): (string | undefined)[] {
  let known: string | undefined = instr.state.workdir ?? '/';
  return instr.commands.map((c) => {
    const at = known;
    if (programName(c) === 'cd') {
      const target = programArgs(c)[0];
      known = target ? resolve(target.value, known) : undefined;
    }
    return at;
  });
}

interface Copy {
  instr: Instr;
  dest: string;
}

/** Earlier copies of the stage and its ancestry, or undefined when one cannot be read (heredoc, variables). */
function copiesBefore(model: DockerfileModel, stage: Stage, before: number): { copies: Copy[]; unknown: boolean } {
  const copies: Copy[] = [];
  let unknown = false;
  for (const s of ancestry(stage)) {
    for (const instr of s.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.index > before) continue;
      const a = copyArgs(model, instr);
      const dest = a && resolve(a.dest.value, instr.state.workdir ?? '/');
      if (dest) copies.push({ instr, dest });
      else unknown = true;
    }
  }
  return { copies, unknown };
}

/** WORKDIR directories of the stage and its ancestry set before `before`. */
function workdirs(stage: Stage, before: number): string[] {
  const out: string[] = [];
  for (const s of ancestry(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'WORKDIR' || instr.index > before) continue;
      const next = s.instructions[s.instructions.indexOf(instr) + 1];
      const dir = next?.state.workdir ?? resolve(instr.args[0]?.value ?? '', instr.state.workdir ?? '/');
      if (dir && !dir.includes('$')) out.push(normalizePath(dir));
    }
  }
  return out;
}

/** Every RUN command of the stage and its ancestry before command `cmdIndex` of `run`, with its working directory. */
function commandsBefore(stage: Stage, run: Instr, cmdIndex: number): { cmd: ShellCommand; cwd: string | undefined }[] {
  const out: { cmd: ShellCommand; cwd: string | undefined }[] = [];
  for (const s of ancestry(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'RUN' || instr.index > run.index) continue;
      const dirs = cwds(instr);
      instr.commands.forEach((cmd, i) => {
        if (instr !== run || i < cmdIndex) out.push({ cmd, cwd: dirs[i] });
      });
    }
  }
  return out;
}

/** Offsets of a whole instruction with its line break. */
function instructionLines(model: DockerfileModel, instr: Instr): { start: number; end: number } {
  const t = model.text;
  let start = instr.start;
  while (start > 0 && t[start - 1] !== '\n') start--;
  const nl = t.indexOf('\n', instr.end);
  return { start, end: nl < 0 ? t.length : nl + 1 };
}

interface Plan {
  edits: TextEdit[];
  owner: string;
}

/** The fix: `--chown` on the copies, the RUN keeps only non-recursive chowns of directories that existed before them. */
function planFix(ctx: DockerfileContext, stage: Stage, run: Instr, cmdIndex: number, r: Recursive, covered: Map<string, Copy[]>): Plan | undefined {
  const { model } = ctx;
  if (!r.plain || r.owner.hasExpansion || run.heredocs.length || run.execForm) return undefined;
  const owner = r.owner.value;
  const cwd = cwds(run)[cmdIndex];
  const earlier = commandsBefore(stage, run, cmdIndex);
  const wds = workdirs(stage, run.index);
  const edits: TextEdit[] = [];
  const keep: Word[] = [];
  const extra: string[] = [];
  const copies = new Set<Instr>();
  for (const w of r.paths) {
    const dir = resolve(w.value, cwd);
    const list = dir ? covered.get(dir) : undefined;
    if (!dir || !list) return undefined;
    // Only copies of this stage: changing an ancestor's COPY would change its other children.
    if (list.some((c) => c.instr.stage !== stage)) return undefined;
    if (earlier.some((e) => writesInside(e.cmd, e.cwd, dir))) return undefined;
    const made = wds.some((d) => d === dir) || earlier.some((e) => programName(e.cmd) === 'mkdir' && programArgs(e.cmd).some((a) => resolve(a.value, e.cwd) === dir));
    // Neither made by the file nor one of the copies' destinations: the base image may have files there.
    if (!made && !list.some((c) => c.dest === dir)) return undefined;
    if (made) keep.push(w);
    // WORKDIR directories inside: they existed before the copies, so COPY --chown leaves them as they were.
    for (const d of wds) if (under(d, dir) && !extra.includes(d)) extra.push(d);
    for (const c of list) copies.add(c.instr);
  }
  for (const c of copies) {
    const existing = c.flags.find((f) => f.name.toLowerCase() === 'chown');
    if (existing) edits.push(ctx.replace(existing.start, existing.end, `--chown=${owner}`));
    else edits.push(ctx.insert(c.argsStart, ` --chown=${owner}`));
  }
  if (!keep.length && !extra.length) {
    if (run.commands.length === 1) {
      const l = instructionLines(model, run);
      edits.push(ctx.remove(l.start, l.end));
    } else {
      const removal = commandRemovals(model, run, [cmdIndex])?.get(cmdIndex);
      if (!removal) return undefined;
      for (const x of removal) edits.push(ctx.replace(x.start, x.end, x.text));
    }
    return { edits, owner };
  }
  // Non-recursive chown of what stays: drop -R and the paths the copies now own.
  for (const f of r.flags) {
    const rest = f.value === '-R' || f.value === '--recursive' ? '' : f.value.replace('R', '');
    if (rest) edits.push(ctx.replace(f.start, f.end, rest));
    else {
      const d = wordDeletion(model, f);
      edits.push(ctx.remove(d.start, d.end));
    }
  }
  for (const w of r.paths) {
    if (keep.includes(w)) continue;
    const d = wordDeletion(model, w);
    edits.push(ctx.remove(d.start, d.end));
  }
  const extraText = extra.filter((d) => !keep.some((w) => resolve(w.value, cwd) === d));
  if (extraText.length) edits.push(ctx.insert(r.owner.end, ' ' + extraText.join(' ')));
  return { edits, owner };
}

export default dockerfileRule(
  { id: 'chown-layer-duplication', title: 'Recursive chown/chmod duplicates copied files', severity: 'warning', plan: '§2.3', fix: 'safe' },
  (ctx) => {
    const { model } = ctx;
    for (const stage of model.stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const dirs = cwds(run);
        run.commands.forEach((cmd, i) => {
          const program = programName(cmd);
          if (program !== 'chown' && program !== 'chmod') return;
          const r = recursive(cmd);
          if (!r) return;
          const { copies, unknown } = copiesBefore(model, stage, run.index);
          const covered = new Map<string, Copy[]>();
          let partial = unknown;
          for (const w of r.paths) {
            const dir = resolve(w.value, dirs[i]);
            if (!dir) continue;
            const inside = copies.filter((c) => within(c.dest, dir));
            if (inside.length) covered.set(dir, inside);
            if (copies.some((c) => under(dir, c.dest))) partial = true;
          }
          if (!covered.size) return;
          const lines = [...new Set([...covered.values()].flat().map((c) => c.instr.line + 1))].sort((a, b) => a - b);
          const flag = program === 'chown' ? '--chown' : '--chmod';
          const plan = program === 'chown' && !partial && covered.size === r.paths.length ? planFix(ctx, stage, run, i, r, covered) : undefined;
          ctx.report({
            start: cmd.argv[cmd.programIndex].start,
            end: cmd.end,
            message:
              `\`${program} -R\` rewrites every file that COPY/ADD on line${lines.length > 1 ? 's' : ''} ${lines.join(', ')} added into a new layer, so they are stored twice. ` +
              `Set the ${program === 'chown' ? 'owner' : 'mode'} while copying with \`COPY ${flag}=${r.owner.value}\` instead (plan §2.3).`,
            fixes: plan ? [{ title: `Use \`COPY --chown=${plan.owner}\` instead of \`chown -R\``, safe: true, edits: plan.edits }] : [],
          });
        });
      }
    }
  },
);
