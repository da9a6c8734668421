/**
 * Reads a RUN the way the three cache-mount rules need it, once per document version:
 * which package managers download in it, where each really caches for the user and
 * environment in effect, which `--mount=type=cache` targets it has, and what in the
 * RUN turns a cache off or wipes it. The facts about tools are in
 * `package-managers.ts`, those about base images in `base-images.ts`; this module
 * only combines them with the Dockerfile (ENV/ARG, USER and the accounts the file
 * creates, WORKDIR and `cd`, `export`, tool config commands, symlinks).
 */
import type { DockerfileModel, Instr, MountInfo, Stage } from '../model';
import { ancestry, copyArgs, wordDeletion } from '../query';
import { programArgs, programName, type ShellCommand, type Word } from '../shell';
import { substitute } from '../variables';
import { baseImage, type BaseImage } from './base-images';
import { managersFor, normalizePath, positionals, type CacheDirSpec, type CacheEnv, type FetchMatch, type PackageManager, type Resolved, type RunView } from './package-managers';

// ---------------------------------------------------------------------------
// Facts accumulated through a stage (and the stages it is built on).

export interface Account {
  name?: string;
  uid?: string;
  gid?: string;
  /** Primary group by name, when only that is known. */
  group?: string;
  home?: string;
}

interface BuildFacts {
  accounts: readonly Account[];
  groups: ReadonlyMap<string, string>;
  /** Cache locations set by tool config commands (`pnpm config set store-dir`), as the variables they stand for. */
  settings: ReadonlyMap<string, string>;
  /** Symlinks: link → target. */
  links: ReadonlyMap<string, string>;
  /** Debian's docker-clean hook was removed or `Keep-Downloaded-Packages` set. */
  dockerCleanOff: boolean;
  /** Yarn 2+ signals: `.yarnrc.yml` copied, `yarn set version`, `corepack … yarn@2+`. */
  yarnBerry: boolean;
}

interface ModelFacts {
  before: Map<Instr, BuildFacts>;
  base: Map<Stage, BaseImage | undefined>;
  /** The stage whose FROM names an image, at the start of a stage's `FROM <stage>` chain. */
  root: Map<Stage, Stage>;
  /** Stages built `FROM` each stage. */
  children: Map<Stage, Stage[]>;
  runs: Map<Instr, RunAnalysis>;
  /** Commands that read a tool's cache without downloading, by tool id (computed on first use). */
  offline?: Map<string, { instr: Instr; a: RunAnalysis }[]>;
}

const memo = new WeakMap<DockerfileModel, ModelFacts>();

function modelFacts(model: DockerfileModel): ModelFacts {
  let f = memo.get(model);
  if (!f) {
    f = computeFacts(model);
    memo.set(model, f);
  }
  return f;
}

/** Windows images cache elsewhere (`C:\\Users\\…`) and run no apt/apk: the table does not apply. */
function windowsImage(root: Stage): boolean {
  return /windows|servercore|nanoserver|ltsc20/i.test(`${root.image.repository}:${root.image.tag ?? ''}`);
}

function computeFacts(model: DockerfileModel): ModelFacts {
  const before = new Map<Instr, BuildFacts>();
  const base = new Map<Stage, BaseImage | undefined>();
  const root = new Map<Stage, Stage>();
  const children = new Map<Stage, Stage[]>();
  const end = new Map<Stage, BuildFacts>();
  for (const stage of model.stages) {
    const chain = ancestry(stage);
    const first = chain[chain.length - 1];
    root.set(stage, first);
    if (stage.parent) children.set(stage.parent, [...(children.get(stage.parent) ?? []), stage]);
    const image = first.image.unresolved ? undefined : baseImage(first.image.repository);
    base.set(stage, image);
    let facts: BuildFacts = (stage.parent && end.get(stage.parent)) || {
      accounts: image?.accounts ?? [],
      groups: new Map(image?.accounts?.map((a) => [a.name, a.gid]) ?? []),
      settings: new Map(),
      links: new Map(Object.entries(image?.links ?? {})),
      dockerCleanOff: false,
      yarnBerry: false,
    };
    for (const instr of stage.instructions) {
      before.set(instr, facts);
      facts = applyInstr(model, instr, facts, image);
    }
    end.set(stage, facts);
  }
  return { before, base, root, children, runs: new Map() };
}

function lookupIn(instr: Instr, image: BaseImage | undefined): (name: string) => string | undefined {
  return (name) => instr.state.env.get(name) ?? image?.env[name];
}

