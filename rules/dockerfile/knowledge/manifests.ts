/**
 * Dependency manifests and the commands that install from them alone (plan §1.2:
 * "copy dependency manifests only, install, then copy the application code").
 *
 * Three questions, answered here once:
 * - Is a COPY source only a manifest (`requirements.txt`, `package*.json`), or more?
 * - Does a RUN command install dependencies from manifests alone, and which ones?
 *   An install that also reads the sources (`pip install .`, `poetry install` without
 *   `--no-root`, `npm run build`, `go build`) is not one.
 * - Is a command inert towards the build context (`apt-get install`, `rm -rf …`), so
 *   it may share a RUN with a manifest install?
 *
 * | Tool        | Install from manifests alone                          | Reads (COPY for the fix)                 |
 * |-------------|-------------------------------------------------------|------------------------------------------|
 * | pip, uv pip | `pip install -r F [-c C]` (no `.`, `-e`, paths)       | the files named by -r/-c                 |
 * | uv          | `uv sync --no-install-project`/`--no-install-workspace`| pyproject.toml uv.lock                   |
 * | poetry      | `poetry install --no-root`                            | pyproject.toml poetry.lock               |
 * | pipenv      | `pipenv install` / `pipenv sync` (no packages)        | Pipfile Pipfile.lock                     |
 * | conda/mamba | `env create -f F`, `env update -f F`, `install --file F` | F                                     |
 * | npm         | `npm ci`, `npm install` (no packages, not -g)         | package*.json                            |
 * | yarn        | `yarn`, `yarn install`                                | package.json yarn.lock                   |
 * | pnpm        | `pnpm install` / `pnpm fetch`                         | package.json pnpm-lock.yaml / the lock   |
 * | bun         | `bun install`                                         | package.json bun.lock*                   |
 * | go          | `go mod download`                                     | go.mod go.sum                            |
 * | bundler     | `bundle install`                                      | Gemfile Gemfile.lock                     |
 * | composer    | `composer install --no-scripts --no-autoloader`       | composer.json composer.lock              |
 * | maven       | `mvn dependency:go-offline` (resolve goals only)      | pom.xml (+ mvnw .mvn/ for ./mvnw)        |
 * | gradle      | `gradle dependencies` (dependency tasks only)         | build.gradle* settings.gradle* (+ gradlew gradle/) |
 * | dotnet      | `dotnet restore [x.csproj]`                           | the csproj, or *.csproj                  |
 * | cargo       | `cargo fetch`                                         | Cargo.toml Cargo.lock (no fix: needs a target) |
 * | mix         | `mix deps.get`                                        | mix.exs mix.lock                         |
 *
 * COPY choices for the fix: `package*.json` is the npm idiom (always matches
 * package.json; BuildKit allows a wildcard that matches nothing next to a source
 * that matches); `bun.lock*` covers bun.lock and the older bun.lockb. Other lockfiles
 * are named as such: a build that has none fails loudly, which is why the fix is
 * never applied without review.
 */
import type { ShellCommand, Word } from '../shell';
import { programArgs, programName } from '../shell';

// ---------------------------------------------------------------------------
// Manifest files

/** File names that only describe dependencies (or configure the package manager). */
const MANIFEST_NAMES = new Set(
  [
    'pyproject.toml', 'poetry.lock', 'uv.lock', 'pipfile', 'pipfile.lock', 'setup.py', 'setup.cfg', 'pip.conf', 'pip.ini',
    '.python-version', 'environment.yml', 'environment.yaml', 'conda-lock.yml', '.condarc',
    'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml',
    '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'bun.lock', 'bun.lockb', 'bunfig.toml', '.nvmrc', '.node-version',
    'go.mod', 'go.sum', 'go.work', 'go.work.sum',
    'cargo.toml', 'cargo.lock', 'rust-toolchain', 'rust-toolchain.toml',
    'gemfile', 'gemfile.lock', '.gemrc', '.ruby-version',
    'composer.json', 'composer.lock', 'auth.json',
    'pom.xml', 'mvnw', 'settings.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts',
    'gradle.properties', 'gradlew', 'nuget.config', 'global.json', 'packages.lock.json', 'directory.build.props',
    'directory.build.targets', 'directory.packages.props',
    'mix.exs', 'mix.lock', '.tool-versions',
    // Placeholders copied next to an optional manifest glob so the COPY never matches nothing.
    'noop.txt', '.gitkeep', '.keep',
  ],
);

