/**
 * Which installed packages are build tools and which are development tools (plan
 * §2.3: "smaller production images (no build tools)"), and which packages a RUN
 * leaves installed. The rules `build-tools-in-final-stage` and
 * `dev-tools-in-final-stage` read only this module.
 *
 * | Kind | Packages (exact names) | Patterns |
 * |---|---|---|
 * | build | gcc, g++, gcc-c++, cc, c++, clang, llvm, make, cmake, ninja, ninja-build, meson, musl-dev, libc-dev, libc6-dev, glibc-devel, build-base, build-essential, linux-headers, kernel-headers, cargo, rust, rustc, autoconf, automake, libtool, pkgconf, pkg-config, pkgconfig, gfortran, bison, flex, swig | `*-dev`, `*-devel` (headers), `gcc-N`, `g++-N`, `clang-N`, `linux-headers-*` |
 * | dev | vim, vim-tiny, vi, nano, emacs, emacs-nox, strace, ltrace, gdb, iputils, iputils-ping, busybox-extras, net-tools, tcpdump, telnet, netcat, netcat-openbsd, netcat-traditional, nmap, lsof, htop, bind-tools, dnsutils, traceroute; pip: pytest, pytest-*, ipython, ipdb, pdbpp, debugpy; npm -g: jest, mocha, nodemon, ts-node-dev | – |
 *
 * Deliberately not dev tools: `curl`/`wget` (health checks use them), `procps`
 * (entrypoints use `ps`/`pkill`), `less`, `iproute2`, `ca-certificates`.
 *
 * Installers read: apk (`add`, `del`, `--virtual NAME` + `apk del NAME`), apt/apt-get
 * (`install`; `remove`/`purge`; `apt-mark auto` + `autoremove`, `--auto-remove`), yum/dnf/
 * microdnf/zypper (`install`; `remove`/`erase`), pip (`install`; `uninstall`) and
 * `npm install -g`/`yarn global add`. Names behind variables (`$BUILD_DEPS`) are not
 * known and are skipped.
 */
import type { DockerfileModel, Instr, Stage } from '../model';
import { ancestry, shippedStages } from '../query';
import { programArgs, programName, type ShellCommand, type Word } from '../shell';
import { APK_VALUE_OPTIONS, APT_VALUE_OPTIONS, PIP_VALUE_OPTIONS, managersFor, positionals } from './package-managers';

export type PackageKind = 'build' | 'dev';

const BUILD_PACKAGES = new Set([
  'gcc', 'g++', 'gcc-c++', 'cc', 'c++', 'clang', 'llvm', 'make', 'cmake', 'ninja', 'ninja-build', 'meson', 'musl-dev', 'libc-dev', 'libc6-dev',
  'glibc-devel', 'build-base', 'build-essential', 'linux-headers', 'kernel-headers', 'cargo', 'rust', 'rustc', 'autoconf', 'automake', 'libtool',
  'pkgconf', 'pkg-config', 'pkgconfig', 'gfortran', 'bison', 'flex', 'swig',
]);

const DEV_OS_PACKAGES = new Set([
  'vim', 'vim-tiny', 'vi', 'nano', 'emacs', 'emacs-nox', 'strace', 'ltrace', 'gdb', 'iputils', 'iputils-ping', 'busybox-extras', 'net-tools',
  'tcpdump', 'telnet', 'netcat', 'netcat-openbsd', 'netcat-traditional', 'nmap', 'lsof', 'htop', 'bind-tools', 'dnsutils', 'traceroute',
]);

/** Commands a dev package provides, when not its own name: an image whose command runs it is that tool's image. */
const DEV_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  netcat: ['nc', 'netcat'], 'netcat-openbsd': ['nc', 'netcat'], 'netcat-traditional': ['nc', 'netcat'], iputils: ['ping'], 'iputils-ping': ['ping'],
  'busybox-extras': ['telnet'], 'net-tools': ['netstat', 'ifconfig'], 'bind-tools': ['dig', 'nslookup'], dnsutils: ['dig', 'nslookup'],
  'vim-tiny': ['vi', 'vim'], vim: ['vim', 'vi'], 'emacs-nox': ['emacs'],
};

/** The commands a package provides (its name, plus known aliases). */
export function commandsOfPackage(name: string): readonly string[] {
  return DEV_COMMANDS[name] ?? [name];
}

const DEV_PIP_PACKAGES = new Set(['pytest', 'ipython', 'ipdb', 'pdbpp', 'debugpy']);
const DEV_NPM_PACKAGES = new Set(['jest', 'mocha', 'nodemon', 'ts-node-dev']);