/** The effects of one instruction on the accumulated facts (copy on change). */
function applyInstr(model: DockerfileModel, instr: Instr, facts: BuildFacts, image: BaseImage | undefined): BuildFacts {
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    const c = copyArgs(model, instr);
    if (!facts.yarnBerry && c?.sources.some((s) => isYarnBerryFile(s.value))) return { ...facts, yarnBerry: true };
    return facts;
  }
  if (instr.keyword !== 'RUN' || instr.execForm) return facts;
  const lookup = lookupIn(instr, image);
  const sub = (w: Word | undefined) => (w ? substitute(w.value, lookup) : undefined);
  let next = facts;
  const edit = () => (next === facts ? (next = { ...facts }) : next);
  for (const cmd of instr.commands) {
    const program = programName(cmd);
    const args = programArgs(cmd);
    if (program === 'useradd' || program === 'adduser') {
      const acc = readAccount(program, args, sub);
      if (acc) edit().accounts = [...next.accounts, acc];
      if (acc?.gid && acc.name && program === 'adduser' && !acc.group) edit().groups = new Map(next.groups).set(acc.name, acc.gid);
    } else if (program === 'groupadd' || program === 'addgroup') {
      const g = readGroup(args, sub);
      if (g) edit().groups = new Map(next.groups).set(g[0], g[1]);
    } else if (program === 'usermod') {
      const changed = readUsermod(args, sub, next.accounts);
      if (changed) edit().accounts = changed;
    } else if (program === 'ln') {
      const link = readSymlink(args, sub, instr.state.workdir);
      if (link) edit().links = new Map(next.links).set(link[0], link[1]);
    }
    if (!next.dockerCleanOff && disablesDockerClean(cmd)) edit().dockerCleanOff = true;
    if (!next.yarnBerry && selectsYarnBerry(program, args)) edit().yarnBerry = true;
    for (const tool of managersFor(program)) {
      const targs = tool.settings && tool.args(cmd);
      const s = targs && tool.settings!(targs);
      if (s) edit().settings = new Map(next.settings).set(s[0], substitute(s[1], lookup));
    }
  }
  return next;
}

function isYarnBerryFile(src: string): boolean {
  const s = src.replace(/\/+$/, '');
  const base = s.slice(s.lastIndexOf('/') + 1);
  return base === '.yarnrc.yml' || base === '.yarn' || s.includes('.yarn/releases');
}

function selectsYarnBerry(program: string, args: readonly Word[]): boolean {
  const p = positionals(args).map((w) => w.value);
  if (program === 'yarn') return (p[0] === 'set' && p[1] === 'version' && !!p[2] && !/^(classic|1(\.|$))/.test(p[2])) || (p[0] === 'policies' && p[1] === 'set-version' && p[2] === 'berry');
  if (program === 'corepack') return (p[0] === 'prepare' || p[0] === 'use' || p[0] === 'install') && p.slice(1).some((v) => /^yarn@([2-9]|stable|berry|canary)/.test(v));
  return false;
}

function disablesDockerClean(cmd: ShellCommand): boolean {
  return cmd.argv.some((w) => w.value.includes('docker-clean') || w.value.includes('Keep-Downloaded-Packages'));
}

const USERADD_VALUES = new Set(['-u', '--uid', '-g', '--gid', '-d', '--home-dir', '--home', '-G', '--groups', '-s', '--shell', '-c', '--comment', '-k', '--skel', '-e', '--expiredate', '-f', '--inactive', '-K', '--key', '-p', '--password', '-b', '--base-dir', '-R', '--root', '-P', '--prefix', '-Z', '--selinux-user', '-h', '--ingroup', '--gecos', '--firstuid', '--lastuid', '--conf', '--add_extra_groups']);

/** `useradd -u 1001 -d /app app`, busybox `adduser -S -u 1001 -G grp -h /app app`, Debian `adduser --uid 1001 --home /app app`. */
export function readAccount(program: string, args: readonly Word[], sub: (w: Word | undefined) => string | undefined): Account | undefined {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v.startsWith('--') && v.includes('=')) {
      const eq = v.indexOf('=');
      values.set(v.slice(0, eq), sub({ ...args[i], value: v.slice(eq + 1) }) ?? '');
    } else if (v.startsWith('-') && USERADD_VALUES.has(v)) {
      values.set(v, sub(args[i + 1]) ?? '');
      i++;
    } else if (v.startsWith('-')) flags.add(v);
    else names.push(sub(args[i]) ?? v);
  }
  const name = names[0];
  // `adduser user group` adds a user to a group.
  if (!name || (program === 'adduser' && names.length > 1)) return undefined;
  const get = (...keys: string[]) => keys.map((k) => values.get(k)).find((x) => x !== undefined && x !== '');
  const busybox = program === 'adduser' && !args.some((a) => a.value.startsWith('--'));
  const uid = get('-u', '--uid');
  const group = busybox ? get('-G') : program === 'adduser' ? get('--ingroup') : get('-g', '--gid');
  const gid = program === 'adduser' && !busybox ? get('--gid') : undefined;
  let home = get('-d', '--home-dir', '--home') ?? (busybox ? get('-h') : undefined);
  const base = get('-b', '--base-dir');
  if (!home && base) home = `${base.replace(/\/+$/, '')}/${name}`;
  // Debian's `adduser --system` gives system users /nonexistent (newer releases) or /home/<name>: unknown.
  const homeUnknown = !home && program === 'adduser' && !busybox && flags.has('--system');
  return {
    name,
    uid: uid && /^\d+$/.test(uid) ? uid : undefined,
    gid: gid && /^\d+$/.test(gid) ? gid : group && /^\d+$/.test(group) ? group : undefined,
    group: group && !/^\d+$/.test(group) ? group : undefined,
    home: homeUnknown ? undefined : home ?? `/home/${name}`,
  };
}

/** `groupadd -g 1001 grp`, `addgroup -g 1001 -S grp`, `addgroup --gid 1001 grp`. */
function readGroup(args: readonly Word[], sub: (w: Word | undefined) => string | undefined): [string, string] | undefined {
  let gid: string | undefined;
  let name: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '-g' || v === '--gid') gid = sub(args[++i]);
    else if (v.startsWith('--gid=')) gid = sub({ ...args[i], value: v.slice(6) });
    else if (v === '-K' || v === '--key' || v === '-p' || v === '--password' || v === '-R' || v === '--root' || v === '-P' || v === '--prefix') i++;
    else if (!v.startsWith('-') && name === undefined) name = sub(args[i]);
  }
  return name && gid && /^\d+$/.test(gid) ? [name, gid] : undefined;
}

