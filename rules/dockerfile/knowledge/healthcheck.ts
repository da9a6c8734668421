/**
 * What the health rules (plan §6.1) ask about a stage: its HEALTHCHECK (own or
 * inherited from the stage it is built FROM), the command that check runs, its
 * timing flags as Go durations, the ports the stage EXPOSEs, the localhost port the
 * check probes, and what the container runs (CMD/ENTRYPOINT).
 *
 * Variables: EXPOSE is substituted at build time (ARG and ENV); the HEALTHCHECK
 * command is not (Docker leaves it to the shell at run time), so `$PORT` there
 * resolves through ENV only: an ARG is gone when the check runs.
 *
 * Docker's defaults (`docker build` reference, HEALTHCHECK): interval 30s, timeout
 * 30s, start-period 0s, retries 3; a zero duration means "the default".
 */
import type { ArgWord, DockerfileModel, FlagInfo, Instr, Stage } from '../model';
import { dockerLogicalText, parseShell, programArgs, programName, type ShellCommand, type Word } from '../shell';
import { substitute } from '../variables';
import { ancestry } from '../query';

export const HEALTHCHECK_DEFAULTS = { interval: 30_000, timeout: 30_000, startPeriod: 0, retries: 3 } as const;

/** The command part of a CMD, ENTRYPOINT or `HEALTHCHECK CMD`. */
export interface CommandLine {
  execForm: boolean;
  /** Shell form: the commands the shell runs; exec form: one command with the JSON strings as argv. */
  commands: ShellCommand[];
  /** Offsets of the whole command text (the JSON array in exec form). */
  start: number;
  end: number;
}

export interface Healthcheck {
  instr: Instr;
  /** `HEALTHCHECK NONE`: the image deliberately has no check. */
  none: boolean;
  /** The `CMD` word. */
  cmdWord?: ArgWord;
  flags: FlagInfo[];
  command?: CommandLine;
}

const healthchecks = new WeakMap<Instr, Healthcheck>();

export function readHealthcheck(model: DockerfileModel, instr: Instr): Healthcheck {
  let hc = healthchecks.get(instr);
  if (!hc) {
    const first = instr.args[0];
    const sub = first?.value.toUpperCase();
    hc = { instr, none: sub === 'NONE', flags: instr.flags, cmdWord: sub === 'CMD' ? first : undefined };
    if (sub === 'CMD') hc.command = readCommandLine(model, first.end, instr.end);
    healthchecks.set(instr, hc);
  }
  return hc;
}

/** The HEALTHCHECK in effect for a stage: its own last one, else the nearest ancestor's. */
export function effectiveHealthcheck(model: DockerfileModel, stage: Stage): Healthcheck | undefined {
  const own = lastInAncestry(stage, 'HEALTHCHECK');
  return own && readHealthcheck(model, own);
}

/** The last instruction with this keyword in the stage or, failing that, its nearest ancestor. */
export function lastInAncestry(stage: Stage, keyword: string): Instr | undefined {
  for (const s of ancestry(stage)) {
    for (let i = s.instructions.length - 1; i > 0; i--) if (s.instructions[i].keyword === keyword) return s.instructions[i];
  }
  return undefined;
}

/** Reads the command between `start` and `end`: a JSON array (exec form) or shell text. */
export function readCommandLine(model: DockerfileModel, start: number, end: number): CommandLine | undefined {
  const t = model.text;
  let s = start;
  // Skip blanks and line continuations to the first character of the command.
  while (s < end && (t[s] === ' ' || t[s] === '\t' || t[s] === '\r' || t[s] === '\n' || t[s] === model.escape)) s++;
  if (s >= end) return undefined;
  if (t[s] === '[') {
    const argv = jsonStrings(t, s, end);
    if (argv && argv.length) return { execForm: true, commands: [{ assignments: [], argv, redirects: [], connector: null, programIndex: 0, start: argv[0].start, end: argv[argv.length - 1].end }], start: s, end: closingBracket(t, s, end) };
  }
  const commands = parseShell(dockerLogicalText(t, s, end, model.escape)).filter((c) => c.argv.length > 0);
  return commands.length ? { execForm: false, commands, start: s, end: commands[commands.length - 1].end } : undefined;
}

/** The string literals of a JSON array starting at `s`, or undefined when it is not valid JSON strings. */
function jsonStrings(t: string, s: number, end: number): Word[] | undefined {
  const out: Word[] = [];
  for (let i = s + 1; i < end; i++) {
    const c = t[i];
    if (c === ']') return out;
    if (c !== '"') continue;
    let j = i + 1;
    while (j < end && t[j] !== '"') j += t[j] === '\\' ? 2 : 1;
    try {
      out.push({ value: JSON.parse(t.slice(i, j + 1)) as string, start: i, end: j + 1, quoted: true, hasExpansion: false });
    } catch {
      return undefined;
    }
    i = j;
  }
  return undefined;
}