/** `gcc-12`, `g++-13`, `clang-17`: versioned compilers. */
function versionedCompiler(name: string): boolean {
  for (const p of ['gcc-', 'g++-', 'clang-']) {
    if (!name.startsWith(p)) continue;
    const rest = name.slice(p.length);
    return rest.length > 0 && [...rest].every((c) => (c >= '0' && c <= '9') || c === '.');
  }
  return false;
}

export type Ecosystem = 'os' | 'pip' | 'npm';

/** What kind of tool a package is, or undefined for anything else. */
export function packageKind(name: string, ecosystem: Ecosystem): PackageKind | undefined {
  const n = name.toLowerCase();
  if (ecosystem === 'pip') return DEV_PIP_PACKAGES.has(n) || n.startsWith('pytest-') ? 'dev' : undefined;
  if (ecosystem === 'npm') return DEV_NPM_PACKAGES.has(n) ? 'dev' : undefined;
  if (BUILD_PACKAGES.has(n) || versionedCompiler(n) || n.startsWith('linux-headers-')) return 'build';
  if (n.endsWith('-dev') || n.endsWith('-devel')) return 'build';
  return DEV_OS_PACKAGES.has(n) ? 'dev' : undefined;
}

export interface InstalledPackage {
  /** Package name without version or arch (`gcc` from `gcc=12.2-r0`, `pytest` from `pytest==8.0`). */
  name: string;
  word: Word;
  ecosystem: Ecosystem;
}

/** Cuts a version or constraint off a package word: `gcc=12`, `libpq-dev:amd64`, `pytest>=8`, `jest@29`. */
function bareName(value: string, ecosystem: Ecosystem): string {
  let end = value.length;
  const stops = ecosystem === 'pip' ? '=<>~![;' : ecosystem === 'npm' ? '' : '=<>:';
  for (let i = ecosystem === 'npm' ? 1 : 0; i < value.length; i++) {
    const c = value[i];
    if (stops.includes(c) || (ecosystem === 'npm' && c === '@')) {
      end = i;
      break;
    }
  }
  return value.slice(0, end);
}

interface Change {
  installs: { word: Word; ecosystem: Ecosystem; group?: string }[];
  /** Names removed; `*` when a removal names packages through a variable (`apt-get purge $(…)`): anything may go. */
  removes: string[];
  /** apt: autoremove ran; names marked auto before it go. */
  autoremove?: boolean;
  markedAuto?: string[];
}

const RPM_PROGRAMS = new Set(['yum', 'dnf', 'microdnf', 'zypper', 'tdnf']);
const RPM_VALUE_OPTIONS = new Set(['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c', '--config']);

/** Named packages (no variables, no local files or URLs). */
function names(words: readonly Word[]): Word[] {
  return words.filter((w) => !w.hasExpansion && !w.value.includes('/') && w.value.length > 0);
}

/** Names a removal command gives, `*` for one behind a variable. */
function removalNames(words: readonly Word[]): string[] {
  return words.some((w) => w.hasExpansion) ? ['*'] : names(words).map((w) => w.value);
}

