/**
 * The Dockerfile model every Dockerfile rule reads. Built once per document version
 * from dockerfile-ast, then enriched with what rules keep asking: stages and their
 * parents, resolved base images, RUN commands split into programs and words, cache
 * mounts, and the ENV/ARG/USER/WORKDIR in effect at each instruction.
 */
import './astMemo';
import { DockerfileParser, type Dockerfile, type Instruction, type Flag, type From, type Heredoc } from 'dockerfile-ast';
import { LineIndex } from '../core/text';
import type { Range } from '../core/types';
import { dockerLogicalText, parseShell, type ShellCommand } from './shell';
import { substitute, type VarLookup } from './variables';
import { declarations } from './properties';

export interface FlagOptionInfo {
  name: string;
  value: string | null;
  start: number;
  end: number;
}

export interface FlagInfo {
  name: string;
  value: string | null;
  /** Offsets of the whole flag, `--mount=...` included. */
  start: number;
  end: number;
  options: FlagOptionInfo[];
}

/** A `RUN --mount=...` flag with its options read out. */
export interface MountInfo {
  flag: FlagInfo;
  type: string;
  target?: string;
  id?: string;
  sharing?: string;
  uid?: string;
  gid?: string;
  mode?: string;
  from?: string;
  source?: string;
  option(name: string): FlagOptionInfo | undefined;
}

export interface ArgWord {
  value: string;
  start: number;
  end: number;
}

export interface ImageRef {
  /** As written, `${PY}` and all. */
  raw: string;
  /** After substituting global ARG defaults. */
  resolved: string;
  /** Repository without tag or digest, e.g. `python`, `ghcr.io/o/app`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** A variable without a default remains. */
  unresolved: boolean;
  start: number;
  end: number;
}

export interface Stage {
  index: number;
  /** `AS name` lowercased, as BuildKit compares it. */
  name?: string;
  from: Instr;
  image: ImageRef;
  /** The earlier stage this one is built FROM, if any. */
  parent?: Stage;
  /** Instructions of the stage, FROM first. */
  instructions: Instr[];
}

/** Build-time state in effect when an instruction runs. Maps are shared until something changes. */
export interface InstrState {
  /** ENV values (and ARG values, which RUN sees as environment too). */
  env: ReadonlyMap<string, string>;
  /** Names declared by ENV (not ARG), which persist into the image. */
  envNames: ReadonlySet<string>;
  /** The USER in effect (raw, variables substituted), undefined = the base image's (usually root). */
  user?: string;
  workdir?: string;
}

export interface Instr {
  keyword: string;
  node: Instruction;
  index: number;
  /** null for ARGs before the first FROM. */
  stage: Stage | null;
  start: number;
  end: number;
  /** First line of the instruction. */
  line: number;
  flags: FlagInfo[];
  mounts: MountInfo[];
  /** Non-flag arguments (shell form) with offsets. */
  args: ArgWord[];
  /** RUN only: the commands the shell runs (shell form, heredoc scripts, or exec form). */
  commands: ShellCommand[];
  execForm: boolean;
  heredocs: Heredoc[];
  /** State in effect when this instruction runs (before its own effect). */
  state: InstrState;
  /** Offset where the instruction's arguments (after flags) begin. */
  argsStart: number;
}

export interface DirectiveInfo {
  name: string;
  value: string;
  line: number;
}

export interface DockerfileModel {
  kind: 'dockerfile';
  path: string;
  text: string;
  lines: LineIndex;
  ast: Dockerfile;
  escape: string;
  directives: DirectiveInfo[];
  /** First line after the parser directives: where a comment may be inserted without turning them into plain comments. */
  afterDirectivesLine: number;
  /** ARG defaults declared before the first FROM. */
  globalArgs: ReadonlyMap<string, string>;
  stages: Stage[];
  instructions: Instr[];
  /** Comment lines (`#...`), with their text after the `#`. */
  comments: { line: number; text: string }[];
}

const EMPTY_ENV: ReadonlyMap<string, string> = new Map();
const EMPTY_SET: ReadonlySet<string> = new Set();