/** `usermod -u 1001 -d /x -l newname user`. */
function readUsermod(args: readonly Word[], sub: (w: Word | undefined) => string | undefined, accounts: readonly Account[]): Account[] | undefined {
  const names = positionals(args, new Set(['-u', '--uid', '-d', '--home', '-l', '--login', '-g', '--gid', '-G', '--groups', '-s', '--shell', '-c', '--comment', '-e', '-f', '-p', '-R', '-P']));
  const target = names[names.length - 1];
  if (!target) return undefined;
  const val = (...keys: string[]) => {
    const i = args.findIndex((a) => keys.includes(a.value));
    return i >= 0 ? sub(args[i + 1]) : undefined;
  };
  const uid = val('-u', '--uid');
  const home = val('-d', '--home');
  const login = val('-l', '--login');
  if (!uid && !home && !login) return undefined;
  const old = [...accounts].reverse().find((a) => a.name === target.value);
  const updated: Account = { ...(old ?? { name: target.value, home: `/home/${target.value}` }) };
  if (uid && /^\d+$/.test(uid)) updated.uid = uid;
  if (home) updated.home = home;
  if (login) updated.name = login;
  return [...accounts, updated];
}

/** `ln -s TARGET LINK` / `ln -sf TARGET LINK`, absolute paths only. */
function readSymlink(args: readonly Word[], sub: (w: Word | undefined) => string | undefined, workdir: string | undefined): [string, string] | undefined {
  if (!args.some((a) => /^-[a-zA-Z]*s/.test(a.value) || a.value === '--symbolic')) return undefined;
  const p = positionals(args).map((w) => sub(w) ?? w.value);
  if (p.length !== 2) return undefined;
  const [target, link] = p;
  const abs = (x: string) => (x.startsWith('/') ? normalizePath(x) : workdir?.startsWith('/') ? normalizePath(`${workdir}/${x}`) : undefined);
  const t = abs(target);
  const l = abs(link);
  return t && l && !t.includes('$') && !l.includes('$') ? [l, t] : undefined;
}

// ---------------------------------------------------------------------------
// Paths.

/** True when `a` is `b` or inside it. */
export function within(a: string, b: string): boolean {
  return a === b || b === '/' || a.startsWith(b + '/');
}

/** One is the other or inside it. */
export function overlaps(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}

function canonical(path: string, links: ReadonlyMap<string, string>): string {
  for (const [link, target] of links) if (within(path, link)) return target + path.slice(link.length);
  return path;
}