/** Directories that hold only package-manager files (wrapper jars, Yarn releases, patch-package patches). */
const MANIFEST_DIRS = new Set(['gradle', '.mvn', '.yarn', '.cargo', '.bundle', 'requirements', 'patches']);

/** Extensions of manifest files and of `*.ext` globs that copy manifest-like files only. */
const MANIFEST_EXTENSIONS = new Set(['csproj', 'fsproj', 'vbproj', 'sln', 'gemspec']);
const MANIFEST_GLOB_EXTENSIONS = new Set([...MANIFEST_EXTENSIONS, 'json', 'lock', 'toml', 'txt', 'yaml', 'yml', 'mod', 'sum', 'props', 'gradle', 'kts']);

function hasGlob(s: string): boolean {
  return s.includes('*') || s.includes('?') || s.includes('[');
}

/** Shell-style match of `*`, `?` (no `[...]`), linear two-pointer scan without backtracking blow-up. */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function isManifestName(base: string): boolean {
  const b = base.toLowerCase();
  if (MANIFEST_NAMES.has(b)) return true;
  if (/^(requirements|constraints)[\w.-]*\.(txt|in)$/.test(b)) return true;
  if (/^settings[\w.-]*\.xml$/.test(b)) return true;
  const dot = b.lastIndexOf('.');
  return dot > 0 && MANIFEST_EXTENSIONS.has(b.slice(dot + 1));
}

const SAMPLE_NAMES = [...MANIFEST_NAMES, 'requirements.txt', 'requirements-dev.txt', 'constraints.txt'];

/** Normalizes a COPY source for classification: `./a/b/` → `a/b`. */
export function cleanSource(src: string): string {
  let s = src;
  while (s.startsWith('./')) s = s.slice(2);
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s === '' ? '.' : s;
}

/**
 * True when a COPY/ADD source brings only dependency manifests: a manifest by name
 * (`requirements-prod.txt`, `App.csproj`), a manifest glob (`package*.json`,
 * `packages/*\/package.json`, `*.csproj`, `*.json`) or a package-manager directory
 * (`.mvn`, `gradle`). The context root, source trees and other files are more.
 */
