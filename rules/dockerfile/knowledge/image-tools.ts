/**
 * Which probe tools (curl, wget, nc, python, node) a stage really has: what its base
 * image ships, plus what the stage and the stages it is built FROM install (apk,
 * apt, dnf/yum/microdnf, zypper), copy in, or already run. The health rules read
 * only this module, so a fact about an image is fixed in one place.
 *
 * Only images whose Dockerfiles we read are listed; any other base is unknown and
 * the rules stay quiet rather than guess.
 *
 * | Image (tag) | Shell | Tools | Installs with | Source |
 * |---|---|---|---|---|
 * | alpine, `*-alpine` variants of the images below | BusyBox sh | BusyBox `wget`, `nc` (no curl) | apk | alpine minirootfs ships busybox; docker-library/python, node, golang `alpine*` templates add no curl |
 * | busybox | sh | `wget`, `nc` | – | busybox applets |
 * | debian, ubuntu (any tag, `-slim` too) | sh | none of curl/wget/nc | apt | debuerreotype/ubuntu rootfs (minbase) |
 * | python, node, golang full tags (`3.12`, `22`, `3.12-bookworm`, `latest`) | sh | curl, wget (+ python/node); other tools unknown, never reported missing | apt | `FROM buildpack-deps:<suite>` (golang: `-scm`), whose `curl` variant installs `ca-certificates curl gnupg netbase sq wget` |
 * | python `-slim`, node `-slim` | sh | python / node only | apt | docker-library/python `Dockerfile-linux.template`, nodejs/docker-node `Dockerfile-slim.template` (`FROM debian:<suite>-slim`, curl only as a purged build dependency) |
 * | nginx (Debian tags) | sh | curl | apt | nginxinc/docker-nginx `mainline/debian/Dockerfile` (`apt-get install … gettext-base curl`) |
 * | nginx `*alpine*` | BusyBox sh | curl, BusyBox `wget`, `nc` | apk | nginxinc/docker-nginx `mainline/alpine-slim/Dockerfile` ("Bring in curl and ca-certificates": `apk add --no-cache curl ca-certificates`) |
 * | gcr.io/distroless/* | none (`:debug` tags: BusyBox sh, wget, nc) | `python3` in `python3-*`, `node` in `nodejs*` | – | GoogleContainerTools/distroless README |
 * | scratch | none | none | – | empty image |
 */
import type { DockerfileModel, ImageRef, Stage } from '../model';
import { ancestry, copyArgs } from '../query';
import { programArgs, programName, type ShellCommand } from '../shell';
import { positionals, hasFlag, optionValue } from './package-managers';
import { normalizeRepository } from './base-images';

export type Installer = 'apk' | 'apt';

export interface ImageTools {
  /** What the image is, for messages (`python:3.12-slim (Debian, no curl/wget)`). */
  label: string;
  /** Has /bin/sh: shell-form CMD/HEALTHCHECK work. */
  shell: boolean;
  tools: ReadonlySet<string>;
  installer?: Installer;
  /** BusyBox wget (`-q -O /dev/null`, no `--spider` on old versions, no `-f`). */
  busybox: boolean;
  /**
   * The list is all the probe tools the image has. False for the big buildpack-deps
   * images, whose hundreds of packages may pull in others (python3, netcat): only
   * what is listed is known, nothing is known to be missing.
   */
  complete: boolean;
}

const BUSYBOX = ['wget', 'nc'];
const BUILDPACK = ['curl', 'wget'];

function tools(label: string, list: string[], o: Partial<ImageTools> = {}): ImageTools {
  return { label, shell: true, tools: new Set(list), busybox: false, complete: true, ...o };
}