/** Does a mount target look like one of the path tails (segment-wise, case-insensitive)? */
export function tailMatches(target: string, tails: readonly string[]): string | undefined {
  const segs = target.toLowerCase().split('/').filter(Boolean);
  for (const t of tails) {
    const ts = t.toLowerCase().split('/');
    if (ts.length > segs.length) continue;
    if (ts.every((s, i) => segs[segs.length - ts.length + i] === s)) return t;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The user a command runs as.

export interface RunUser {
  root: boolean;
  /** For messages: `root`, `appuser`, `uid 1001`. */
  who: string;
  uid?: string;
  gid?: string;
  home?: string;
}

const ROOT: RunUser = { root: true, who: 'root', uid: '0', gid: '0', home: '/root' };

function runsWithSudo(cmd: ShellCommand): boolean {
  for (let i = 0; i < cmd.programIndex; i++) {
    const v = cmd.argv[i].value;
    if (v === 'sudo' || v === 'doas') return !cmd.argv.slice(i + 1, cmd.programIndex).some((w) => w.value === '-u' || w.value.startsWith('--user'));
  }
  return false;
}

function resolveUser(instr: Instr, facts: BuildFacts, image: BaseImage | undefined): RunUser {
  const raw = instr.state.user;
  if (!raw) return ROOT;
  // BuildKit reads USER as a word: quotes are removed (`USER "$UID:$GID"`).
  const spec = substitute(raw, lookupIn(instr, image)).replace(/["']/g, '');
  const [u, g] = spec.split(':');
  if (u === '' || u === 'root' || u === '0') return ROOT;
  const numeric = /^\d+$/.test(u);
  const account = [...facts.accounts].reverse().find((a) => (numeric ? a.uid === u : a.name === u));
  const gidOf = (group: string | undefined) => (group === undefined ? undefined : /^\d+$/.test(group) ? group : facts.groups.get(group));
  return {
    root: false,
    who: numeric && !account?.name ? `uid ${u}` : account?.name ?? u,
    uid: numeric ? u : account?.uid,
    gid: g !== undefined ? gidOf(g) : account?.gid ?? gidOf(account?.group),
    home: account ? account.home : numeric ? undefined : `/home/${u}`,
  };
}

// ---------------------------------------------------------------------------
// The environment a command sees.

type Origin = { layer: 'assignment' | 'export'; word: Word; cmdIndex: number } | { layer: 'file' | 'image' | 'settings' };

export interface CommandEnv extends CacheEnv {
  /** Where a variable's value comes from (for pointing at it). */
  origin(name: string): Origin | undefined;
}

const BERRY_ENV = ['YARN_ENABLE_GLOBAL_CACHE', 'YARN_NODE_LINKER', 'YARN_ENABLE_IMMUTABLE_INSTALLS', 'YARN_GLOBAL_FOLDER', 'YARN_NPM_REGISTRY_SERVER', 'YARN_ENABLE_TELEMETRY', 'YARN_PNP_MODE'];
const BERRY_FLAGS = ['--immutable', '--immutable-cache', '--check-cache', '--inline-builds', '--mode'];

function assignmentParts(w: Word): [string, string] | undefined {
  const eq = w.value.indexOf('=');
  return eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value.slice(0, eq)) ? [w.value.slice(0, eq), w.value.slice(eq + 1)] : undefined;
}

/** Assignments that apply to one command: `A=1 cmd` and `env A=1 cmd`. */
function commandAssignments(cmd: ShellCommand): Word[] {
  const out = [...cmd.assignments];
  for (let i = 0; i < cmd.programIndex; i++) if (assignmentParts(cmd.argv[i])) out.push(cmd.argv[i]);
  return out;
}

// ---------------------------------------------------------------------------
// A RUN, read once.

export interface CacheMount {
  mount: MountInfo;
  /** Absolute, variables expanded, symlinks followed; undefined when unknown. */
  target?: string;
}

export interface DirNeed {
  spec: CacheDirSpec;
  dir: Resolved;
}

export interface ToolCommand {
  tool: PackageManager;
  cmd: ShellCommand;
  cmdIndex: number;
  args: Word[];
  env: CommandEnv;
  user: RunUser;
  fetch?: FetchMatch;
}

/** A package manager that downloads in this RUN. */
export interface ToolRun {
  tool: PackageManager;
  /** Its commands that download; the first is where findings point. */
  fetches: ToolCommand[];
  /** Directories a mount must cover, then the ones the fix adds as well. */
  needs: DirNeed[];
  also: DirNeed[];
  /** Directories it installs into (a cache mount there swallows the install). */
  installs: string[];
}

export interface RunAnalysis {
  instr: Instr;
  mounts: CacheMount[];
  commands: ToolCommand[];
  tools: ToolRun[];
  image?: BaseImage;
  /** Debian's docker-clean is known to be off before this RUN's first apt command. */
  dockerCleanOff: boolean;
  links: ReadonlyMap<string, string>;
  /** Yarn 2+ is in use (see `BuildFacts.yarnBerry`, plus Berry-only flags and settings in this RUN). */
  yarnBerry: boolean;
  /** HOME of the RUN's user (ENV HOME wins), for `~` in paths. */
  home?: string;
  /** Canonical form of a path (symlinks followed). */
  canonical(path: string): string;
}

/** The RUN read for the cache rules (memoized per model). */
export function analyzeRun(model: DockerfileModel, instr: Instr): RunAnalysis | undefined {
  if (instr.keyword !== 'RUN' || !instr.stage) return undefined;
  const mf = modelFacts(model);
  const cached = mf.runs.get(instr);
  if (cached) return cached;
  const facts = mf.before.get(instr);
  const root = mf.root.get(instr.stage);
  if (!facts || !root || windowsImage(root)) return undefined;
  const image = mf.base.get(instr.stage);
  const a = readRun(instr, facts, image, root.image.tag);
  mf.runs.set(instr, a);
  return a;
}

function readRun(instr: Instr, facts: BuildFacts, image: BaseImage | undefined, imageTag: string | undefined): RunAnalysis {
  const fileLookup = lookupIn(instr, image);
  const links = new Map(facts.links);
  const commands = instr.commands;
  // Symlinks made earlier in this RUN count too (the mount is there before the shell starts).
  for (const c of commands) {
    if (programName(c) !== 'ln') continue;
    const l = readSymlink(programArgs(c), (w) => (w ? substitute(w.value, fileLookup) : undefined), instr.state.workdir);
    if (l) links.set(l[0], l[1]);
  }
  const canon = (p: string) => canonical(p, links);
  const workdir = instr.state.workdir ? normalizePath(instr.state.workdir.startsWith('/') ? instr.state.workdir : '/' + instr.state.workdir) : undefined;

  const mounts: CacheMount[] = [];
  for (const m of instr.mounts) {
    if (m.type !== 'cache') continue;
    let target = m.target !== undefined ? substitute(m.target, fileLookup) : undefined;
    if (target !== undefined && (target === '' || target.includes('$'))) target = undefined;
    if (target !== undefined) target = canon(normalizePath(target.startsWith('/') ? target : `${workdir ?? ''}/${target}`));
    mounts.push({ mount: m, target });
  }

  const baseUser = resolveUser(instr, facts, image);
  const berry =
    facts.yarnBerry ||
    BERRY_ENV.some((n) => fileLookup(n) !== undefined) ||
    commands.some((c) => {
      const p = programName(c);
      if (p !== 'yarn' && p !== 'corepack') return false;
      const args = programArgs(c);
      return selectsYarnBerry(p, args) || (p === 'yarn' && (args.some((w) => BERRY_FLAGS.some((f) => w.value === f || w.value.startsWith(f + '='))) || (positionals(args)[0]?.value === 'workspaces' && positionals(args)[1]?.value === 'focus')));
    });

  // Replaced (not mutated) when a command changes them, so each command's env keeps what it saw.
  let exported: ReadonlyMap<string, Exported> = EMPTY_EXPORTS;
  let runSettings: ReadonlyMap<string, string> = EMPTY_SETTINGS;
  let cwd = workdir;
  let dockerCleanOff = facts.dockerCleanOff;
  let dockerCleanKnown = false;
  const toolCommands: ToolCommand[] = [];

  commands.forEach((cmd, index) => {
    const program = programName(cmd);
    const args = programArgs(cmd);
    if (!dockerCleanKnown && programIs(program, 'apt-get', 'apt')) dockerCleanKnown = true;
    if (!dockerCleanKnown && disablesDockerClean(cmd)) dockerCleanOff = true;
    let env: CommandEnv | undefined;
    const envFor = (user: RunUser) => {
      if (!env || env.root !== user.root) {
        const own = new Map<string, Word>();
        for (const w of commandAssignments(cmd)) {
          const p = assignmentParts(w);
          if (p) own.set(p[0], w);
        }
        env = makeEnv(own, exported, image, facts.settings, runSettings, user, cwd, instr, imageTag);
      }
      return env;
    };
    const user = runsWithSudo(cmd) ? ROOT : baseUser;
    for (const tool of managersFor(program)) {
      if ((tool.id === 'yarn' && berry) || (tool.id === 'yarn-berry' && !berry)) continue;
      const targs = tool.args(cmd);
      if (!targs) continue;
      const s = tool.settings?.(targs);
      if (s) runSettings = new Map(runSettings).set(s[0], s[1]);
      const toolUser = tool.runsAsRoot ? ROOT : user;
      const e = envFor(toolUser);
      const view: RunView = { commands, index, program: cmd.argv[cmd.programIndex] ?? cmd.argv[0], yarnBerry: berry };
      toolCommands.push({ tool, cmd, cmdIndex: index, args: targs, env: e, user: toolUser, fetch: tool.fetch(targs, view, e) });
    }
    // Shell state for the commands after this one.
    if (program === 'export' || (cmd.argv.length === 0 && cmd.assignments.length)) {
      const words = program === 'export' ? args : cmd.assignments;
      const e = envFor(user);
      const next = new Map(exported);
      for (const w of words) {
        const p = assignmentParts(w);
        if (!p) continue;
        // A plain `A=1` only reaches programs when A is already exported.
        if (program !== 'export' && e.get(p[0]) === undefined && !exported.has(p[0])) continue;
        next.set(p[0], { value: substitute(p[1], (n) => e.get(n)), word: w, cmdIndex: index });
      }
      exported = next;
    } else if (program === 'unset') {
      const next = new Map(exported);
      for (const w of args) if (!w.value.startsWith('-')) next.set(w.value, { value: null, cmdIndex: index });
      exported = next;
    } else if (program === 'cd') {
      const dir = args.find((w) => !w.value.startsWith('-'));
      if (!dir || dir.hasExpansion) cwd = undefined;
      else cwd = dir.value.startsWith('/') ? normalizePath(dir.value) : cwd ? normalizePath(`${cwd}/${dir.value}`) : undefined;
    }
  });

  const tools: ToolRun[] = [];
  for (const tc of toolCommands) {
    if (!tc.fetch) continue;
    let run = tools.find((t) => t.tool === tc.tool);
    if (!run) {
      run = { tool: tc.tool, fetches: [], needs: [], also: [], installs: [] };
      tools.push(run);
    }
    run.fetches.push(tc);
    const add = (list: DirNeed[], key: string) => {
      if (run!.needs.some((d) => d.spec.key === key) || run!.also.some((d) => d.spec.key === key)) return;
      const spec = tc.tool.caches.find((c) => c.key === key);
      if (spec) list.push({ spec, dir: canonDir(spec.resolve(tc.env, tc.args), canon) });
    };
    for (const key of tc.fetch.fills) add(run.needs, key);
    for (const key of tc.fetch.also ?? []) add(run.also, key);
    for (const dir of tc.tool.installs?.(tc.env, tc.args) ?? []) if (!run.installs.includes(canon(dir))) run.installs.push(canon(dir));
  }
  // A key needed by one command and optional for another is needed.
  for (const t of tools) t.also = t.also.filter((d) => !t.needs.some((n) => n.spec.key === d.spec.key));

  const home = instr.state.env.get('HOME') ?? image?.env.HOME ?? baseUser.home;
  return { instr, mounts, commands: toolCommands, tools, image, dockerCleanOff, links, yarnBerry: berry, home, canonical: canon };
}

function programIs(program: string, ...names: string[]): boolean {
  return names.includes(program);
}

function canonDir(r: Resolved, canon: (p: string) => string): Resolved {
  return 'path' in r ? { ...r, path: canon(r.path), also: r.also?.map(canon) } : r;
}

interface Exported {
  value: string | null;
  word?: Word;
  cmdIndex: number;
}

const EMPTY_EXPORTS: ReadonlyMap<string, Exported> = new Map();
const EMPTY_SETTINGS: ReadonlyMap<string, string> = new Map();

function makeEnv(
  own: ReadonlyMap<string, Word>,
  exported: ReadonlyMap<string, Exported>,
  image: BaseImage | undefined,
  settings: ReadonlyMap<string, string>,
  runSettings: ReadonlyMap<string, string>,
  user: RunUser,
  cwd: string | undefined,
  instr: Instr,
  imageTag: string | undefined,
): CommandEnv {
  const exportedNow = exported;
  const runSettingsNow = runSettings;
  const raw = (name: string): string | undefined => {
    const w = own.get(name);
    if (w) return assignmentParts(w)![1];
    const e = exportedNow.get(name);
    if (e) return e.value ?? undefined;
    const f = instr.state.env.get(name) ?? image?.env[name];
    if (f !== undefined) return f;
    const s = runSettingsNow.get(name) ?? settings.get(name);
    if (s !== undefined) return s;
    return name === 'HOME' ? user.home : undefined;
  };
  const resolve = (name: string, depth: number): string | undefined => {
    const v = raw(name);
    if (v === undefined || depth > 4 || !v.includes('$')) return v;
    return substitute(v, (n) => resolve(n, depth + 1));
  };
  const home = resolve('HOME', 0);
  return {
    get: (...names) => {
      for (const n of names) {
        const v = resolve(n, 0);
        if (v !== undefined) return v;
      }
      return undefined;
    },
    home: home && !home.includes('$') ? home : undefined,
    who: user.who,
    root: user.root,
    cwd,
    imageTag,
    origin(name) {
      const w = own.get(name);
      if (w) return { layer: 'assignment', word: w, cmdIndex: -1 };
      const e = exportedNow.get(name);
      if (e) return e.value === null || !e.word ? undefined : { layer: 'export', word: e.word, cmdIndex: e.cmdIndex };
      if (instr.state.env.get(name) !== undefined) return { layer: 'file' };
      if (image?.env[name] !== undefined) return { layer: 'image' };
      if (runSettingsNow.has(name) || settings.has(name)) return { layer: 'settings' };
      return undefined;
    },
  };
}

// ---------------------------------------------------------------------------
// Questions the rules ask.

/** A mount is for this directory: it is the directory, inside it, or contains it. */
export function mountCovers(m: CacheMount, need: DirNeed): boolean {
  return !!m.target && targetCovers(m.target, need);
}

function targetCovers(target: string, need: DirNeed): boolean {
  return 'path' in need.dir && [need.dir.path, ...(need.dir.also ?? [])].some((p) => overlaps(target, p));
}

/** The target covers the directory or has its shape. */
function targetServes(target: string, need: DirNeed): boolean {
  return targetCovers(target, need) || !!tailMatches(target, need.spec.looksLike);
}

/** The mount's target has the shape of this directory (`…/.cache/pip`, `/var/cache/apk`). */
export function mountLooksLike(m: CacheMount, spec: CacheDirSpec): boolean {
  return !!m.target && !!tailMatches(m.target, spec.looksLike);
}

const dirsMemo = new WeakMap<ToolCommand, DirNeed[]>();

/** Directories of a tool (every key, resolved for one of its commands). */
export function toolDirs(tc: ToolCommand, a: RunAnalysis): DirNeed[] {
  let dirs = dirsMemo.get(tc);
  if (!dirs) {
    dirs = tc.tool.caches.map((spec) => ({ spec, dir: canonDir(spec.resolve(tc.env, tc.args), a.canonical) }));
    dirsMemo.set(tc, dirs);
  }
  return dirs;
}

/** Writable by the user: root, a matching uid, or a mode that lets others (or the group) write. */
export function mountWritable(m: MountInfo, user: RunUser): boolean | undefined {
  if (user.root) return true;
  const mode = m.mode !== undefined ? parseInt(m.mode, 8) : 0o755;
  if (!Number.isNaN(mode) && mode & 0o002) return true;
  const uid = m.uid ?? '0';
  if (user.uid !== undefined && uid === user.uid) return true;
  if (user.gid !== undefined && (m.gid ?? '0') === user.gid && !Number.isNaN(mode) && mode & 0o020) return true;
  // A uid we cannot check against an unknown user: give it the benefit of the doubt.
  if (user.uid === undefined) return m.uid !== undefined ? undefined : false;
  return false;
}

/** The `--mount` flag text for a directory. */
export function mountFlag(path: string, spec: CacheDirSpec, user: RunUser): string {
  let s = `--mount=type=cache,target=${path}`;
  if (spec.sharing) s += `,sharing=${spec.sharing}`;
  if (!user.root && user.uid !== undefined) {
    s += `,uid=${user.uid}`;
    if (user.gid !== undefined) s += `,gid=${user.gid}`;
  }
  return s;
}

/** A path a `--mount` flag can carry without quoting. */
export function plainPath(p: string): boolean {
  return /^\/[A-Za-z0-9._/@+-]*$/.test(p);
}

/** Offset right after the `RUN` keyword, where new flags go. */
export function flagInsertOffset(model: DockerfileModel, instr: Instr): number {
  return model.lines.offsetAt(instr.node.getInstructionRange().end);
}

/** A later RUN in this stage or a stage built on it reads the tool's cache offline, without a mount on it. */
export function laterOfflineReader(model: DockerfileModel, a: RunAnalysis, run: ToolRun, dirs: readonly string[]): Instr | undefined {
  if (!run.tool.readsOffline) return undefined;
  const mf = modelFacts(model);
  if (!mf.offline) {
    mf.offline = new Map();
    for (const instr of model.instructions) {
      const later = analyzeRun(model, instr);
      for (const tc of later?.commands ?? []) {
        if (!tc.tool.readsOffline?.(tc.args)) continue;
        const list = mf.offline.get(tc.tool.id) ?? [];
        if (list[list.length - 1]?.instr !== instr) list.push({ instr, a: later! });
        mf.offline.set(tc.tool.id, list);
      }
    }
  }
  const readers = mf.offline.get(run.tool.id)?.filter((r) => r.instr.index > a.instr.index);
  if (!readers?.length) return undefined;
  const stages = new Set<Stage>([a.instr.stage!]);
  for (const st of stages) for (const c of mf.children.get(st) ?? []) stages.add(c);
  for (const r of readers) {
    if (!r.instr.stage || !stages.has(r.instr.stage)) continue;
    if (!r.a.mounts.some((m) => m.target && dirs.some((d) => overlaps(m.target!, d)))) return r.instr;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// What defeats a cache mount inside the RUN, and how to take it out.

export interface Defeat {
  kind: 'flag' | 'assignment' | 'export' | 'env' | 'wipe' | 'rm';
  tool?: PackageManager;
  /** What to point at. */
  start: number;
  end: number;
  /** As written, for messages. */
  text: string;
  /** The whole command when that is what goes (`rm -rf /var/lib/apt/lists/*`), for titles. */
  command?: string;
  /** The mount target it defeats. */
  target: string;
  /**
   * How it is taken out: the word (`--no-cache-dir`), its whole command (`npm cache
   * clean --force`, see `removalEdits`), or not from this RUN (ENV in effect, an
   * `rm` of a directory that contains the mount).
   */
  removal: 'word' | 'command' | 'none';
  /** Index of the command it is in. */
  cmdIndex: number;
}

/**
 * Everything in the RUN that turns off or wipes the caches at `targets`
 * (existing mounts, or the ones a fix is about to add).
 */
export function findDefeats(model: DockerfileModel, a: RunAnalysis, targets: readonly { target: string; tool?: PackageManager; keys?: readonly string[] }[]): Defeat[] {
  const out: Defeat[] = [];
  const text = model.text;
  for (const tc of a.commands) {
    const dirs = toolDirs(tc, a);
    const relevant: { target: string; keys: readonly string[] }[] = [];
    for (const t of targets) {
      if (t.tool) {
        if (t.tool === tc.tool) relevant.push({ target: t.target, keys: t.keys ?? tc.tool.caches.map((c) => c.key) });
      } else {
        const keys = dirs.filter((d) => targetServes(t.target, d)).map((d) => d.spec.key);
        if (keys.length) relevant.push({ target: t.target, keys });
      }
    }
    if (!relevant.length) continue;
    const target = relevant[0].target;
    for (const flag of tc.tool.disablingFlags ?? []) {
      for (const w of tc.args) {
        if (w.value !== flag) continue;
        out.push({ kind: 'flag', tool: tc.tool, start: w.start, end: w.end, text: w.value, target, removal: 'word', cmdIndex: tc.cmdIndex });
      }
    }
    for (const d of tc.tool.disablingEnv ?? []) {
      const value = tc.env.get(d.name);
      if (value === undefined || !d.disables(value)) continue;
      const origin = tc.env.origin(d.name);
      if (!origin) continue;
      if (origin.layer === 'assignment' || origin.layer === 'export') {
        const w = origin.word;
        const exportCmd = origin.layer === 'export' ? a.instr.commands[origin.cmdIndex] : undefined;
        const alone = exportCmd && programArgs(exportCmd).length === 1 && programName(exportCmd) === 'export';
        if (out.some((o) => o.start === w.start)) continue;
        out.push({
          kind: origin.layer,
          tool: tc.tool,
          start: w.start,
          end: w.end,
          text: w.value,
          target,
          removal: alone ? 'command' : 'word',
          cmdIndex: origin.layer === 'export' ? origin.cmdIndex : tc.cmdIndex,
        });
      } else if (tc.fetch) {
        out.push({ kind: 'env', tool: tc.tool, start: tc.fetch.word.start, end: tc.fetch.word.end, text: `${d.name}=${value}`, target, removal: 'none', cmdIndex: tc.cmdIndex });
      }
    }
    const wiped = tc.tool.wipes?.(tc.args);
    if (wiped) {
      const hit = relevant.find((t) => t.keys.some((k) => wiped.includes(k)));
      if (hit) out.push({ kind: 'wipe', tool: tc.tool, start: tc.cmd.start, end: tc.cmd.end, text: text.slice(tc.cmd.start, tc.cmd.end), target: hit.target, removal: 'command', cmdIndex: tc.cmdIndex });
    }
  }
  out.push(...rmDefeats(text, a, targets.map((t) => t.target)));
  return out.sort((x, y) => x.start - y.start);
}

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

/** What a tool's hooks see of the RUN around one of its commands. */
export function runView(a: RunAnalysis, cmdIndex: number): RunView {
  const cmd = a.instr.commands[cmdIndex];
  return { commands: a.instr.commands, index: cmdIndex, program: cmd.argv[cmd.programIndex] ?? cmd.argv[0], yarnBerry: a.yarnBerry };
}

/**
 * Edits that take these defeats out of the RUN together; undefined when one of them
 * cannot be. A flag the tool needs replaced rather than dropped (apk's `--no-cache`
 * becomes `--update`, so the index is still refreshed) is replaced.
 */
export function removalEdits(model: DockerfileModel, a: RunAnalysis, defeats: readonly Defeat[]): OffsetEdit[] | undefined {
  if (defeats.some((d) => d.removal === 'none') || (a.instr.execForm && defeats.length)) return undefined;
  const whole = [...new Set(defeats.filter((d) => d.removal === 'command').map((d) => d.cmdIndex))];
  const ranges = commandRemovals(model, a.instr, whole);
  if (!ranges) return undefined;
  const edits = [...ranges.values()].flat();
  const seen = new Set<number>();
  const replaced = new Set<number>();
  for (const d of defeats) {
    if (d.removal !== 'word' || whole.includes(d.cmdIndex) || seen.has(d.start)) continue;
    seen.add(d.start);
    const ensure = d.kind === 'flag' ? d.tool?.ensureFlag : undefined;
    const tc = ensure && a.commands.find((c) => c.tool === d.tool && c.cmdIndex === d.cmdIndex);
    if (ensure && tc?.fetch && !replaced.has(d.cmdIndex) && !ensure.satisfied(tc.args, runView(a, d.cmdIndex))) {
      replaced.add(d.cmdIndex);
      edits.push({ start: d.start, end: d.end, text: ensure.flag });
      continue;
    }
    const r = wordDeletion(model, d);
    edits.push({ start: r.start, end: r.end, text: '' });
  }
  return edits;
}

/** Inserts the flag a tool needs with its cache on (apk `--update`) where neither it nor a replaced flag is there. */
export function ensureFlagEdits(a: RunAnalysis, tool: PackageManager, edits: readonly OffsetEdit[]): OffsetEdit[] | undefined {
  const ensure = tool.ensureFlag;
  if (!ensure) return [];
  const out: OffsetEdit[] = [];
  for (const tc of a.commands) {
    if (tc.tool !== tool || !tc.fetch || ensure.satisfied(tc.args, runView(a, tc.cmdIndex))) continue;
    if (edits.some((e) => e.text === ensure.flag && e.start >= tc.cmd.start && e.end <= tc.cmd.end)) continue;
    if (a.instr.execForm) return undefined;
    out.push({ start: tc.fetch.word.end, end: tc.fetch.word.end, text: ` ${ensure.flag}` });
  }
  return out;
}

const GLOB = /[*?[]/;

/** `rm -rf <mounted dir or inside it>`: wipes the cache. Operands that contain a mount are reported without a removal. */
function rmDefeats(text: string, a: RunAnalysis, targets: readonly string[]): Defeat[] {
  const out: Defeat[] = [];
  const lookup = lookupIn(a.instr, a.image);
  let cwd = a.instr.state.workdir?.startsWith('/') ? normalizePath(a.instr.state.workdir) : undefined;
  a.instr.commands.forEach((cmd, index) => {
    const program = programName(cmd);
    if (program === 'cd') {
      const d = programArgs(cmd).find((w) => !w.value.startsWith('-'));
      cwd = d && !d.hasExpansion && d.value.startsWith('/') ? normalizePath(d.value) : undefined;
      return;
    }
    if (program !== 'rm') return;
    const operands = positionals(programArgs(cmd));
    const hits: { w: Word; target: string; inside: boolean }[] = [];
    for (const w of operands) {
      let p = substitute(w.value, (n) => (n === 'HOME' ? undefined : lookup(n)));
      if (p.startsWith('~')) p = p.replace(/^~/, '$HOME');
      if (p.includes('$HOME') && a.home) p = p.split('$HOME').join(a.home);
      if (p.includes('$')) continue;
      // `dir/*`, `dir/*.deb`: the glob is in the last segment only.
      const slash = p.lastIndexOf('/');
      if (GLOB.test(p.slice(0, slash + 1))) continue;
      const globbed = GLOB.test(p.slice(slash + 1));
      let path = globbed ? p.slice(0, slash) || '/' : p;
      if (!path.startsWith('/')) {
        if (!cwd) continue;
        path = `${cwd}/${path}`;
      }
      path = a.canonical(normalizePath(path));
      const inside = targets.find((t) => within(path, t));
      const around = inside ? undefined : targets.find((t) => within(t, path));
      if (inside || around) hits.push({ w, target: (inside ?? around)!, inside: !!inside });
    }
    if (!hits.length) return;
    const allInside = hits.length === operands.length && hits.every((h) => h.inside);
    const command = text.slice(cmd.start, cmd.end);
    for (const h of hits) {
      out.push({ kind: 'rm', start: h.w.start, end: h.w.end, text: h.w.value, command: allInside ? command : undefined, target: h.target, removal: !h.inside ? 'none' : allInside ? 'command' : 'word', cmdIndex: index });
    }
  });
  return out;
}

const SEPARATOR_CHARS = new Set([' ', '\t', '\r', '\n', '&', ';']);

/**
 * Offsets that delete whole commands with their connectors: `a && b && c` without b
 * is `a && c`, without c is `a && b`, without a is `b && c`. Undefined when that
 * cannot be done cleanly (`||`, pipes, compound commands, comments in between, or
 * nothing would be left).
 */
export function commandRemovals(model: DockerfileModel, instr: Instr, indexes: readonly number[]): Map<number, { start: number; end: number; text: string }[]> | undefined {
  if (!indexes.length) return new Map();
  if (instr.execForm) return undefined;
  const cmds = instr.commands;
  const drop = new Set(indexes);
  if (drop.size >= cmds.length) return undefined;
  const okConnector = (c: ShellCommand | undefined) => !c || c.connector === null || c.connector === '&&' || c.connector === ';' || c.connector === '\n';
  const text = model.text;
  const cleanGap = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (!SEPARATOR_CHARS.has(text[i]) && text[i] !== model.escape) return false;
    return true;
  };
  const result = new Map<number, { start: number; end: number; text: string }[]>();
  const sorted = [...drop].sort((x, y) => x - y);
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    const first = sorted[i];
    const last = sorted[j];
    for (let k = first; k <= last + 1; k++) if (!okConnector(cmds[k])) return undefined;
    for (let k = first; k < last; k++) if (!cleanGap(cmds[k].end, cmds[k + 1].start)) return undefined;
    let range: { start: number; end: number; text: string };
    if (first > 0) {
      if (!cleanGap(cmds[first - 1].end, cmds[first].start)) return undefined;
      range = { start: cmds[first - 1].end, end: cmds[last].end, text: '' };
    } else {
      const next = cmds[last + 1];
      if (!next || !cleanGap(cmds[last].end, next.start)) return undefined;
      range = { start: cmds[first].start, end: next.start, text: '' };
    }
    for (let k = first; k <= last; k++) result.set(k, k === first ? [range] : []);
    i = j + 1;
  }
  return result;
}