export function isManifestSource(src: string): boolean {
  const s = cleanSource(src);
  if (s === '.' || s === '*' || s === '..') return false;
  const base = s.slice(s.lastIndexOf('/') + 1);
  if (!hasGlob(base)) return isManifestName(base) || (MANIFEST_DIRS.has(base.toLowerCase()) && !s.includes('/'));
  const lower = base.toLowerCase();
  const firstWild = lower.search(/[*?[]/);
  if (firstWild >= 2 && SAMPLE_NAMES.some((n) => globMatch(lower, n))) return true;
  const m = /^\*\.([a-z0-9]+)$/.exec(lower);
  return m !== null && MANIFEST_GLOB_EXTENSIONS.has(m[1]);
}

/** Extensions of source code: a single such file is code, which changes often. */
const CODE_EXTENSIONS = new Set([
  'py', 'pyx', 'js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'tsx', 'jsx', 'vue', 'svelte', 'go', 'rb', 'php', 'java', 'kt', 'kts', 'scala',
  'groovy', 'clj', 'rs', 'cs', 'fs', 'vb', 'ex', 'exs', 'erl', 'hs', 'ml', 'c', 'cc', 'cpp', 'cxx', 'h', 'hpp', 'm', 'swift', 'dart',
  'lua', 'pl', 'pm', 'r', 'jl', 'sh', 'bash', 'zsh', 'ps1', 'sql', 'html', 'css', 'scss', 'sass', 'less', 'ipynb', 'jar', 'war', 'whl',
  'zip', 'tar', 'gz', 'tgz',
]);
/** Extensionless files that are not directories. */
const PLAIN_FILES = new Set(['makefile', 'dockerfile', 'containerfile', 'license', 'readme', 'procfile', 'version', 'notice', 'authors', 'changelog']);

/**
 * What a COPY source brings: dependency `manifest`s only; `config` (a single file such
 * as `tsconfig.json`, `nginx.conf`, `.env`, rarely edited and not code); or `broad`
 * content (the context root, a directory, a glob, a code file) that changes with
 * every code edit.
 */
export function sourceKind(src: string): 'manifest' | 'config' | 'broad' {
  if (isManifestSource(src)) return 'manifest';
  const s = cleanSource(src);
  if (src.endsWith('/') || s === '.' || s === '*' || s === '..') return 'broad';
  const base = s.slice(s.lastIndexOf('/') + 1).toLowerCase();
  if (hasGlob(base)) return 'broad';
  const dot = base.lastIndexOf('.');
  if (dot === 0) return 'config'; // `.env`, `.bashrc`
  if (dot < 0) return PLAIN_FILES.has(base) ? 'config' : 'broad'; // `src`, `app`, `lib`: directories
  return CODE_EXTENSIONS.has(base.slice(dot + 1)) ? 'broad' : 'config';
}

// ---------------------------------------------------------------------------
// Install commands

export interface ManifestInstall {
  /** Tool name for messages (`pip`, `npm`...). */
  tool: string;
  /** The command as a human reads it (`npm ci`, `pip install -r requirements.txt`). */
  display: string;
  /**
   * What the install reads, relative to the command's directory (or absolute): the COPY
   * sources of the fix. A trailing `/` marks a directory; globs are COPY idioms.
   */
  manifests: string[];
  /** Why no fix can be offered, if so. */
  noFix?: string;
}

export type CommandKind = { kind: 'install'; install: ManifestInstall } | { kind: 'inert' } | { kind: 'reads' };

const READS: CommandKind = { kind: 'reads' };
const INERT: CommandKind = { kind: 'inert' };

/** Programs that never read the build context. */
const INERT_PROGRAMS = new Set([
  'apt-get', 'apt', 'aptitude', 'apk', 'yum', 'dnf', 'microdnf', 'zypper', 'tdnf', 'pacman', 'dpkg-reconfigure', 'debconf-set-selections',
  'rm', 'mkdir', 'echo', 'printf', 'true', ':', 'set', 'export', 'unset', 'ln', 'touch', 'sleep', 'ls', 'id', 'whoami', 'which', 'test', '[',
  'useradd', 'adduser', 'groupadd', 'addgroup', 'usermod', 'update-ca-certificates', 'ldconfig', 'locale-gen', 'update-locale',
  'curl', 'wget', 'corepack', 'git', 'rustup', 'nvm', 'n', 'ulimit', 'umask', 'hash', 'cd', 'exit',
]);

/** Subcommands that only touch the tool's own configuration or cache. */
const INERT_SUBCOMMANDS: Record<string, ReadonlySet<string>> = {
  npm: new Set(['config', 'set', 'get', 'cache', 'view', 'version', '--version', '-v', 'ping', 'whoami', 'login']),
  yarn: new Set(['config', 'cache', 'set', 'global', '--version', '-v', 'policies']),
  pnpm: new Set(['config', 'store', 'env', 'setup', '--version', '-v']),
  bun: new Set(['--version', 'upgrade', 'pm']),
  pip: new Set(['cache', 'config', 'list', 'freeze', 'show', 'check', 'debug', '--version', '-V']),
  poetry: new Set(['config', 'self', '--version', 'env', 'check', 'lock', 'source']),
  uv: new Set(['venv', 'python', 'tool', 'cache', 'self', '--version', 'version']),
  pipenv: new Set(['--version', '--venv', '--py']),
  go: new Set(['env', 'version', 'install']),
  bundle: new Set(['config', 'version', '--version', '-v']),
  composer: new Set(['config', 'global', 'self-update', 'selfupdate', '--version', '-V', 'diagnose', 'clear-cache', 'clearcache']),
  dotnet: new Set(['tool', 'nuget', '--info', '--version', 'workload', 'dev-certs']),
  cargo: new Set(['install', '--version', 'search']),
  mix: new Set(['local.hex', 'local.rebar', 'hex.info']),
  conda: new Set(['clean', 'config', 'init', 'info', 'update', 'activate']),
};

function words(args: readonly Word[]): string[] {
  return args.map((w) => w.value);
}

/**
 * Reads `--opt=value`, `--opt value`, `-X value` and `-Xvalue`: returns the values of the
 * options in `names`, and the positional words (skipping values of `valueTaking` options).
 */
function optionValues(args: readonly string[], names: readonly string[], valueTaking: ReadonlySet<string>): { values: string[]; positional: string[] } {
  const values: string[] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const inline = eq > 0 ? a.slice(eq + 1) : undefined;
      const takes = valueTaking.has(name) || names.includes(name);
      const value = inline ?? (takes && i + 1 < args.length ? args[++i] : undefined);
      if (names.includes(name) && value !== undefined) values.push(value);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const whole = valueTaking.has(a) || names.includes(a); // `-r x`, `-pl x` (Maven)
      const flag = whole ? a : a.slice(0, 2); // `-rx`
      if (names.includes(flag) || valueTaking.has(flag)) {
        const value = !whole ? a.slice(2) : i + 1 < args.length ? args[++i] : undefined;
        if (names.includes(flag) && value !== undefined) values.push(value);
      }
      continue;
    }
    positional.push(a);
  }
  return { values, positional };
}