/** The probe tools of a base image, or undefined when we do not know the image. */
export function imageTools(image: ImageRef): ImageTools | undefined {
  if (image.unresolved) return undefined;
  const repo = normalizeRepository(image.repository);
  const tag = (image.tag ?? (image.digest ? '' : 'latest')).toLowerCase();
  if (repo === 'scratch') return tools('scratch (empty)', [], { shell: false });
  if (repo.startsWith('gcr.io/distroless/')) {
    const name = repo.slice('gcr.io/distroless/'.length);
    const own = name.startsWith('python3') ? ['python3'] : name.startsWith('nodejs') ? ['node'] : [];
    if (tag.includes('debug')) return tools(`${repo}:${tag} (distroless debug, BusyBox)`, [...own, ...BUSYBOX], { busybox: true });
    return tools(`${repo} (distroless, no shell)`, own, { shell: false });
  }
  if (!tag) return undefined; // digest only: the variant is not visible
  const alpine = tag.includes('alpine');
  const alpineTools = (extra: string[], label: string) => tools(label, [...extra, ...BUSYBOX], { installer: 'apk', busybox: true });
  switch (repo) {
    case 'alpine':
      return alpineTools([], `${repo} (BusyBox: wget, nc; no curl)`);
    case 'busybox':
      return tools('busybox', BUSYBOX, { busybox: true });
    case 'debian':
    case 'ubuntu':
      return tools(`${repo} (no curl or wget)`, [], { installer: 'apt' });
    case 'nginx':
      if (alpine) return alpineTools(['curl'], 'nginx:alpine (curl, BusyBox wget)');
      return tools('nginx (Debian, curl)', ['curl'], { installer: 'apt' });
    case 'python':
    case 'node':
    case 'golang': {
      const own = repo === 'python' ? ['python', 'python3'] : repo === 'node' ? ['node'] : [];
      if (tag.includes('windowsservercore') || tag.includes('nanoserver')) return undefined;
      if (alpine) return alpineTools(own, `${repo}:${tag} (Alpine: BusyBox wget, no curl)`);
      if (tag.includes('slim')) return tools(`${repo}:${tag} (Debian slim, no curl or wget)`, own, { installer: 'apt' });
      return tools(`${repo}:${tag} (buildpack-deps: curl, wget)`, [...own, ...BUILDPACK], { installer: 'apt', complete: false });
    }
  }
  return undefined;
}

/** Packages that provide a probe tool (names without version pins). */
const PACKAGE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  curl: ['curl'],
  wget: ['wget'],
  busybox: BUSYBOX,
  'busybox-extras': ['nc'],
  netcat: ['nc'],
  'netcat-openbsd': ['nc'],
  'netcat-traditional': ['nc'],
  'openbsd-netcat': ['nc'],
  'nmap-ncat': ['nc', 'ncat'],
  ncat: ['ncat'],
  python3: ['python3'],
  python: ['python', 'python3'],
  'python-is-python3': ['python'],
  nodejs: ['node'],
};

interface InstallSyntax {
  install: ReadonlySet<string>;
  remove: ReadonlySet<string>;
  valueOptions: ReadonlySet<string>;
}

const SYNTAX: Readonly<Record<string, InstallSyntax>> = {
  apk: { install: new Set(['add']), remove: new Set(['del']), valueOptions: new Set(['-t', '--virtual', '-X', '--repository', '--root', '-p', '--cache-dir', '--arch']) },
  apt: { install: new Set(['install']), remove: new Set(['remove', 'purge']), valueOptions: new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a']) },
  rpm: { install: new Set(['install']), remove: new Set(['remove', 'erase']), valueOptions: new Set(['--setopt', '--enablerepo', '--disablerepo', '--installroot', '--releasever', '-c', '--config']) },
};
const SYNTAX_OF: Readonly<Record<string, InstallSyntax>> = {
  apk: SYNTAX.apk,
  'apt-get': SYNTAX.apt,
  apt: SYNTAX.apt,
  yum: SYNTAX.rpm,
  dnf: SYNTAX.rpm,
  microdnf: SYNTAX.rpm,
  tdnf: SYNTAX.rpm,
  zypper: { ...SYNTAX.rpm, install: new Set(['install', 'in']), remove: new Set(['remove', 'rm']) },
};

/** `curl=8.5.0-r0`, `curl>8` → `curl`. */
function packageName(word: string): string {
  let end = word.length;
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '=' || c === '<' || c === '>' || c === '~') {
      end = i;
      break;
    }
  }
  return word.slice(0, end).toLowerCase();
}

