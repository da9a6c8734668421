/**
 * What the container runs (CMD/ENTRYPOINT) and with which environment (ENV), and
 * which of that is a development server or reloader (plan §4.2 puts `watchfiles` in
 * a development stage only). Read by `dev-tools-in-final-stage`,
 * `build-tools-in-final-stage` and `python-env-missing`.
 *
 * | Trigger | Example |
 * |---|---|
 * | `--reload` with uvicorn, gunicorn, hypercorn | `uvicorn app:app --reload` |
 * | `--debug`/`--reload` with flask | `flask run --debug` |
 * | reloaders | `watchfiles`, `watchmedo`, `nodemon`, `ts-node-dev` |
 * | dev scripts | `npm run dev`, `yarn dev`, `pnpm run start:dev`, `bun run develop` |
 * | framework dev servers | `manage.py runserver`, `next dev`, `nuxt dev` |
 * | environment | `FLASK_DEBUG` true, `FLASK_ENV=development` |
 *
 * Stages named for development (`dev`, `development`, `debug`, `test`… as a word of
 * the name) are where these belong.
 */
import type { JSONArgument } from 'dockerfile-ast';
import type { DockerfileModel, Instr, Stage } from '../model';
import { ancestry } from '../query';

/** A word of the container command: for JSON form, each blank-separated token of a string, located at that string. */
export interface CommandToken {
  value: string;
  start: number;
  end: number;
}

/** The tokens of a CMD/ENTRYPOINT in shell or JSON form. */
export function commandTokens(model: DockerfileModel, instr: Instr): CommandToken[] {
  const node = instr.node as Instr['node'] & { getJSONStrings?: () => JSONArgument[]; getOpeningBracket?: () => unknown };
  const json = node.getOpeningBracket?.() && node.getJSONStrings ? node.getJSONStrings() : [];
  if (json.length) {
    const out: CommandToken[] = [];
    for (const s of json) {
      const start = model.lines.offsetAt(s.getRange().start);
      const end = model.lines.offsetAt(s.getRange().end);
      for (const value of s.getJSONValue().split(/\s+/)) if (value) out.push({ value, start, end });
    }
    return out;
  }
  return instr.args.map((a) => ({ value: a.value, start: a.start, end: a.end }));
}

/** The CMD and ENTRYPOINT in effect for a stage (its own, else inherited from the stages it is built FROM). */
export function effectiveCommands(stage: Stage): Instr[] {
  let cmd: Instr | undefined;
  let entrypoint: Instr | undefined;
  for (const s of ancestry(stage)) {
    for (let i = s.instructions.length - 1; i >= 0; i--) {
      const k = s.instructions[i].keyword;
      if (k === 'CMD' && !cmd) cmd = s.instructions[i];
      if (k === 'ENTRYPOINT' && !entrypoint) entrypoint = s.instructions[i];
    }
  }
  return [entrypoint, cmd].filter((x): x is Instr => !!x);
}

const DEV_WORDS = new Set(['dev', 'develop', 'development', 'debug', 'test', 'tests', 'testing', 'devcontainer']);

/** `dev`, `app-dev`, `test_runner`: a name meant for development or tests. */
export function isDevName(name: string | undefined): boolean {
  if (!name) return false;
  return name.toLowerCase().split(/[-_.]/).some((part) => DEV_WORDS.has(part));
}

/** `Dockerfile.dev`, `dev.Dockerfile`, `docker/dev/Dockerfile`, `.devcontainer/Dockerfile`: a file for development. */
export function isDevFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  return isDevName(parts[parts.length - 1]) || isDevName(parts[parts.length - 2]);
}

/**
 * A shipped stage exempt from development-tool findings: the file is for development,
 * or a target picked a stage named for development. The default build (the last
 * stage) is what ships, whatever its name.
 */
export function isDevTarget(model: DockerfileModel, stage: Stage): boolean {
  if (isDevFile(model.path)) return true;
  return stage !== model.stages[model.stages.length - 1] && isDevName(stage.name);
}

function base(v: string): string {
  return v.slice(v.lastIndexOf('/') + 1);
}