function joinRel(dir: string | undefined, name: string): string {
  if (!dir || dir === '.' || dir === './') return name;
  return dir.replace(/\/+$/, '') + '/' + name;
}

function install(tool: string, display: string, dir: string | undefined, names: string[], extra: Partial<ManifestInstall> = {}): CommandKind {
  const manifests = names.map((n) => joinRel(dir, n));
  return { kind: 'install', install: { tool, display, manifests, ...extra } };
}

/** A local path rather than a package name: `.`, `./lib`, `/src/x`, `../y`, `lib/`. */
function isLocalPath(arg: string): boolean {
  if (arg.includes('://') || arg.startsWith('git+')) return false;
  return arg === '.' || arg === '..' || arg.startsWith('./') || arg.startsWith('../') || arg.startsWith('/') || arg.startsWith('~') || arg.endsWith('/') || /\.(whl|tar\.gz|zip)$/.test(arg) || (arg.includes('/') && !arg.includes('@'));
}

/** Options of pip / uv pip that take a value (so the next word is not a package). */
export const PIP_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy',
  '--progress-bar', '--trusted-host', '--cache-dir', '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert',
  '--client-cert', '--only-binary', '--no-binary', '--global-option', '--config-settings', '-C', '--report', '--python', '-p',
  '--index', '--default-index', '--group', '--extra', '--index-strategy', '--keyring-provider', '--resolution', '--prerelease',
  '--python-platform', '--target-version', '--override', '--build-constraint', '--exclude-newer',
]);