export interface StageTools {
  /** What the base image (the first non-stage FROM of the ancestry) ships; undefined when unknown. */
  base: ImageTools | undefined;
  /** Tools installed, copied in or run by the stage or its ancestors. */
  added: ReadonlySet<string>;
  /** A package list came from a variable, `xargs` or a script: availability cannot be known. */
  uncertain: boolean;
}

const memo = new WeakMap<Stage, StageTools>();

export function stageTools(model: DockerfileModel, stage: Stage): StageTools {
  let st = memo.get(stage);
  if (st) return st;
  const chain = ancestry(stage).reverse();
  const base = imageTools(chain[0].image);
  const added = new Set<string>();
  const virtual = new Map<string, string[]>();
  let uncertain = false;
  for (const s of chain) {
    for (const instr of s.instructions) {
      if (instr.keyword === 'RUN') {
        for (const cmd of instr.commands) uncertain = readInstall(cmd, added, virtual) || uncertain;
      } else if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
        // `COPY --from=curlimages/curl /usr/bin/curl /usr/bin/curl` brings the tool.
        const c = copyArgs(model, instr);
        for (const w of c ? [...c.sources, c.dest] : []) {
          const path = w.value.replace(/\/+$/, '');
          const name = path.slice(path.lastIndexOf('/') + 1);
          if (TOOL_NAMES.has(name)) added.add(name);
        }
      }
    }
  }
  st = { base, added, uncertain };
  memo.set(stage, st);
  return st;
}

const TOOL_NAMES = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'python', 'python3', 'node']);

/** Records what one RUN command installs or removes; true when what it installs cannot be read. */
function readInstall(cmd: ShellCommand, added: Set<string>, virtual: Map<string, string[]>): boolean {
  const program = programName(cmd);
  // A command that runs the tool shows it is there.
  if (TOOL_NAMES.has(program)) added.add(program);
  const args = programArgs(cmd);
  // A script (`./install.sh`, `sh deps.sh`) or `xargs apk add` may install anything.
  if (program.endsWith('.sh') || ((program === 'sh' || program === 'bash') && args[0] && !args[0].value.startsWith('-'))) return true;
  if (program === 'xargs' && args.some((a) => SYNTAX_OF[a.value])) return true;
  const syntax = SYNTAX_OF[program];
  if (!syntax) return false;
  const [verb, ...pkgs] = positionals(args, syntax.valueOptions);
  if (!verb) return false;
  const names = pkgs.map((p) => packageName(p.value));
  const fromVariable = pkgs.some((p) => p.hasExpansion);
  if (syntax.install.has(verb.value)) {
    const provided = names.flatMap((n) => PACKAGE_TOOLS[n] ?? []);
    for (const t of provided) added.add(t);
    const group = program === 'apk' ? optionValue(args, '-t', '--virtual') : undefined;
    if (group) virtual.set(group.value, provided);
    return fromVariable;
  }
  if (syntax.remove.has(verb.value) && !hasFlag(args, '--simulate', '-s')) {
    for (const n of names) for (const t of virtual.get(n) ?? PACKAGE_TOOLS[n] ?? []) added.delete(t);
  }
  return false;
}

/** Normalises a program name to the tool it is (`python3.12` → `python3`, `/usr/bin/curl` → `curl`). */
export function toolOf(program: string): string | undefined {
  if (TOOL_NAMES.has(program)) return program === 'netcat' ? 'nc' : program;
  if (/^python3\.\d+$/.test(program)) return 'python3';
  return undefined;
}

/** True/false when known, undefined when the base is unknown or a package list is a variable. */
export function hasTool(st: StageTools, tool: string): boolean | undefined {
  if (st.added.has(tool) || (tool === 'nc' && (st.added.has('ncat') || st.added.has('netcat')))) return true;
  if (!st.base || st.uncertain) return undefined;
  return st.base.tools.has(tool) ? true : st.base.complete ? false : undefined;
}

/** The command that installs a tool with the base image's package manager. */
export function installCommand(installer: Installer, pkg: string): string {
  return installer === 'apk'
    ? `apk add --no-cache ${pkg}`
    : `apt-get update && apt-get install -y --no-install-recommends ${pkg} && rm -rf /var/lib/apt/lists/*`;
}