/** The packages one command installs or removes. */
function changeOf(cmd: ShellCommand): Change | undefined {
  const program = programName(cmd);
  if (RPM_PROGRAMS.has(program)) {
    const [verb, ...rest] = positionals(programArgs(cmd), RPM_VALUE_OPTIONS);
    if (verb?.value === 'install' || verb?.value === 'in') return { installs: names(rest).map((word) => ({ word, ecosystem: 'os' })), removes: [] };
    if (verb?.value === 'remove' || verb?.value === 'erase' || verb?.value === 'rm') return { installs: [], removes: removalNames(rest) };
    return undefined;
  }
  if (program === 'npm' || program === 'yarn' || program === 'pnpm') {
    const args = programArgs(cmd);
    const global = args.some((w) => w.value === '-g' || w.value === '--global');
    const p = positionals(args);
    if (program === 'yarn' && p[0]?.value === 'global' && p[1]?.value === 'add') return { installs: names(p.slice(2)).map((word) => ({ word, ecosystem: 'npm' })), removes: [] };
    if (global && ['install', 'i', 'add'].includes(p[0]?.value ?? '')) return { installs: names(p.slice(1)).map((word) => ({ word, ecosystem: 'npm' })), removes: [] };
    return undefined;
  }
  for (const m of managersFor(program)) {
    const args = m.args(cmd);
    if (!args) continue;
    if (m.id === 'apk') {
      const [verb, ...rest] = positionals(args, APK_VALUE_OPTIONS);
      const virtual = args.findIndex((w) => w.value === '-t' || w.value === '--virtual' || w.value.startsWith('--virtual='));
      const group = virtual < 0 ? undefined : args[virtual].value.startsWith('--virtual=') ? args[virtual].value.slice(10) : args[virtual + 1]?.value;
      if (verb?.value === 'add') return { installs: names(rest).map((word) => ({ word, ecosystem: 'os', group })), removes: [] };
      if (verb?.value === 'del' || verb?.value === 'delete') return { installs: [], removes: removalNames(rest) };
    } else if (m.id === 'apt') {
      const [verb, ...rest] = positionals(args, APT_VALUE_OPTIONS);
      const autoremove = args.some((w) => w.value === '--auto-remove' || w.value === '--autoremove') || verb?.value === 'autoremove';
      if (verb?.value === 'install') return { installs: names(rest).map((word) => ({ word, ecosystem: 'os' })), removes: [] };
      if (verb?.value === 'remove' || verb?.value === 'purge' || verb?.value === 'autoremove') return { installs: [], removes: removalNames(rest), autoremove };
    } else if (m.id === 'pip') {
      const [verb, ...rest] = positionals(args, PIP_VALUE_OPTIONS);
      if (verb?.value === 'install') return { installs: names(rest).filter((w) => !w.value.startsWith('.')).map((word) => ({ word, ecosystem: 'pip' })), removes: [] };
      if (verb?.value === 'uninstall') return { installs: [], removes: removalNames(rest) };
    }
    return undefined;
  }
  if (program === 'apt-mark') {
    const [verb, ...rest] = positionals(programArgs(cmd));
    if (verb?.value === 'auto') return { installs: [], removes: [], markedAuto: names(rest).map((w) => w.value) };
  }
  return undefined;
}

/**
 * The packages a RUN installs and does not remove again in the same RUN (a removal
 * in a later RUN still leaves them in a layer). Cached per instruction.
 */
export function installedPackages(instr: Instr): readonly InstalledPackage[] {
  let out = memo.get(instr);
  if (out) return out;
  const installs: { word: Word; ecosystem: Ecosystem; group?: string; name: string }[] = [];
  const removed = new Set<string>();
  const auto = new Set<string>();
  for (const cmd of instr.commands) {
    const c = changeOf(cmd);
    if (!c) continue;
    for (const i of c.installs) {
      const name = bareName(i.word.value, i.ecosystem);
      if (name) installs.push({ ...i, name: name.toLowerCase() });
    }
    for (const r of c.removes) removed.add(bareName(r, 'os').toLowerCase());
    for (const a of c.markedAuto ?? []) {
      // `apt-mark auto '.*'` (the official images' idiom) marks everything installed so far.
      if (a === '.*' || a === '*') for (const i of installs) auto.add(i.name);
      else auto.add(bareName(a, 'os').toLowerCase());
    }
    if (c.autoremove) for (const a of auto) removed.add(a);
  }
  out = installs
    .filter((i) => !removed.has(i.name) && !(i.group && removed.has(i.group.toLowerCase())) && !removed.has('*'))
    .map((i) => ({ name: i.name, word: i.word, ecosystem: i.ecosystem }));
  memo.set(instr, out);
  return out;
}

const memo = new WeakMap<Instr, readonly InstalledPackage[]>();

export interface ShippedPackage extends InstalledPackage {
  instr: Instr;
  /** The shipped stage it ends up in (the first one, when several ship it). */
  shippedIn: Stage;
}

/**
 * Packages of `kind` that shipped stages contain: installed by the stage or by a
 * stage it is built FROM. `skip` exempts shipped stages (e.g. ones named `dev`).
 * Each RUN word is returned once, even when several shipped stages share it.
 */
export function shippedPackages(model: DockerfileModel, kind: PackageKind, skip?: (stage: Stage) => boolean, targets?: readonly (string | undefined)[]): ShippedPackage[] {
  const out: ShippedPackage[] = [];
  const seen = new Set<number>();
  for (const shipped of shippedStages(model, targets)) {
    if (skip?.(shipped)) continue;
    for (const stage of [...ancestry(shipped)].reverse()) {
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'RUN') continue;
        for (const p of installedPackages(instr)) {
          if (seen.has(p.word.start) || packageKind(p.name, p.ecosystem) !== kind) continue;
          seen.add(p.word.start);
          out.push({ ...p, instr, shippedIn: shipped });
        }
      }
    }
  }
  return out;
}