/** `pip install` and friends, after the `install` word: manifests named by -r/-c, none when it reads sources. */
function pipInstall(tool: string, display: string, args: readonly string[]): CommandKind {
  if (args.some((a) => a === '-e' || a === '--editable' || a.startsWith('--editable=') || (a.startsWith('-e') && a.length > 2 && !a.startsWith('--')))) return READS;
  const { values: files, positional } = optionValues(args, ['-r', '--requirement', '-c', '--constraint'], PIP_VALUE_OPTIONS);
  if (positional.some(isLocalPath)) return READS;
  if (!files.length) return positional.length ? INERT : READS;
  return install(tool, `${display} -r ${files[0]}`, undefined, files);
}

/** Program + args after a `python -m pip` / `uv pip` prefix, normalized to a pip-like view. */
export interface PythonInstaller {
  tool: 'pip' | 'uv' | 'poetry' | 'pipx' | 'pdm' | 'conda';
  /** `pip install`, `uv pip install`, `uv add`, `poetry add`... */
  display: string;
  verb: string;
  /** Words after the verb. */
  args: Word[];
}

const PIP_PROGRAM = /^pip[0-9.]*$/;
const PYTHON_PROGRAM = /^python[0-9.]*$/;

/** Recognizes the Python package installers (`pip3`, `python -m pip`, `uv pip`, `uv add`, `poetry add`...). */
export function pythonInstaller(cmd: ShellCommand): PythonInstaller | undefined {
  const program = programName(cmd);
  let args = programArgs(cmd);
  let tool: PythonInstaller['tool'];
  let prefix: string;
  if (PIP_PROGRAM.test(program)) {
    tool = 'pip';
    prefix = program;
  } else if (PYTHON_PROGRAM.test(program)) {
    const m = args.findIndex((w) => w.value === '-m');
    if (m < 0 || args[m + 1]?.value !== 'pip') return undefined;
    tool = 'pip';
    prefix = `${program} -m pip`;
    args = args.slice(m + 2);
  } else if (program === 'uv') {
    tool = 'uv';
    prefix = 'uv';
    if (args[0]?.value === 'pip') {
      // `uv pip install` takes pip's arguments.
      tool = 'pip';
      prefix = 'uv pip';
      args = args.slice(1);
    }
  } else if (program === 'poetry' || program === 'pipx' || program === 'pdm') {
    tool = program;
    prefix = program;
  } else if (program === 'conda' || program === 'mamba' || program === 'micromamba') {
    tool = 'conda';
    prefix = program;
  } else return undefined;
  // Global options before the verb (`pip --no-cache-dir install`, `poetry -C x add`).
  let i = 0;
  while (i < args.length && args[i].value.startsWith('-')) {
    const v = args[i].value;
    i += !v.includes('=') && (v === '-C' || v === '--directory' || v === '--project' || v === '-p' || v === '--python') ? 2 : 1;
  }
  const verb = args[i];
  if (!verb) return undefined;
  return { tool, display: `${prefix} ${verb.value}`, verb: verb.value, args: args.slice(i + 1) };
}

function dirOption(args: readonly string[], ...names: string[]): string | undefined {
  return optionValues(args, names, new Set()).values[0];
}

function positionalOf(args: readonly string[], valueTaking: ReadonlySet<string>): string[] {
  return optionValues(args, [], valueTaking).positional;
}

const NPM_VALUE_OPTIONS = new Set(['--prefix', '--omit', '--include', '--registry', '--cache', '--loglevel', '--userconfig', '-w', '--workspace', '--install-strategy', '--cwd', '-C', '--dir', '--filter', '--network-timeout', '--mutex', '--modules-folder']);