function closingBracket(t: string, s: number, end: number): number {
  const i = t.indexOf(']', s);
  return i >= 0 && i < end ? i + 1 : end;
}

/** The programs a command line runs, with their words (`sh -c "…"` is read one level deep). */
export function programsOf(line: CommandLine): { program: string; word: Word; args: Word[]; cmd: ShellCommand }[] {
  const out: { program: string; word: Word; args: Word[]; cmd: ShellCommand }[] = [];
  for (const cmd of line.commands) {
    const word = cmd.argv[cmd.programIndex];
    if (!word) continue;
    out.push({ program: programName(cmd), word, args: programArgs(cmd), cmd });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Durations.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a Go duration (`30s`, `1m30s`, `500ms`, `1.5h`), undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  let i = 0;
  let total = 0;
  if (!text.length) return undefined;
  while (i < text.length) {
    const numStart = i;
    while (i < text.length && ((text[i] >= '0' && text[i] <= '9') || text[i] === '.')) i++;
    if (i === numStart) return undefined;
    const n = Number(text.slice(numStart, i));
    const unitStart = i;
    while (i < text.length && !(text[i] >= '0' && text[i] <= '9') && text[i] !== '.') i++;
    const unit = UNIT_MS[text.slice(unitStart, i)];
    if (!Number.isFinite(n) || unit === undefined) return undefined;
    total += n * unit;
  }
  return total;
}

export interface TimingFlag {
  flag: FlagInfo;
  /** Milliseconds; undefined when the value is not a duration. */
  ms: number | undefined;
}

/** A timing flag of the check (`interval`, `timeout`, `start-period`, `start-interval`), the last one written. */
export function timingFlag(hc: Healthcheck, name: string): TimingFlag | undefined {
  let flag: FlagInfo | undefined;
  for (const f of hc.flags) if (f.name.toLowerCase() === name) flag = f;
  return flag && { flag, ms: flag.value === null ? undefined : parseDuration(flag.value) };
}

// ---------------------------------------------------------------------------
// Ports.

export interface ExposedPort {
  /** First and last port (equal unless a range `8000-8010`). */
  from: number;
  to: number;
  /** `tcp` unless written `/udp` (or another protocol). */
  protocol: string;
  word: ArgWord;
}

/** Ports the stage EXPOSEs (its own and its ancestors'); `unresolved` when a variable is left. */
export function exposedPorts(stage: Stage): { ports: ExposedPort[]; unresolved: boolean } {
  const ports: ExposedPort[] = [];
  let unresolved = false;
  for (const s of ancestry(stage).reverse()) {
    for (const i of s.instructions) {
      if (i.keyword !== 'EXPOSE') continue;
      for (const word of i.args) {
        const value = substitute(word.value, (n) => i.state.env.get(n));
        const m = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([a-zA-Z]+))?$/.exec(value);
        if (!m) {
          unresolved = true;
          continue;
        }
        ports.push({ from: Number(m[1]), to: Number(m[2] ?? m[1]), protocol: (m[3] ?? 'tcp').toLowerCase(), word });
      }
    }
  }
  return { ports, unresolved };
}

/**
 * Well-known ports that do not speak plain HTTP (SSH, mail, DNS, databases, brokers,
 * SOCKS, game servers, TLS): an HTTP probe written for them would always fail.
 */
export const NON_HTTP_PORTS: ReadonlySet<number> = new Set([
  21, 22, 23, 25, 53, 110, 143, 389, 443, 465, 587, 636, 993, 995, 1433, 1521, 1883, 2181, 3306, 3478, 4222, 5222, 5432, 5671, 5672,
  6379, 6380, 7000, 7001, 8443, 8883, 9042, 9050, 9092, 11211, 25565, 26257, 27015, 27017, 28015,
]);

export function isExposed(ports: readonly ExposedPort[], port: number): boolean {
  return ports.some((p) => port >= p.from && port <= p.to);
}

export interface ProbedPort {
  /** The port the check connects to, when it resolves. */
  port: number | undefined;
  /** Offsets of the port as written (`8001`, `$PORT`), or of the host when the URL has no port. */
  start: number;
  end: number;
  /** Written as a number in the check (a fix may rewrite it). */
  literal: boolean;
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '0.0.0.0', '[::1]'];
const NC_PROGRAMS = new Set(['nc', 'netcat', 'ncat']);

/**
 * The localhost ports a check probes: `http://localhost:8001/`, `127.0.0.1:$PORT`,
 * `http://localhost/` (80) and `nc -z localhost 8001`. Variables resolve through the
 * ENV the container has (`envNames`), never ARG.
 */
