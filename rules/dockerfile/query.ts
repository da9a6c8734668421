/**
 * Questions many Dockerfile rules ask, answered once here so rules stay short.
 */
import type { ArgWord, DockerfileModel, Instr, Stage } from './model';
import { programArgs, programName, type ShellCommand, type Word } from './shell';

export interface RunCommand {
  instr: Instr;
  cmd: ShellCommand;
  /** Program basename (`pip3`, `apt-get`). */
  program: string;
  /** Words after the program. */
  args: Word[];
}

/** Every command of every RUN, in order. */
export function* runCommands(model: DockerfileModel): Generator<RunCommand> {
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN') continue;
    for (const cmd of instr.commands) yield { instr, cmd, program: programName(cmd), args: programArgs(cmd) };
  }
}

/** The commands of one RUN. */
export function commandsOf(instr: Instr): RunCommand[] {
  return instr.commands.map((cmd) => ({ instr, cmd, program: programName(cmd), args: programArgs(cmd) }));
}

/** Non-option words (`install`, `-r` values are not skipped: callers know their tools). */
export function positional(args: readonly Word[]): Word[] {
  return args.filter((w) => !w.value.startsWith('-'));
}

/** The first word equal to one of `names`, or that starts with `name=` for long options. */
export function findOption(args: readonly Word[], ...names: string[]): Word | undefined {
  return args.find((w) => names.some((n) => w.value === n || (n.startsWith('--') && w.value.startsWith(n + '='))));
}

/**
 * Which stages ship: the last stage by default. A later issue lets Compose/bake
 * targets name others; rules must ask here rather than assume.
 */
export function shippedStages(model: DockerfileModel, targets?: readonly (string | undefined)[]): Stage[] {
  if (model.stages.length === 0) return [];
  const last = model.stages[model.stages.length - 1];
  if (!targets?.length) return [last];
  // Each build ships its target stage, or the last stage when it names none (or one that does not exist).
  const shipped = new Set(targets.map((t) => (t === undefined ? undefined : model.stages.find((s) => s.name === t.toLowerCase())) ?? last));
  return model.stages.filter((s) => shipped.has(s));
}

/** The stages a stage is built on, nearest first (a stage `FROM base` inherits base's files and state). */
export function ancestry(stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (let s: Stage | undefined = stage; s && out.length < 64; s = s.parent) out.push(s);
  return out;
}

/**
 * Offsets to delete a word together with the blank before it, so
 * `pip install --no-cache-dir -r x` becomes `pip install -r x`. When the word is
 * alone on a continued line, the whole line goes.
 */
export function wordDeletion(model: DockerfileModel, word: { start: number; end: number }): { start: number; end: number } {
  const t = model.text;
  let start = word.start;
  let end = word.end;
  while (start > 0 && (t[start - 1] === ' ' || t[start - 1] === '\t')) start--;
  const lineStart = start === 0 || t[start - 1] === '\n';
  if (lineStart) {
    // The word opened its line: drop the blanks after it instead and keep the indentation.
    start = word.start;
    while (end < t.length && (t[end] === ' ' || t[end] === '\t')) end++;
    // Alone on a continued line (`    --no-cache-dir \`): the whole line goes.
    if (t[end] === model.escape) {
      let e = end + 1;
      while (e < t.length && (t[e] === ' ' || t[e] === '\t')) e++;
      if (t[e] === '\r') e++;
      if (t[e] === '\n') {
        let s = word.start;
        while (s > 0 && t[s - 1] !== '\n') s--;
        return { start: s, end: e + 1 };
      }
    }
  }
  return { start, end };
}

/** The user a stage's RUN executes as: `root` when none is set. */
export function effectiveUser(instr: Instr): string {
  const u = instr.state.user;
  return u && u.length ? u : 'root';
}

export function isRootUser(user: string): boolean {
  const name = user.split(':')[0];
  return name === 'root' || name === '0' || name === '';
}

export interface CopyArgs {
  /** Source words as written (the JSON form's quotes removed, offsets include them). */
  sources: ArgWord[];
  dest: ArgWord;
}

/**
 * Sources and destination of a COPY/ADD in shell or JSON form; undefined for heredoc
 * copies (`COPY <<EOF /x`) and when there is no destination.
 */
export function copyArgs(model: DockerfileModel, instr: Instr): CopyArgs | undefined {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return undefined;
  let args: ArgWord[] = instr.args;
  if (args[0]?.value.startsWith('[')) {
    // JSON form: read the string literals.
    args = [];
    const t = model.text;
    for (let i = instr.argsStart; i < instr.end; i++) {
      if (t[i] !== '"') continue;
      let j = i + 1;
      while (j < instr.end && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
      try {
        args.push({ value: JSON.parse(t.slice(i, j + 1)) as string, start: i, end: j + 1 });
      } catch {
        return undefined;
      }
      i = j;
    }
  }
  if (args.length < 2 || args.some((a) => a.value.startsWith('<<'))) return undefined;
  return { sources: args.slice(0, -1), dest: args[args.length - 1] };
}