function javascriptInstall(program: string, args: readonly string[]): CommandKind {
  const [verb, ...packages] = positionalOf(args, NPM_VALUE_OPTIONS);
  const global = args.includes('-g') || args.includes('--global');
  if (program === 'npm') {
    if (verb === undefined) return INERT;
    if (INERT_SUBCOMMANDS.npm.has(verb)) return INERT;
    if (verb === 'ci' || verb === 'clean-install' || ((verb === 'install' || verb === 'i' || verb === 'in') && !packages.length && !global)) {
      return install('npm', `npm ${verb}`, dirOption(args, '--prefix', '-C'), ['package*.json']);
    }
    if ((verb === 'install' || verb === 'i') && (global || packages.every((p) => !isLocalPath(p)))) return global ? INERT : READS;
    return READS;
  }
  if (program === 'yarn') {
    if (verb !== undefined && INERT_SUBCOMMANDS.yarn.has(verb)) return INERT;
    if (verb === undefined || (verb === 'install' && !packages.length)) {
      return install('yarn', verb ? 'yarn install' : 'yarn', dirOption(args, '--cwd'), ['package.json', 'yarn.lock']);
    }
    return READS;
  }
  if (program === 'pnpm') {
    if (verb !== undefined && INERT_SUBCOMMANDS.pnpm.has(verb)) return INERT;
    if (verb === 'add' && global) return INERT;
    const dir = dirOption(args, '-C', '--dir');
    if (verb === 'fetch') return install('pnpm', 'pnpm fetch', dir, ['pnpm-lock.yaml']);
    if ((verb === 'install' || verb === 'i') && !packages.length) return install('pnpm', `pnpm ${verb}`, dir, ['package.json', 'pnpm-lock.yaml']);
    return READS;
  }
  // bun
  if (verb !== undefined && INERT_SUBCOMMANDS.bun.has(verb)) return INERT;
  if ((verb === 'install' || verb === 'i') && !packages.length && !global) return install('bun', `bun ${verb}`, dirOption(args, '--cwd'), ['package.json', 'bun.lock*']);
  if ((verb === 'add' || verb === 'install' || verb === 'i') && global) return INERT;
  return READS;
}

const MAVEN_VALUE_OPTIONS = new Set(['-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-t', '--toolchains', '-l', '--log-file', '-b', '--builder', '-rf', '--resume-from']);
const MAVEN_RESOLVE_GOALS = /^(dependency:(go-offline|resolve|resolve-plugins|resolve-sources|copy-dependencies|tree)|[\w.-]+:go-offline-maven-plugin(:[\w.-]+)?:resolve-dependencies|go-offline:resolve-dependencies)$/;
const GRADLE_VALUE_OPTIONS = new Set(['-x', '--exclude-task', '-p', '--project-dir', '-b', '--build-file', '-c', '--settings-file', '-g', '--gradle-user-home', '-D', '-P', '--console', '--warning-mode', '-I', '--init-script']);
const GRADLE_RESOLVE_TASKS = new Set(['dependencies', 'androidDependencies', 'resolveDependencies', 'downloadDependencies', 'resolveAllDependencies', 'help', 'buildEnvironment']);
const DOTNET_VALUE_OPTIONS = new Set(['-s', '--source', '-r', '--runtime', '--configfile', '--packages', '-v', '--verbosity', '-a', '--arch', '--os', '-p', '--property', '--lock-file-path']);