export function probedPorts(model: DockerfileModel, hc: Healthcheck): ProbedPort[] {
  if (!hc.command) return [];
  const env = (name: string) => (hc.instr.state.envNames.has(name) ? hc.instr.state.env.get(name) : undefined);
  const out: ProbedPort[] = [];
  for (const { program, args } of programsOf(hc.command)) {
    for (const w of args) findHostPorts(model.text, w, env, out);
    if (NC_PROGRAMS.has(program)) {
      const pos = args.filter((a) => !a.value.startsWith('-'));
      const host = pos.findIndex((a) => LOCAL_HOSTS.includes(a.value));
      const portWord = host >= 0 ? pos[host + 1] : undefined;
      if (portWord) {
        // Inside the quotes of `"8001"` (exec form, or quoted in the shell).
        const quoted = model.text[portWord.start] === '"' || model.text[portWord.start] === "'";
        const start = quoted ? portWord.start + 1 : portWord.start;
        out.push(resolvePort(portWord.value, start, quoted ? portWord.end - 1 : portWord.end, env));
      }
    }
  }
  return out;
}

/** Scans the word as written for `host:port` and `scheme://host/` with a local host. */
function findHostPorts(text: string, w: Word, env: (n: string) => string | undefined, out: ProbedPort[]): void {
  const raw = text.slice(w.start, w.end);
  for (const host of LOCAL_HOSTS) {
    let from = 0;
    for (let at = raw.indexOf(host, from); at >= 0; at = raw.indexOf(host, from)) {
      from = at + host.length;
      // A host inside a longer name (`localhost.example`) or an `@`/`//` not before it is not the local host.
      const before = raw[at - 1];
      if (before !== undefined && before !== '/' && before !== '@' && before !== '"' && before !== "'" && before !== ' ' && before !== '=' && before !== '(') continue;
      const after = raw[from];
      if (after === ':') {
        let e = from + 1;
        if (raw[e] === '$') {
          e++;
          if (raw[e] === '{') while (e < raw.length && raw[e] !== '}') e++;
          else while (e < raw.length && /\w/.test(raw[e])) e++;
          if (raw[e] === '}') e++;
        } else while (e < raw.length && raw[e] >= '0' && raw[e] <= '9') e++;
        if (e > from + 1) out.push(resolvePort(raw.slice(from + 1, e), w.start + from + 1, w.start + e, env));
      } else if (after === undefined || after === '/' || after === '"' || after === "'" || after === '?') {
        // No port: the scheme's default, when there is a scheme.
        const scheme = raw.slice(Math.max(0, at - 8), at);
        const port = scheme.endsWith('https://') ? 443 : scheme.endsWith('http://') ? 80 : undefined;
        if (port !== undefined) out.push({ port, start: w.start + at, end: w.start + from, literal: false });
      }
    }
  }
}

function resolvePort(written: string, start: number, end: number, env: (n: string) => string | undefined): ProbedPort {
  const literal = /^\d+$/.test(written);
  const value = literal ? written : substitute(written, env);
  return { port: /^\d{1,5}$/.test(value) ? Number(value) : undefined, start, end, literal };
}

// ---------------------------------------------------------------------------
// What the container runs.

/** The CMD and ENTRYPOINT in effect for a stage (own or inherited), read as command lines. */
export function runsOf(model: DockerfileModel, stage: Stage): { instr: Instr; line: CommandLine }[] {
  const out: { instr: Instr; line: CommandLine }[] = [];
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const instr = lastInAncestry(stage, keyword);
    const line = instr && readCommandLine(model, instr.argsStart, instr.end);
    if (instr && line) out.push({ instr, line });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Probe commands the fixes write.

export type ProbeTool = 'curl' | 'wget' | 'python' | 'python3' | 'node';

/** The first tool that can probe an HTTP URL, in order of preference, given what is available. */
export function chooseProbeTool(available: (tool: string) => boolean | undefined): ProbeTool | undefined {
  for (const tool of ['curl', 'wget', 'python', 'python3', 'node'] as const) if (available(tool) === true) return tool;
  return undefined;
}

/** The argv that fetches `url` and fails on an error status, for each tool. */
function probeArgv(tool: ProbeTool, url: string): string[] {
  switch (tool) {
    case 'curl':
      return ['curl', '-fsS', '-o', '/dev/null', url];
    case 'wget':
      return ['wget', '-q', '-O', '/dev/null', url];
    case 'python':
    case 'python3':
      return [tool, '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`];
    case 'node':
      return ['node', '-e', `require('${url.startsWith('https:') ? 'https' : 'http'}').get('${url}', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))`];
  }
}

/**
 * The probe as HEALTHCHECK CMD text: shell form when the image has a shell (curl and
 * wget get `|| exit 1` unless `withExit` is false: Docker reserves exit code 2), exec
 * form otherwise. Undefined when the URL cannot be quoted safely.
 */
export function probeText(tool: ProbeTool, url: string, shell: boolean, withExit = true): string | undefined {
  if (/["'\\`\s]/.test(url) || (!shell && url.includes('$'))) return undefined;
  const argv = probeArgv(tool, url);
  if (!shell) return '[' + argv.map((a) => JSON.stringify(a)).join(', ') + ']';
  const words = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `"${a}"`));
  return words.join(' ') + (withExit && (tool === 'curl' || tool === 'wget') ? ' || exit 1' : '');
}