export function parseDockerfile(text: string, path = 'Dockerfile'): DockerfileModel {
  const ast = DockerfileParser.parse(text);
  const lines = new LineIndex(text);
  const off = (r: Range) => lines.offsetAt(r.start);
  const offEnd = (r: Range) => lines.offsetAt(r.end);
  const escape = ast.getEscapeCharacter();

  const directives = ast.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue(), line: d.getRange().start.line }));
  const afterDirectivesLine = directives.length ? directives[directives.length - 1].line + 1 : 0;

  const model: DockerfileModel = {
    kind: 'dockerfile',
    path,
    text,
    lines,
    ast,
    escape,
    directives,
    afterDirectivesLine,
    globalArgs: new Map(),
    stages: [],
    instructions: [],
    comments: ast.getComments().map((c) => ({ line: c.getRange().start.line, text: c.getContent() })),
  };

  const globalArgs = new Map<string, string>();
  let stage: Stage | null = null;
  let state: InstrState = { env: EMPTY_ENV, envNames: EMPTY_SET };
  const stagesByName = new Map<string, Stage>();
  const stageEndState = new Map<Stage, InstrState>();

  ast.getInstructions().forEach((node, index) => {
    const keyword = node.getKeyword().toUpperCase();
    const range = node.getRange();
    const flags = readFlags(node, lines);
    const argsStart = flags.length ? flags[flags.length - 1].end : offEnd(node.getInstructionRange());
    const instr: Instr = {
      keyword,
      node,
      index,
      stage,
      start: off(range),
      end: offEnd(range),
      line: range.start.line,
      flags,
      mounts: keyword === 'RUN' ? flags.filter((f) => f.name.toLowerCase() === 'mount').map(readMount) : [],
      args: node.getArguments().map((a) => ({ value: a.getValue(), start: off(a.getRange()), end: offEnd(a.getRange()) })).filter((a) => a.start >= argsStart),
      commands: [],
      execForm: false,
      heredocs: [],
      state,
      argsStart,
    };

    if (keyword === 'FROM') {
      if (stage) stageEndState.set(stage, state);
      const from = node as From;
      const image = readImage(from, lines, globalArgs);
      const parent = stagesByName.get(image.resolved.toLowerCase());
      const nameRaw = from.getBuildStage();
      stage = { index: model.stages.length, name: nameRaw ? nameRaw.toLowerCase() : undefined, from: instr, image, parent, instructions: [instr] };
      instr.stage = stage;
      model.stages.push(stage);
      if (stage.name) stagesByName.set(stage.name, stage);
      state = parent ? stageEndState.get(parent) ?? { env: EMPTY_ENV, envNames: EMPTY_SET } : { env: EMPTY_ENV, envNames: EMPTY_SET };
      instr.state = state;
    } else if (stage) {
      stage.instructions.push(instr);
    }

    if (keyword === 'RUN') readRun(instr, model);
    if (keyword === 'ARG') {
      for (const p of declarations(model, instr)) {
        if (!stage) globalArgs.set(p.name, p.value ?? '');
        else {
          const value = p.value !== null ? substitute(p.value, lookupIn(state.env)) : state.env.get(p.name) ?? globalArgs.get(p.name);
          if (value !== undefined) state = withEnv(state, p.name, value, false);
        }
      }
    } else if (keyword === 'ENV' && stage) {
      for (const p of declarations(model, instr)) state = withEnv(state, p.name, substitute(p.value ?? '', lookupIn(state.env)), true);
    } else if (keyword === 'USER' && stage) {
      state = { ...state, user: substitute(node.getArgumentsContent() ?? '', lookupIn(state.env)).trim() };
    } else if (keyword === 'WORKDIR' && stage) {
      const dir = substitute(node.getArgumentsContent() ?? '', lookupIn(state.env)).trim();
      state = { ...state, workdir: dir.startsWith('/') || !state.workdir ? dir : joinPath(state.workdir, dir) };
    }
    model.instructions.push(instr);
  });
  model.globalArgs = globalArgs;
  return model;
}

function joinPath(a: string, b: string): string {
  return (a.endsWith('/') ? a : a + '/') + b;
}

function withEnv(state: InstrState, name: string, value: string, isEnv: boolean): InstrState {
  const env = new Map(state.env);
  env.set(name, value);
  let envNames = state.envNames;
  if (isEnv && !envNames.has(name)) {
    const s = new Set(envNames);
    s.add(name);
    envNames = s;
  }
  return { ...state, env, envNames };
}

function lookupIn(env: ReadonlyMap<string, string>): VarLookup {
  return (name) => env.get(name);
}

function readFlags(node: Instruction, lines: LineIndex): FlagInfo[] {
  const withFlags = node as Instruction & { getFlags?: () => Flag[] };
  if (typeof withFlags.getFlags !== 'function') return [];
  return withFlags.getFlags().map((f) => ({
    name: f.getName(),
    value: f.getValue(),
    start: lines.offsetAt(f.getRange().start), // dockerfile-ast's range includes the `--`
    end: lines.offsetAt(f.getRange().end),
    options: f.getOptions().map((o) => ({
      name: o.getName(),
      value: o.getValue(),
      start: lines.offsetAt(o.getRange().start),
      end: lines.offsetAt(o.getRange().end),
    })),
  }));
}