/** Classifies one shell command of a RUN. */
export function classifyCommand(cmd: ShellCommand): CommandKind {
  const program = programName(cmd);
  if (!program) return cmd.argv.length ? READS : INERT; // bare assignments / redirects
  const argWords = programArgs(cmd);
  const args = words(argWords);

  const py = pythonInstaller(cmd);
  if (py) {
    const rest = words(py.args);
    if (py.tool === 'pip') {
      if (py.verb === 'install' || py.verb === 'download' || py.verb === 'wheel') return pipInstall(py.tool, py.display, rest);
      if (py.verb === 'sync') {
        const files = positionalOf(rest, PIP_VALUE_OPTIONS);
        return files.length && !files.some((f) => f === '.' || f.endsWith('/')) ? install('uv', `${py.display} ${files[0]}`, undefined, files) : READS;
      }
      return INERT_SUBCOMMANDS.pip.has(py.verb) || py.verb === 'uninstall' ? INERT : READS;
    }
    if (py.tool === 'uv') {
      if (py.verb === 'sync') {
        if (!rest.some((a) => a === '--no-install-project' || a === '--no-install-workspace' || a === '--only-deps')) return READS;
        return install('uv', 'uv sync', dirOption(args, '--directory', '--project'), ['pyproject.toml', 'uv.lock']);
      }
      return INERT_SUBCOMMANDS.uv.has(py.verb) ? INERT : READS;
    }
    if (py.tool === 'poetry') {
      if (py.verb === 'install') {
        if (!rest.includes('--no-root') && !rest.includes('--only-root')) return READS;
        if (rest.includes('--only-root')) return READS;
        return install('poetry', 'poetry install --no-root', dirOption(args, '-C', '--directory'), ['pyproject.toml', 'poetry.lock']);
      }
      return INERT_SUBCOMMANDS.poetry.has(py.verb) ? INERT : READS;
    }
    if (py.tool === 'conda') {
      const file = dirOption(rest, '-f', '--file');
      const envVerb = py.verb === 'env' ? rest[0] : py.verb;
      if (file && (envVerb === 'create' || envVerb === 'update' || envVerb === 'install')) return install('conda', `${py.display}${py.verb === 'env' ? ' ' + envVerb : ''} -f ${file}`, undefined, [file]);
      const condaValues = new Set(['-n', '--name', '-c', '--channel', '-p', '--prefix']);
      if ((py.verb === 'install' || py.verb === 'create') && positionalOf(rest, condaValues).every((p) => !isLocalPath(p))) return INERT;
      return INERT_SUBCOMMANDS.conda.has(py.verb) ? INERT : READS;
    }
    if (py.tool === 'pipx') return py.verb === 'install' && words(py.args).every((a) => !isLocalPath(a)) ? INERT : READS;
    return READS;
  }
  if (PYTHON_PROGRAM.test(program)) {
    const m = args.indexOf('-m');
    return m >= 0 && (args[m + 1] === 'venv' || args[m + 1] === 'ensurepip' || args[m + 1] === 'virtualenv') ? INERT : READS;
  }

  switch (program) {
    case 'npm':
    case 'yarn':
    case 'pnpm':
    case 'bun':
      return javascriptInstall(program, args);
    case 'pipenv': {
      const verb = args.find((a) => !a.startsWith('-'));
      if (verb === 'install' || verb === 'sync') {
        const pkgs = positionalOf(args.slice(args.indexOf(verb) + 1), new Set(['--python', '--pypi-mirror', '--categories']));
        if (pkgs.some(isLocalPath) || args.includes('-e')) return READS;
        return pkgs.length ? INERT : install('pipenv', `pipenv ${verb}`, undefined, ['Pipfile', 'Pipfile.lock']);
      }
      return verb === undefined || INERT_SUBCOMMANDS.pipenv.has(verb) ? INERT : READS;
    }
    case 'go': {
      const goArgs = args[0] === '-C' ? args.slice(2) : args;
      if (goArgs[0] === 'mod' && goArgs[1] === 'download') return install('go', 'go mod download', args[0] === '-C' ? args[1] : undefined, ['go.mod', 'go.sum']);
      return INERT_SUBCOMMANDS.go.has(goArgs[0] ?? '') ? INERT : READS;
    }
    case 'bundle':
    case 'bundler': {
      const verb = args.find((a) => !a.startsWith('-'));
      if (verb === undefined || verb === 'install') {
        const gemfile = dirOption(args, '--gemfile');
        if (gemfile) {
          const slash = gemfile.lastIndexOf('/');
          const dir = slash >= 0 ? gemfile.slice(0, slash) : undefined;
          const base = gemfile.slice(slash + 1);
          return install('bundler', 'bundle install', dir, [base, `${base}.lock`]);
        }
        return install('bundler', 'bundle install', undefined, ['Gemfile', 'Gemfile.lock']);
      }
      return INERT_SUBCOMMANDS.bundle.has(verb) ? INERT : READS;
    }
    case 'composer':
    case 'composer.phar': {
      const verb = args.find((a) => !a.startsWith('-'));
      if (verb === 'install' || verb === 'i') {
        // Scripts and the autoloader read the sources; with both off it reads composer.json/.lock only.
        if (!args.includes('--no-scripts') || !args.includes('--no-autoloader')) return READS;
        return install('composer', 'composer install', dirOption(args, '-d', '--working-dir'), ['composer.json', 'composer.lock']);
      }
      return verb !== undefined && INERT_SUBCOMMANDS.composer.has(verb) ? INERT : READS;
    }
    case 'mvn':
    case 'mvnw': {
      const goals = positionalOf(args, MAVEN_VALUE_OPTIONS).filter((g) => !g.startsWith('-D'));
      if (!goals.length || !goals.every((g) => MAVEN_RESOLVE_GOALS.test(g))) return READS;
      const pom = dirOption(args, '-f', '--file');
      const dir = pom ? (pom.endsWith('.xml') ? pom.slice(0, Math.max(0, pom.lastIndexOf('/'))) || undefined : pom) : undefined;
      const names = program === 'mvnw' ? ['pom.xml', 'mvnw', '.mvn/'] : ['pom.xml'];
      return install('maven', `${program} ${goals.join(' ')}`, dir, names);
    }
    case 'gradle':
    case 'gradlew': {
      const tasks = positionalOf(args, GRADLE_VALUE_OPTIONS);
      if (!tasks.length || !tasks.every((t) => GRADLE_RESOLVE_TASKS.has(t))) return READS;
      const names = ['build.gradle*', 'settings.gradle*'];
      if (program === 'gradlew') names.push('gradlew', 'gradle/');
      return install('gradle', `${program} ${tasks.join(' ')}`, dirOption(args, '-p', '--project-dir'), names);
    }
    case 'dotnet': {
      if (args[0] !== 'restore') return INERT_SUBCOMMANDS.dotnet.has(args[0] ?? '') ? INERT : READS;
      const target = positionalOf(args.slice(1), DOTNET_VALUE_OPTIONS)[0];
      if (target === undefined) return install('dotnet', 'dotnet restore', undefined, ['*.csproj']);
      if (/\.(csproj|fsproj|vbproj)$/i.test(target)) return install('dotnet', `dotnet restore ${target}`, undefined, [target]);
      // A solution or a directory names projects we cannot list.
      return install('dotnet', `dotnet restore ${target}`, undefined, [target], { noFix: 'the projects it restores are not named here; copy each project file first' });
    }
    case 'cargo': {
      if (args[0] === 'fetch') {
        const manifest = dirOption(args, '--manifest-path');
        const dir = manifest ? manifest.slice(0, Math.max(0, manifest.lastIndexOf('/'))) || undefined : undefined;
        return install('cargo', 'cargo fetch', dir, ['Cargo.toml', 'Cargo.lock'], { noFix: 'Cargo also needs a build target, so copy a stub src/main.rs with the manifests or use cargo-chef' });
      }
      return INERT_SUBCOMMANDS.cargo.has(args[0] ?? '') ? INERT : READS;
    }
    case 'mix':
      if (args[0] === 'deps.get') return install('mix', 'mix deps.get', undefined, ['mix.exs', 'mix.lock']);
      return INERT_SUBCOMMANDS.mix.has(args[0] ?? '') ? INERT : READS;
    case 'source':
    case '.':
      // `. /venv/bin/activate`: an absolute script outside the context.
      return args[0]?.startsWith('/') ? INERT : READS;
    case 'gem':
      return args[0] === 'install' && !args.slice(1).some((a) => a.endsWith('.gem') || isLocalPath(a)) ? INERT : args[0] === 'install' ? READS : INERT;
    default:
      return INERT_PROGRAMS.has(program) ? INERT : READS;
  }
}