const RELOAD_SERVERS = new Set(['uvicorn', 'gunicorn', 'hypercorn']);
const RELOADERS = new Set(['watchfiles', 'watchmedo', 'nodemon', 'ts-node-dev']);
const SCRIPT_RUNNERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const DEV_SCRIPTS = new Set(['dev', 'start:dev', 'develop', 'serve:dev']);

export interface DevServerHit {
  token: CommandToken;
  what: string;
}

/** The first development server or reloader a container command starts. */
export function devServerIn(tokens: readonly CommandToken[]): DevServerHit | undefined {
  const names = tokens.map((t) => base(t.value));
  const hasServer = names.some((n) => RELOAD_SERVERS.has(n));
  const hasFlask = names.includes('flask');
  for (let i = 0; i < tokens.length; i++) {
    const v = tokens[i].value;
    const n = names[i];
    if ((v === '--reload' || v.startsWith('--reload=')) && (hasServer || hasFlask)) return { token: tokens[i], what: '`--reload` restarts the server on file changes' };
    if (v === '--debug' && hasFlask) return { token: tokens[i], what: '`flask --debug` runs the debugger and reloader' };
    if (RELOADERS.has(n)) return { token: tokens[i], what: `\`${n}\` is a file-watching reloader` };
    if (SCRIPT_RUNNERS.has(n)) {
      const next = tokens[i + 1]?.value === 'run' ? tokens[i + 2] : tokens[i + 1];
      if (next && DEV_SCRIPTS.has(next.value)) return { token: next, what: `\`${n} ${next.value}\` runs the development script` };
    }
    if (v === 'runserver' && i > 0 && names[i - 1] === 'manage.py') return { token: tokens[i], what: "`manage.py runserver` is Django's development server" };
    if (v === 'dev' && i > 0 && (names[i - 1] === 'next' || names[i - 1] === 'nuxt')) return { token: tokens[i], what: `\`${names[i - 1]} dev\` is a development server` };
  }
  return undefined;
}

function truthy(v: string): boolean {
  const s = v.toLowerCase();
  return s !== '' && s !== '0' && s !== 'false' && s !== 'no' && s !== 'off';
}

export interface EnvWord {
  name: string;
  /** Quotes removed, variables as written. */
  value: string;
  start: number;
  end: number;
}

/** The variables an ENV instruction sets: `ENV A=1 B="x y"` or the legacy `ENV A some value`. */
export function envWords(instr: Instr): EnvWord[] {
  const out: EnvWord[] = [];
  const args = instr.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.value.indexOf('=');
    if (eq <= 0) {
      if (i === 0 && args.length > 1) {
        const last = args[args.length - 1];
        out.push({ name: a.value, value: unquote(instr.node.getArgumentsContent()?.slice(a.value.length).trim() ?? ''), start: a.start, end: last.end });
      }
      break;
    }
    out.push({ name: a.value.slice(0, eq), value: unquote(a.value.slice(eq + 1)), start: a.start, end: a.end });
  }
  return out;
}

function unquote(v: string): string {
  return v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0] ? v.slice(1, -1) : v;
}

/** The last ENV word setting each of `names` in a stage and the stages it is built FROM. */
export function lastEnv(stage: Stage, names: readonly string[]): Map<string, EnvWord> {
  const last = new Map<string, EnvWord>();
  for (const s of [...ancestry(stage)].reverse()) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'ENV') continue;
      for (const w of envWords(instr)) if (names.includes(w.name)) last.set(w.name, w);
    }
  }
  return last;
}

/** The ENV word that leaves Flask's debug mode on in a stage, if any. */
export function debugEnvIn(stage: Stage): { start: number; end: number; what: string } | undefined {
  const last = lastEnv(stage, ['FLASK_DEBUG', 'FLASK_ENV']);
  const debug = last.get('FLASK_DEBUG');
  if (debug && truthy(debug.value)) return { ...debug, what: '`FLASK_DEBUG` turns on the debugger and reloader' };
  const env = last.get('FLASK_ENV');
  if (env && env.value === 'development') return { ...env, what: '`FLASK_ENV=development` turns on the debugger and reloader' };
  return undefined;
}