function readMount(flag: FlagInfo): MountInfo {
  const get = (name: string) => flag.options.find((o) => o.name.toLowerCase() === name);
  const val = (...names: string[]) => {
    for (const n of names) {
      const o = get(n);
      if (o) return o.value ?? '';
    }
    return undefined;
  };
  return {
    flag,
    type: (val('type') ?? 'bind').toLowerCase(),
    target: val('target', 'dst', 'destination'),
    id: val('id'),
    sharing: val('sharing'),
    uid: val('uid'),
    gid: val('gid'),
    mode: val('mode'),
    from: val('from'),
    source: val('source', 'src'),
    option: (name) => get(name),
  };
}

function readImage(from: From, lines: LineIndex, globalArgs: ReadonlyMap<string, string>): ImageRef {
  const arg = from.getArguments()[0];
  const raw = arg ? arg.getValue() : '';
  const start = arg ? lines.offsetAt(arg.getRange().start) : lines.offsetAt(from.getRange().end);
  const end = arg ? lines.offsetAt(arg.getRange().end) : start;
  let unresolved = false;
  const resolved = substitute(raw, (name) => {
    const v = globalArgs.get(name);
    if (v === undefined || v === '') unresolved = true;
    return v;
  });
  return { raw, resolved, ...splitImage(resolved), unresolved: unresolved || resolved.includes('$'), start, end };
}

/** Splits `registry/repo:tag@digest`; a `:` in the registry host (a port) is not a tag. */
export function splitImage(ref: string): { repository: string; tag?: string; digest?: string } {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { repository: rest, digest };
}

/** Fills `commands` of a RUN from its shell form, exec form, or heredoc scripts. */
function readRun(instr: Instr, model: DockerfileModel): void {
  const node = instr.node as Instruction & { getHeredocs?: () => Heredoc[]; getJSONStrings?: () => { getValue(): string; getRange(): Range }[] };
  const { text, lines, escape } = model;
  const heredocs = node.getHeredocs ? node.getHeredocs() : [];
  instr.heredocs = heredocs;
  const json = node.getJSONStrings ? node.getJSONStrings() : [];
  const openBracket = (node as Instruction & { getOpeningBracket?: () => unknown }).getOpeningBracket?.();
  if (openBracket && json.length) {
    instr.execForm = true;
    const argv = json.map((a) => {
      const r = a.getRange();
      let value: string;
      try {
        value = JSON.parse(a.getValue());
      } catch {
        value = a.getValue().slice(1, -1);
      }
      return { value, start: lines.offsetAt(r.start), end: lines.offsetAt(r.end), quoted: true, hasExpansion: false };
    });
    instr.commands = [{ assignments: [], argv, redirects: [], connector: null, programIndex: 0, start: argv[0].start, end: argv[argv.length - 1].end }];
    return;
  }
  let commandEnd = instr.end;
  if (heredocs.length) {
    const first = heredocs[0];
    const body = first.getContentRange() ?? first.getDelimiterRange();
    if (body) commandEnd = Math.max(instr.argsStart, lines.offsetAt(body.start) - 1);
  }
  const commands = parseShell(dockerLogicalText(text, instr.argsStart, commandEnd, escape));
  const onlyHeredocs = commands.length > 0 && commands.every((c) => c.argv.length === 0 && c.redirects.every((r) => r.op.startsWith('<<')));
  if (heredocs.length && (onlyHeredocs || commands.length === 0)) {
    // `RUN <<EOF` with no program: each heredoc body is the script itself.
    const scripts: ShellCommand[] = [];
    for (const h of heredocs) {
      const body = h.getContentRange();
      if (!body) continue;
      const s = lines.offsetAt(body.start);
      const e = lines.offsetAt(body.end);
      const firstLine = text.slice(s, Math.min(e, s + 80));
      // A shebang for another interpreter (`#!/usr/bin/env python3`) makes the body data, not shell.
      if (firstLine.startsWith('#!') && !/\b(sh|bash|ash|dash|zsh)\b/.test(firstLine.split('\n')[0])) continue;
      scripts.push(...parseShell(dockerLogicalText(text, s, e, escape, false)));
    }
    instr.commands = scripts;
  } else {
    instr.commands = commands;
  }
}
