/**
 * Package managers and their download caches (plan §1.1–1.3): how to recognise a
 * command that downloads, where that tool really caches given the environment and
 * the user, what turns the cache off or wipes it, and where it installs (a cache
 * mount there would swallow the install). One entry per tool, below; the rules
 * `cache-mount-missing`, `cache-mount-defeated` and `cache-mount-wrong-target` read
 * only this table (through `cache-mounts.ts`), so a fact is fixed in one place.
 *
 * Docker's cache-mount examples are a starting point, not the truth: its Bundler
 * target (`/root/.gem`) is where `gem install --user-install` puts gems, not where
 * Bundler downloads in the ruby image (`$GEM_HOME/cache` = `/usr/local/bundle/cache`),
 * and its Composer target (`/tmp/cache`) is right only in the composer image, where
 * `COMPOSER_HOME=/tmp` (see `base-images.ts` for the image facts).
 *
 * | Tool | Downloads with | Cache directory (first that applies) | Turns the cache off / wipes it |
 * |---|---|---|---|
 * | pip | `pip`, `pip3`, `python -m pip` `install`/`download`/`wheel` (not `--no-index`) | `--cache-dir`, `$PIP_CACHE_DIR`, `$XDG_CACHE_HOME/pip`, `~/.cache/pip` | `--no-cache-dir`, `PIP_NO_CACHE_DIR` (any value, even `0`: pip treats its presence as "off"); `pip cache purge/remove` |
 * | uv | `uv sync`, `uv add`, `uv pip install/sync`, `uv tool install` (not `--offline`) | `--cache-dir`, `$UV_CACHE_DIR`, `$XDG_CACHE_HOME/uv`, `~/.cache/uv` | `--no-cache`/`-n`, `UV_NO_CACHE`; `uv cache clean`. With a mount, uv cannot hard-link from the cache, so the fix sets `UV_LINK_MODE=copy` |
 * | poetry | `poetry install/sync/add/update` | `$POETRY_CACHE_DIR`, `poetry config cache-dir`, `$XDG_CACHE_HOME/pypoetry`, `~/.cache/pypoetry`. Virtualenvs default to `<cache>/virtualenvs`, so unless `POETRY_VIRTUALENVS_CREATE=false`/`_IN_PROJECT=true`/`_PATH` is set the fix mounts only `<cache>/artifacts` and `<cache>/cache` | `--no-cache`; `poetry cache clear` |
 * | npm | `npm ci/install/i/add/update` (not `--offline`) | `--cache`, `$npm_config_cache` (any case), `npm config set cache`, `~/.npm` | `npm cache clean/clear/rm` |
 * | yarn 1 (classic) | `yarn`, `yarn install/add/upgrade`, `yarn global add` | `--cache-folder`, `$YARN_CACHE_FOLDER`, `yarn config set cache-folder`, `$XDG_CACHE_HOME/yarn`, `/usr/local/share/.cache/yarn` for root (yarn's `userHome` is `/usr/local/share` for root), `~/.cache/yarn` otherwise | `yarn cache clean` |
 * | yarn 2+ (Berry) | same commands, recognised by `--immutable`, `yarn set version`, a copied `.yarnrc.yml`/`.yarn/`, `YARN_*` Berry settings | `enableGlobalCache` (default true since 4): `$YARN_GLOBAL_FOLDER/cache`, `$XDG_DATA_HOME/yarn/berry/cache`, `~/.yarn/berry/cache`; else `$YARN_CACHE_FOLDER` or the project's `.yarn/cache`. With Plug'n'Play the cache *is* the install (`.pnp.cjs` reads the zips), so a mount is only right with `nodeLinker: node-modules`/`pnpm` | `yarn cache clean` |
 * | pnpm | `pnpm install/i/add/fetch/update` (not `--offline`) | `--store-dir`, `$npm_config_store_dir`, `pnpm config set store-dir`, `$PNPM_HOME/store`, `$XDG_DATA_HOME/pnpm/store`, `~/.local/share/pnpm/store` | `pnpm store prune` |
 * | apk | `apk add/upgrade` (not `--no-network`) | `/etc/apk/cache` (`--cache-dir`). apk keeps packages only when `/etc/apk/cache` exists; `/var/cache/apk` alone holds just the indexes (apk-tools `apk_db_cache_active`), so a mount there caches no packages unless `/etc/apk/cache` links to it | `--no-cache`; `apk cache clean/purge`. With an active cache apk reads the index from the cache, so the fix makes sure the RUN refreshes it (`--update` in place of `--no-cache`) |
 * | apt | `apt-get`/`apt` `install/upgrade/dist-upgrade/full-upgrade/build-dep/source/download/reinstall`; `update` in the same RUN adds the lists | `/var/cache/apt` (archives) and `/var/lib/apt` (lists), both `sharing=locked` (apt locks them) | Debian/Ubuntu images' `/etc/apt/apt.conf.d/docker-clean` deletes `.deb`s after every install (the fix removes it and sets `Keep-Downloaded-Packages`, which changes the image's apt config: unsafe); `apt-get clean/autoclean/dist-clean`, `rm -rf /var/lib/apt/lists/*` |
 * | go | `go mod download/tidy`, `go build/install/get` (also through `xx-go`) | modules: `$GOMODCACHE`, `${GOPATH%%:*}/pkg/mod` (golang image: `/go/pkg/mod`), `~/go/pkg/mod`; builds: `$GOCACHE`, `$XDG_CACHE_HOME/go-build`, `~/.cache/go-build`; `go env -w` counts | `go clean -modcache`, `go clean -cache` |
 * | cargo | `cargo build/fetch/install/test/run/check/clippy/doc/vendor`, `cargo chef cook` (not `--offline`/`--frozen`) | `$CARGO_HOME/registry` and `$CARGO_HOME/git` (rust image: `/usr/local/cargo`), `~/.cargo/…`. Never `target/` (the build output) nor `$CARGO_HOME` itself (holds `bin/`) | – |
 * | maven | `mvn`/`mvnw` with a goal (not `-o`) | `-Dmaven.repo.local` (args or `$MAVEN_OPTS`/`$MAVEN_ARGS`), `-s /usr/share/maven/ref/settings-docker.xml` → `/usr/share/maven/ref/repository`, `~/.m2/repository` | `mvn dependency:purge-local-repository` |
 * | gradle | `gradle`/`gradlew` with a task (not `--offline`) | `-g`/`--gradle-user-home`, `$GRADLE_USER_HOME`, `-Dgradle.user.home` in `$GRADLE_OPTS`, `~/.gradle` → `/caches` (and `/wrapper` for `gradlew`) | – |
 * | bundler | `bundle`, `bundle install/update/add` (not `--local`) | `BUNDLE_GLOBAL_GEM_CACHE` → `$BUNDLE_USER_CACHE`/`~/.bundle/cache`; else the bundle path's `cache/`: `$BUNDLE_PATH/ruby/<ABI>/cache` (ABI from the ruby image tag), else `$GEM_HOME/cache` (ruby image: `/usr/local/bundle/cache`; Bundler `Source::Rubygems#fetch_gem` reuses `.gem` files found there) | – |
 * | gem | `gem install/update` | `--install-dir`/`-i` → `<dir>/cache`, `$GEM_HOME/cache` | – |
 * | composer | `composer install/update/require/create-project`, `php composer.phar …` | `$COMPOSER_CACHE_DIR`, `$COMPOSER_HOME/cache` (composer image: `/tmp/cache`), else `~/.composer/cache` or, on XDG systems, `$XDG_CACHE_HOME/composer` (both are accepted; the fix mounts `~/.composer/cache`, which Composer then picks because `~/.composer` exists) | `--no-cache`, `COMPOSER_CACHE_DIR=/dev/null`; `composer clear-cache` |
 * | dotnet | `dotnet restore`, `dotnet build/publish/test/pack/run` without `--no-restore` | `--packages`, `$NUGET_PACKAGES`, `~/.nuget/packages`. Builds with `--no-restore` read packages from there, so a later RUN doing that needs the same mount | `dotnet nuget locals all --clear` |
 *
 * "~" is the running user's home: `/root` for root, `/home/<name>` for a named user
 * unless the file shows otherwise (`ENV HOME`, `useradd -d`), unknown for a uid that
 * no `useradd`/`adduser` in the file or the base image names.
 */
import { programArgs, programName, type ShellCommand, type Word } from '../shell';

export type ManagerKind = 'language' | 'os';

/** What a tool's cache directory may depend on, as the command sees it. */
export interface CacheEnv {
  /** The first of these variables that is set (command assignments, `export`, ENV/ARG, the base image, tool config). */
  get(...names: string[]): string | undefined;
  /** The running user's home; undefined when the file does not show it. */
  home: string | undefined;
  /** Who the home belongs to, for messages (`root`, `appuser`, `uid 1001`). */
  who: string;
  root: boolean;
  /** The directory the command runs in (WORKDIR and `cd`), undefined when unknown. */
  cwd: string | undefined;
  /** Tag of the stage's base image (`3.3-slim`), for version-dependent paths. */
  imageTag: string | undefined;
}

/** A resolved directory (absolute), or why it cannot be known. */
export type Resolved = { path: string; also?: readonly string[]; via: string } | { unknown: string };

export interface CacheDirSpec {
  key: string;
  /** "pip's cache", for messages. */
  label: string;
  resolve(env: CacheEnv, args: readonly Word[]): Resolved;
  /** Path tails that show a mount is meant for this directory, compared segment by segment. */
  looksLike: readonly string[];
  sharing?: 'locked';
  /** Holds compiler output rather than downloads (Go's build cache), for messages. */
  compiles?: boolean;
}

/** A command that downloads into the cache. */
export interface FetchMatch {
  /** Where a finding points: the subcommand, or the program when there is none. */
  word: Word;
  /** Cache keys it fills and that a mount must cover. */
  fills: readonly string[];
  /** Keys the fix mounts as well, though their absence alone is not reported. */
  also?: readonly string[];
}

/** What a tool may ask about the RUN around one of its commands. */
export interface RunView {
  commands: readonly ShellCommand[];
  index: number;
  /** The command's program word, for findings on a bare `yarn` or `bundle`. */
  program: Word;
  /** Yarn 2+ is in use in this stage (see `cache-mounts.ts`). */
  yarnBerry: boolean;
}

export interface PackageManager {
  id: string;
  /** As users write it, for messages. */
  name: string;
  kind: ManagerKind;
  /** Needs root whatever USER says (OS package managers), so mounts need no uid. */
  runsAsRoot?: boolean;
  /** Program names that may be this tool (a cheap filter before `args`). */
  programs: readonly string[];
  programPattern?: RegExp;
  /** The words after the tool's program, or undefined when the command is not this tool. */
  args(cmd: ShellCommand): Word[] | undefined;
  /** Recognises a command that downloads into the cache. */
  fetch(args: readonly Word[], run: RunView, env: CacheEnv): FetchMatch | undefined;
  caches: readonly CacheDirSpec[];
  /** Flags of the tool's own commands that turn its cache off. */
  disablingFlags?: readonly string[];
  /** Environment variables that turn the cache off. */
  disablingEnv?: readonly { name: string; disables(value: string): boolean }[];
  /** Commands of the tool that wipe caches: the keys wiped. */
  wipes?(args: readonly Word[]): readonly string[] | undefined;
  /** Reads the cache without downloading (`--offline`, `--no-restore`): a later RUN doing this needs the files in the image. */
  readsOffline?(args: readonly Word[]): boolean;
  /** A config command that moves the cache, as the variable it stands for. */
  settings?(args: readonly Word[]): readonly [string, string] | undefined;
  /** Where the command installs: a cache mount covering these swallows the install. */
  installs?(env: CacheEnv, args: readonly Word[]): string[];
  /** A variable the fix sets on the command with the mount (uv: `UV_LINK_MODE=copy`). */
  fixAssignment?: { name: string; value: string; unless?(env: CacheEnv, args: readonly Word[]): boolean; unsafe?: string };
  /** A flag the fetch command needs once the cache is on (apk: `--update`, to refresh the index the cache would otherwise serve). */
  ensureFlag?: { flag: string; satisfied(args: readonly Word[], run: RunView): boolean };
  /** Shell the fix runs before the tool when the image defeats the cache (apt: Debian's docker-clean). */
  prepare?: { text: string; why: string };
  /** When the fix may not be offered, or the finding is only informational. */
  caveat?(env: CacheEnv): { message: string; noFix: boolean; info: boolean } | undefined;
  cleanup: readonly string[];
}

// ---------------------------------------------------------------------------
// Small readers of argument lists.

/** Value of `--name=v`, `--name v` or `-n v` (first match). */
export function optionValue(args: readonly Word[], ...names: string[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    for (const n of names) {
      if (v === n) return args[i + 1];
      if (n.startsWith('--') && v.startsWith(n + '=')) {
        const w = args[i];
        return { ...w, value: v.slice(n.length + 1) };
      }
    }
  }
  return undefined;
}

export function hasFlag(args: readonly Word[], ...names: string[]): Word | undefined {
  return args.find((w) => names.some((n) => w.value === n || (n.startsWith('--') && w.value.startsWith(n + '='))));
}

/** Positional words, skipping the values of the options in `valueOptions`. */
export function positionals(args: readonly Word[], valueOptions: ReadonlySet<string> = NO_VALUES): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('-')) {
      if (valueOptions.has(v)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

const NO_VALUES: ReadonlySet<string> = new Set();

const QUERY_FLAGS = new Set(['--version', '-v', '-V', '--help', '-h']);

/** `yarn --version`, `bundle -v`: asks, does not install. */
function isQuery(args: readonly Word[]): boolean {
  return args.some((w) => QUERY_FLAGS.has(w.value));
}

/** The words after the program when it is one of `names` (basename). */
function programIs(cmd: ShellCommand, names: ReadonlySet<string>): Word[] | undefined {
  return names.has(programName(cmd)) ? programArgs(cmd) : undefined;
}

function truthy(v: string | undefined): boolean {
  if (v === undefined) return false;
  const s = v.toLowerCase();
  return s !== '' && s !== '0' && s !== 'false' && s !== 'no' && s !== 'off';
}

// ---------------------------------------------------------------------------
// Paths.

/** Collapses `.`/`..`/`//` and drops a trailing slash of an absolute path. */
export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** An absolute path from a setting: `~` is the home, relative paths start at the working directory. */
export function absolute(env: CacheEnv, p: string, via: string): Resolved {
  if (p.includes('$')) return { unknown: `${via} (\`${p}\`) depends on a variable this file does not set` };
  if (p === '~' || p.startsWith('~/')) return env.home ? { path: normalizePath(env.home + p.slice(1)), via } : { unknown: homeUnknown(env) };
  if (p.startsWith('/')) return { path: normalizePath(p), via };
  return env.cwd ? { path: normalizePath(env.cwd + '/' + p), via } : { unknown: `${via} is relative and the working directory is unknown` };
}

function homeUnknown(env: CacheEnv): string {
  return `the home directory of ${env.who} is not known from this file`;
}

function inHome(env: CacheEnv, rel: string): Resolved {
  return env.home ? { path: normalizePath(`${env.home}/${rel}`), via: `${rel === '' ? '~' : '~/' + rel} (HOME=${env.home})` } : { unknown: homeUnknown(env) };
}

/** `$NAME` + suffix when set, else the fallback. */
function fromVar(env: CacheEnv, names: string[], suffix: string, fallback: () => Resolved): Resolved {
  const v = env.get(...names);
  if (v !== undefined && v !== '') return absolute(env, suffix ? `${v.replace(/\/+$/, '')}/${suffix}` : v, `$${names[0]}${suffix ? '/' + suffix : ''}`);
  return fallback();
}

function withSuffix(r: Resolved, suffix: string): Resolved {
  return 'path' in r ? { path: normalizePath(`${r.path}/${suffix}`), via: `${r.via}/${suffix}`, also: r.also?.map((a) => normalizePath(`${a}/${suffix}`)) } : r;
}

/** `$XDG_CACHE_HOME/<sub>` or `~/.cache/<sub>`. */
function xdgCache(env: CacheEnv, sub: string): Resolved {
  return fromVar(env, ['XDG_CACHE_HOME'], sub, () => inHome(env, `.cache/${sub}`));
}

function fromFlag(env: CacheEnv, args: readonly Word[], names: string[], suffix = ''): Resolved | undefined {
  const w = optionValue(args, ...names);
  if (!w) return undefined;
  return absolute(env, suffix ? `${w.value.replace(/\/+$/, '')}/${suffix}` : w.value, names[0]);
}

/** Ruby's ABI directory (`3.3.0`) from the ruby image tag (`3.3.5-slim`). */
function rubyAbi(env: CacheEnv): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(env.imageTag ?? '');
  return m ? `${m[1]}.${m[2]}.0` : undefined;
}

// ---------------------------------------------------------------------------
// The table.

const PIP_PROGRAM = /^pip[0-9.]*$/;
const PYTHON_PROGRAM = /^python[0-9.]*$/;

/** `pip …`, `pip3 …`, `python -m pip …`, `python3.12 -m pip …`. */
function pipArgs(cmd: ShellCommand): Word[] | undefined {
  const program = programName(cmd);
  const args = programArgs(cmd);
  if (PIP_PROGRAM.test(program)) return args;
  if (!PYTHON_PROGRAM.test(program)) return undefined;
  const m = args.findIndex((w) => w.value === '-m');
  return m >= 0 && args[m + 1]?.value === 'pip' ? args.slice(m + 2) : undefined;
}

export const PIP_VALUE_OPTIONS = new Set(['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--cache-dir', '--python', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--log', '--proxy', '--retries', '--timeout', '--trusted-host', '--cert', '--client-cert', '--exists-action', '--report', '--root-user-action', '--only-binary', '--no-binary', '-C', '--config-settings', '--global-option', '-d', '--dest', '-w', '--wheel-dir']);

const pip: PackageManager = {
  id: 'pip',
  name: 'pip',
  kind: 'language',
  programs: [], programPattern: /^(pip|python)[0-9.]*$/,
  args: pipArgs,
  fetch(args) {
    const verb = positionals(args, PIP_VALUE_OPTIONS)[0];
    if (!verb || !['install', 'download', 'wheel'].includes(verb.value)) return undefined;
    if (hasFlag(args, '--no-index')) return undefined;
    return { word: verb, fills: ['cache'] };
  },
  caches: [
    {
      key: 'cache',
      label: "pip's cache",
      resolve: (env, args) => fromFlag(env, args, ['--cache-dir']) ?? fromVar(env, ['PIP_CACHE_DIR'], '', () => xdgCache(env, 'pip')),
      looksLike: ['.cache/pip', 'pip', '.pip', 'pip-cache', '.pip-cache', 'pip_cache', 'pipcache', '.cache'],
    },
  ],
  disablingFlags: ['--no-cache-dir', '--no-cache'],
  disablingEnv: [{ name: 'PIP_NO_CACHE_DIR', disables: () => true }],
  wipes(args) {
    const [verb, sub] = positionals(args, PIP_VALUE_OPTIONS);
    return verb?.value === 'cache' && (sub?.value === 'purge' || sub?.value === 'remove') ? ['cache'] : undefined;
  },
  settings(args) {
    const [verb, sub, key, value] = positionals(args);
    if (verb?.value === 'config' && sub?.value === 'set' && value && /^(global|user|install)\.cache-dir$/.test(key?.value ?? '')) return ['PIP_CACHE_DIR', value.value];
    return undefined;
  },
  installs(env, args) {
    const out: string[] = [];
    for (const name of ['--target', '-t', '--prefix', '--root']) {
      const w = optionValue(args, name);
      const r = w && absolute(env, w.value, name);
      if (r && 'path' in r) out.push(r.path);
    }
    if (hasFlag(args, '--user')) {
      const r = fromVar(env, ['PYTHONUSERBASE'], '', () => inHome(env, '.local'));
      if ('path' in r) out.push(r.path);
    }
    return out;
  },
  cleanup: ['--no-cache-dir', 'PIP_NO_CACHE_DIR=1', 'pip cache purge', 'rm -rf ~/.cache/pip'],
};

const UV_VALUE_OPTIONS = new Set(['--cache-dir', '--directory', '--project', '-p', '--python', '--link-mode', '-r', '--requirement', '-c', '--constraint', '--index-url', '--extra-index-url', '-i', '--index', '--default-index', '-f', '--find-links', '--target', '--prefix', '--extra', '--group', '--only-group', '--package', '--no-group', '--config-file', '--python-platform', '--python-version']);

const uv: PackageManager = {
  id: 'uv',
  name: 'uv',
  kind: 'language',
  programs: ['uv'],
  args: (cmd) => programIs(cmd, UV_PROGRAMS),
  fetch(args) {
    if (hasFlag(args, '--offline')) return undefined;
    const [verb, sub] = positionals(args, UV_VALUE_OPTIONS);
    if (!verb) return undefined;
    if (verb.value === 'sync' || verb.value === 'add') return { word: verb, fills: ['cache'] };
    if ((verb.value === 'pip' && (sub?.value === 'install' || sub?.value === 'sync')) || (verb.value === 'tool' && sub?.value === 'install')) return { word: sub!, fills: ['cache'] };
    return undefined;
  },
  caches: [
    {
      key: 'cache',
      label: "uv's cache",
      resolve: (env, args) => fromFlag(env, args, ['--cache-dir']) ?? fromVar(env, ['UV_CACHE_DIR'], '', () => xdgCache(env, 'uv')),
      looksLike: ['.cache/uv', 'uv', 'uv-cache', '.uv-cache', 'uv_cache', '.cache'],
    },
  ],
  disablingFlags: ['--no-cache', '-n'],
  disablingEnv: [{ name: 'UV_NO_CACHE', disables: truthy }],
  wipes(args) {
    const [verb, sub] = positionals(args, UV_VALUE_OPTIONS);
    return verb?.value === 'cache' && sub?.value === 'clean' ? ['cache'] : undefined;
  },
  installs(env, args) {
    const [verb] = positionals(args, UV_VALUE_OPTIONS);
    const out: string[] = [];
    if (verb?.value === 'sync') {
      const r = fromVar(env, ['UV_PROJECT_ENVIRONMENT'], '', () => (env.cwd ? { path: normalizePath(env.cwd + '/.venv'), via: '.venv' } : { unknown: '' }));
      if ('path' in r) out.push(r.path);
    }
    for (const name of ['--target', '--prefix']) {
      const w = optionValue(args, name);
      const r = w && absolute(env, w.value, name);
      if (r && 'path' in r) out.push(r.path);
    }
    return out;
  },
  // The cache mount is another filesystem: uv cannot hard-link from it and warns before copying.
  fixAssignment: { name: 'UV_LINK_MODE', value: 'copy', unless: (env, args) => env.get('UV_LINK_MODE') !== undefined || !!hasFlag(args, '--link-mode') },
  cleanup: ['--no-cache', 'UV_NO_CACHE=1', 'uv cache clean'],
};
const UV_PROGRAMS = new Set(['uv']);

const POETRY_VALUE_OPTIONS = new Set(['-C', '--directory', '-P', '--project', '--with', '--without', '--only', '-E', '--extras', '--source', '-G', '--group']);

/** Poetry keeps virtualenvs in `<cache-dir>/virtualenvs` unless told otherwise. */
function poetryVenvInCache(env: CacheEnv): boolean {
  const create = env.get('POETRY_VIRTUALENVS_CREATE');
  if (create !== undefined && !truthy(create)) return false;
  if (truthy(env.get('POETRY_VIRTUALENVS_IN_PROJECT'))) return false;
  return env.get('POETRY_VIRTUALENVS_PATH') === undefined;
}

function poetryCacheDir(env: CacheEnv): Resolved {
  return fromVar(env, ['POETRY_CACHE_DIR'], '', () => xdgCache(env, 'pypoetry'));
}

const poetry: PackageManager = {
  id: 'poetry',
  name: 'Poetry',
  kind: 'language',
  programs: ['poetry'],
  args: (cmd) => programIs(cmd, POETRY_PROGRAMS),
  fetch(args, _run, env) {
    const verb = positionals(args, POETRY_VALUE_OPTIONS)[0];
    if (!verb || !['install', 'sync', 'add', 'update'].includes(verb.value)) return undefined;
    return poetryVenvInCache(env) ? { word: verb, fills: ['artifacts'], also: ['cache'] } : { word: verb, fills: ['cache-dir'] };
  },
  caches: [
    // The whole cache directory, when virtualenvs live elsewhere.
    { key: 'cache-dir', label: "Poetry's cache", resolve: (env) => poetryCacheDir(env), looksLike: ['.cache/pypoetry', 'pypoetry', 'poetry', '.poetry', 'poetry-cache', 'poetry_cache', '.cache'] },
    // Otherwise only the downloads and the repository metadata, so the virtualenv stays in the image.
    { key: 'artifacts', label: "Poetry's downloaded artifacts", resolve: (env) => withSuffix(poetryCacheDir(env), 'artifacts'), looksLike: ['pypoetry/artifacts', 'poetry/artifacts'] },
    { key: 'cache', label: "Poetry's repository cache", resolve: (env) => withSuffix(poetryCacheDir(env), 'cache'), looksLike: ['pypoetry/cache', 'poetry/cache'] },
  ],
  disablingFlags: ['--no-cache'],
  wipes(args) {
    const [verb, sub] = positionals(args, POETRY_VALUE_OPTIONS);
    return verb?.value === 'cache' && sub?.value === 'clear' ? ['cache-dir', 'artifacts', 'cache'] : undefined;
  },
  settings(args) {
    const [verb, key, value] = positionals(args, POETRY_VALUE_OPTIONS);
    if (verb?.value !== 'config' || !value) return undefined;
    if (key?.value === 'cache-dir') return ['POETRY_CACHE_DIR', value.value];
    if (key?.value === 'virtualenvs.create') return ['POETRY_VIRTUALENVS_CREATE', value.value];
    if (key?.value === 'virtualenvs.in-project') return ['POETRY_VIRTUALENVS_IN_PROJECT', value.value];
    if (key?.value === 'virtualenvs.path') return ['POETRY_VIRTUALENVS_PATH', value.value];
    return undefined;
  },
  installs(env) {
    if (!poetryVenvInCache(env)) return [];
    const r = withSuffix(poetryCacheDir(env), 'virtualenvs');
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['--no-cache', 'poetry cache clear --all .', 'rm -rf $POETRY_CACHE_DIR'],
};
const POETRY_PROGRAMS = new Set(['poetry']);

const NPM_FETCH_VERBS = new Set(['ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'update', 'up', 'upgrade', 'udpate', 'install-ci-test', 'cit', 'install-test', 'it']);
const NPM_VALUE_OPTIONS = new Set(['--cache', '--prefix', '-C', '--registry', '--omit', '--include', '-w', '--workspace', '--loglevel', '--userconfig', '--tag']);

function npmCache(env: CacheEnv, args: readonly Word[]): Resolved {
  return fromFlag(env, args, ['--cache']) ?? fromVar(env, ['npm_config_cache', 'NPM_CONFIG_CACHE'], '', () => inHome(env, '.npm'));
}

const npm: PackageManager = {
  id: 'npm',
  name: 'npm',
  kind: 'language',
  programs: ['npm'],
  args: (cmd) => programIs(cmd, NPM_PROGRAMS),
  fetch(args) {
    const verb = positionals(args, NPM_VALUE_OPTIONS)[0];
    if (!verb || !NPM_FETCH_VERBS.has(verb.value) || hasFlag(args, '--offline')) return undefined;
    return { word: verb, fills: ['cache'] };
  },
  caches: [{ key: 'cache', label: "npm's cache", resolve: npmCache, looksLike: ['.npm', 'npm', 'npm-cache', '.npm-cache', 'npm_cache', '.npm/_cacache'] }],
  wipes(args) {
    const [verb, sub] = positionals(args, NPM_VALUE_OPTIONS);
    return verb?.value === 'cache' && (sub?.value === 'clean' || sub?.value === 'clear' || sub?.value === 'rm') ? ['cache'] : undefined;
  },
  readsOffline: (args) => !!hasFlag(args, '--offline') && NPM_FETCH_VERBS.has(positionals(args, NPM_VALUE_OPTIONS)[0]?.value ?? ''),
  settings(args) {
    const p = positionals(args, NPM_VALUE_OPTIONS).map((w) => w.value);
    const rest = p[0] === 'config' ? p.slice(1) : p;
    if (rest[0] !== 'set') return undefined;
    if (rest[1] === 'cache' && rest[2]) return ['npm_config_cache', rest[2]];
    if (rest[1]?.startsWith('cache=')) return ['npm_config_cache', rest[1].slice(6)];
    return undefined;
  },
  installs(env, args) {
    const global = hasFlag(args, '-g', '--global');
    const prefix = optionValue(args, '--prefix', '-C');
    let r: Resolved;
    if (global) r = fromVar(env, ['npm_config_prefix', 'NPM_CONFIG_PREFIX'], 'lib/node_modules', () => ({ path: '/usr/local/lib/node_modules', via: 'the global prefix' }));
    else if (prefix) r = absolute(env, `${prefix.value}/node_modules`, '--prefix');
    else r = env.cwd ? { path: normalizePath(env.cwd + '/node_modules'), via: 'node_modules' } : { unknown: '' };
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['npm cache clean --force', 'rm -rf ~/.npm'],
};
const NPM_PROGRAMS = new Set(['npm']);

const YARN_VALUE_OPTIONS = new Set(['--cwd', '--cache-folder', '--modules-folder', '--network-timeout', '--mutex', '--registry', '--global-folder', '--link-folder', '--preferred-cache-folder', '--mode']);
const YARN_PROGRAMS = new Set(['yarn', 'yarnpkg']);

/** `yarn`, `yarn install`, `yarn add x`, `yarn global add x`, `yarn workspaces focus`: not `yarn build` (a script). */
function yarnFetch(args: readonly Word[], program: Word, berry: boolean): FetchMatch | undefined {
  const [verb, sub] = positionals(args, YARN_VALUE_OPTIONS);
  if (hasFlag(args, '--offline')) return undefined;
  if (!verb) return isQuery(args) ? undefined : { word: program, fills: ['cache'] };
  if (['install', 'add', 'upgrade', 'up'].includes(verb.value)) return { word: verb, fills: ['cache'] };
  if (!berry && verb.value === 'global' && sub?.value === 'add') return { word: sub, fills: ['cache'] };
  if (berry && verb.value === 'workspaces' && sub?.value === 'focus') return { word: sub, fills: ['cache'] };
  return undefined;
}

function yarnArgs(cmd: ShellCommand): Word[] | undefined {
  return programIs(cmd, YARN_PROGRAMS);
}

const YARN_WIPES = (args: readonly Word[]): readonly string[] | undefined => {
  const [verb, sub] = positionals(args, YARN_VALUE_OPTIONS);
  return verb?.value === 'cache' && sub?.value === 'clean' ? ['cache'] : undefined;
};

function yarnModules(env: CacheEnv, args: readonly Word[]): string[] {
  const r = fromFlag(env, args, ['--modules-folder']) ?? (env.cwd ? { path: normalizePath(env.cwd + '/node_modules'), via: 'node_modules' } : { unknown: '' });
  return 'path' in r ? [r.path] : [];
}

const yarnClassic: PackageManager = {
  id: 'yarn',
  name: 'Yarn',
  kind: 'language',
  programs: ['yarn', 'yarnpkg'],
  args: yarnArgs,
  fetch: (args, run) => (run.yarnBerry ? undefined : yarnFetch(args, run.program, false)),
  caches: [
    {
      key: 'cache',
      label: "Yarn's cache",
      resolve: (env, args) =>
        fromFlag(env, args, ['--cache-folder']) ??
        fromVar(env, ['YARN_CACHE_FOLDER', 'yarn_cache_folder'], '', () =>
          // yarn 1 puts root's cache under /usr/local/share (its `userHome` for root), not /root.
          env.get('XDG_CACHE_HOME') !== undefined || !env.root ? xdgCache(env, 'yarn') : { path: '/usr/local/share/.cache/yarn', via: "yarn 1's cache for root" },
        ),
      // Not `.yarn/…`: those are Yarn 2+ directories, and a Berry project the file does not reveal may use them.
      looksLike: ['.cache/yarn', 'yarn', 'yarn-cache', '.yarn-cache', 'yarn_cache', 'yarn/v6', '.cache'],
    },
  ],
  wipes: (args) => YARN_WIPES(args),
  readsOffline: (args) => !!hasFlag(args, '--offline'),
  settings(args) {
    const [verb, sub, key, value] = positionals(args, YARN_VALUE_OPTIONS);
    return verb?.value === 'config' && sub?.value === 'set' && key?.value === 'cache-folder' && value ? ['YARN_CACHE_FOLDER', value.value] : undefined;
  },
  installs: yarnModules,
  cleanup: ['yarn cache clean', 'rm -rf /usr/local/share/.cache/yarn'],
};

function berryGlobalCache(env: CacheEnv): Resolved {
  return fromVar(env, ['YARN_GLOBAL_FOLDER'], 'cache', () => fromVar(env, ['XDG_DATA_HOME'], 'yarn/berry/cache', () => inHome(env, '.yarn/berry/cache')));
}

function berryLinker(env: CacheEnv): string | undefined {
  return env.get('YARN_NODE_LINKER');
}

const yarnBerry: PackageManager = {
  id: 'yarn-berry',
  name: 'Yarn',
  kind: 'language',
  programs: ['yarn', 'yarnpkg'],
  args: yarnArgs,
  fetch: (args, run) => (run.yarnBerry ? yarnFetch(args, run.program, true) : undefined),
  caches: [
    {
      key: 'cache',
      label: "Yarn's cache",
      resolve(env) {
        const global = env.get('YARN_ENABLE_GLOBAL_CACHE');
        const local = fromVar(env, ['YARN_CACHE_FOLDER'], '', () => (env.cwd ? { path: normalizePath(env.cwd + '/.yarn/cache'), via: 'the project cache .yarn/cache' } : { unknown: 'the working directory is unknown' }));
        if (global !== undefined && !truthy(global)) return local;
        const g = berryGlobalCache(env);
        // Yarn 2–3 default to the project cache, Yarn 4 to the global one: accept both.
        return 'path' in g ? { ...g, also: 'path' in local ? [local.path] : [] } : g;
      },
      looksLike: ['.yarn/berry/cache', 'yarn/berry/cache', '.yarn/berry', '.yarn/cache', '.yarn', 'yarn', 'yarn-cache', '.cache/yarn'],
    },
  ],
  wipes: (args) => YARN_WIPES(args),
  readsOffline: (args) => !!hasFlag(args, '--offline'),
  installs(env, args) {
    const linker = berryLinker(env);
    if (linker === 'node-modules') return yarnModules(env, args);
    if (linker === 'pnpm') return [];
    // Plug'n'Play (the default) runs packages from the cache: the cache is the install.
    const r = yarnBerry.caches[0].resolve(env, args);
    return 'path' in r ? [r.path, ...(r.also ?? [])] : [];
  },
  // The global cache, whatever the project's version says, so the mount is the one Yarn uses.
  fixAssignment: {
    name: 'YARN_ENABLE_GLOBAL_CACHE',
    value: 'true',
    unless: (env) => truthy(env.get('YARN_ENABLE_GLOBAL_CACHE')),
    unsafe: 'it moves the project cache (.yarn/cache) out of the image',
  },
  caveat(env) {
    const linker = berryLinker(env);
    if (linker === 'node-modules' || linker === 'pnpm') return undefined;
    return {
      message: "With Plug'n'Play (Yarn's default linker) the cache is the install itself and must stay in the image; if the project uses `nodeLinker: node-modules`, set `YARN_NODE_LINKER=node-modules` and mount a cache on Yarn's global cache.",
      noFix: true,
      info: true,
    };
  },
  cleanup: ['yarn cache clean'],
};

const PNPM_VALUE_OPTIONS = new Set(['--store-dir', '-C', '--dir', '--filter', '-F', '--reporter', '--registry', '--virtual-store-dir', '--modules-dir']);

const pnpm: PackageManager = {
  id: 'pnpm',
  name: 'pnpm',
  kind: 'language',
  programs: ['pnpm'],
  args: (cmd) => programIs(cmd, PNPM_PROGRAMS),
  fetch(args) {
    const verb = positionals(args, PNPM_VALUE_OPTIONS)[0];
    if (!verb || !['install', 'i', 'add', 'fetch', 'update', 'up'].includes(verb.value) || hasFlag(args, '--offline')) return undefined;
    return { word: verb, fills: ['store'] };
  },
  caches: [
    {
      key: 'store',
      label: "pnpm's store",
      resolve: (env, args) =>
        fromFlag(env, args, ['--store-dir']) ??
        fromVar(env, ['npm_config_store_dir', 'NPM_CONFIG_STORE_DIR', 'pnpm_config_store_dir'], '', () =>
          fromVar(env, ['PNPM_HOME'], 'store', () => fromVar(env, ['XDG_DATA_HOME'], 'pnpm/store', () => inHome(env, '.local/share/pnpm/store'))),
        ),
      looksLike: ['pnpm/store', 'pnpm-store', '.pnpm-store', 'pnpm_store', 'pnpm', '.local/share/pnpm'],
    },
  ],
  wipes(args) {
    const [verb, sub] = positionals(args, PNPM_VALUE_OPTIONS);
    return verb?.value === 'store' && sub?.value === 'prune' ? ['store'] : undefined;
  },
  readsOffline: (args) => !!hasFlag(args, '--offline'),
  settings(args) {
    const p = positionals(args, PNPM_VALUE_OPTIONS).map((w) => w.value);
    if (p[0] !== 'config' || p[1] !== 'set') return undefined;
    if (p[2] === 'store-dir' && p[3]) return ['pnpm_config_store_dir', p[3]];
    if (p[2]?.startsWith('store-dir=')) return ['pnpm_config_store_dir', p[2].slice(10)];
    return undefined;
  },
  installs(env, args) {
    const dir = optionValue(args, '-C', '--dir');
    const r = dir ? absolute(env, `${dir.value}/node_modules`, '--dir') : env.cwd ? { path: normalizePath(env.cwd + '/node_modules'), via: 'node_modules' } : { unknown: '' };
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['pnpm store prune'],
};
const PNPM_PROGRAMS = new Set(['pnpm']);

export const APK_VALUE_OPTIONS = new Set(['-X', '--repository', '-p', '--root', '--arch', '--cache-dir', '--keys-dir', '--repositories-file', '-t', '--virtual', '--timeout', '--cache-max-age']);
const APK_PROGRAMS = new Set(['apk']);

function apkRefreshesIndex(args: readonly Word[], run: RunView): boolean {
  if (hasFlag(args, '-U', '--update', '--update-cache')) return true;
  for (let i = 0; i < run.index; i++) {
    const a = programIs(run.commands[i], APK_PROGRAMS);
    if (a && positionals(a, APK_VALUE_OPTIONS)[0]?.value === 'update') return true;
  }
  return false;
}

const apk: PackageManager = {
  id: 'apk',
  name: 'apk',
  kind: 'os',
  programs: ['apk'],
  runsAsRoot: true,
  args: (cmd) => programIs(cmd, APK_PROGRAMS),
  fetch(args) {
    const verb = positionals(args, APK_VALUE_OPTIONS)[0];
    if (!verb || (verb.value !== 'add' && verb.value !== 'upgrade') || hasFlag(args, '--no-network')) return undefined;
    return { word: verb, fills: ['packages'] };
  },
  caches: [
    {
      key: 'packages',
      label: "apk's package cache",
      // apk keeps packages only when /etc/apk/cache exists (apk-tools `apk_db_cache_active`).
      resolve: (env, args) => fromFlag(env, args, ['--cache-dir']) ?? { path: '/etc/apk/cache', via: '/etc/apk/cache' },
      looksLike: ['etc/apk/cache', 'var/cache/apk'],
    },
  ],
  disablingFlags: ['--no-cache'],
  wipes(args) {
    const [verb, sub] = positionals(args, APK_VALUE_OPTIONS);
    return verb?.value === 'cache' && (sub?.value === 'clean' || sub?.value === 'purge') ? ['packages'] : undefined;
  },
  // With the cache on, apk reads the index from it: refresh it, as --no-cache did.
  ensureFlag: { flag: '--update', satisfied: apkRefreshesIndex },
  cleanup: ['--no-cache', 'rm -rf /var/cache/apk/*', 'apk cache clean'],
};

export const APT_VALUE_OPTIONS = new Set(['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture']);
const APT_PROGRAMS = new Set(['apt-get', 'apt']);
const APT_INSTALL_VERBS = new Set(['install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'reinstall']);

function aptVerb(args: readonly Word[]): Word | undefined {
  return positionals(args, APT_VALUE_OPTIONS)[0];
}

const apt: PackageManager = {
  id: 'apt',
  name: 'apt',
  kind: 'os',
  programs: ['apt-get', 'apt'],
  runsAsRoot: true,
  args: (cmd) => programIs(cmd, APT_PROGRAMS),
  fetch(args, run) {
    const verb = aptVerb(args);
    if (!verb || !APT_INSTALL_VERBS.has(verb.value)) return undefined;
    // The lists only when this RUN downloads them: a mount would hide lists an earlier RUN fetched.
    const updates = run.commands.some((c) => {
      const a = programIs(c, APT_PROGRAMS);
      return !!a && aptVerb(a)?.value === 'update';
    });
    return { word: verb, fills: updates ? ['archives', 'lists'] : ['archives'] };
  },
  caches: [
    { key: 'archives', label: "apt's package cache", resolve: () => ({ path: '/var/cache/apt', via: '/var/cache/apt' }), looksLike: ['var/cache/apt', 'var/cache/apt/archives', 'apt/cache', 'apt-cache'], sharing: 'locked' },
    { key: 'lists', label: "apt's package lists", resolve: () => ({ path: '/var/lib/apt', via: '/var/lib/apt' }), looksLike: ['var/lib/apt', 'var/lib/apt/lists'], sharing: 'locked' },
  ],
  wipes(args) {
    const verb = aptVerb(args)?.value;
    if (verb === 'clean' || verb === 'autoclean' || verb === 'auto-clean') return ['archives'];
    if (verb === 'dist-clean') return ['archives', 'lists'];
    return undefined;
  },
  prepare: {
    text: `rm -f /etc/apt/apt.conf.d/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache`,
    why: "Debian and Ubuntu images' /etc/apt/apt.conf.d/docker-clean deletes downloaded packages after every install",
  },
  cleanup: ['apt-get clean', 'rm -rf /var/lib/apt/lists/*', '/etc/apt/apt.conf.d/docker-clean'],
};

// `xx-go` (tonistiigi/xx) wraps go for cross builds, with go's caches.
const GO_PROGRAMS = new Set(['go', 'xx-go']);
const GO_BUILD_VERBS = new Set(['build', 'install', 'get']);

function goModCache(env: CacheEnv): Resolved {
  const gopath = env.get('GOPATH');
  return fromVar(env, ['GOMODCACHE'], '', () =>
    gopath ? absolute(env, `${gopath.split(':')[0]}/pkg/mod`, '$GOPATH/pkg/mod') : inHome(env, 'go/pkg/mod'),
  );
}

const go: PackageManager = {
  id: 'go',
  name: 'go',
  kind: 'language',
  programs: [...GO_PROGRAMS],
  args: (cmd) => programIs(cmd, GO_PROGRAMS),
  fetch(args, _run, env) {
    const [verb, sub] = positionals(args);
    if (!verb) return undefined;
    if (verb.value === 'mod' && (sub?.value === 'download' || sub?.value === 'tidy')) return { word: sub, fills: ['modcache'] };
    if (!GO_BUILD_VERBS.has(verb.value)) return undefined;
    // Vendored modules, or GOPATH mode (GO111MODULE=off), need no module cache.
    const vendored = hasFlag(args, '-mod=vendor') || /(^|\s)-mod=vendor(\s|$)/.test(env.get('GOFLAGS') ?? '') || env.get('GO111MODULE') === 'off';
    return { word: verb, fills: vendored ? ['build'] : ['modcache', 'build'] };
  },
  caches: [
    { key: 'modcache', label: "Go's module cache", resolve: (env) => goModCache(env), looksLike: ['go/pkg/mod', 'pkg/mod', 'gomod', 'go-mod', 'gomodcache', 'go-mod-cache', 'go/mod'] },
    {
      key: 'build',
      label: "Go's build cache",
      resolve: (env) => fromVar(env, ['GOCACHE'], '', () => xdgCache(env, 'go-build')),
      looksLike: ['.cache/go-build', 'go-build', 'gocache', 'go-cache', 'go/cache', 'go-build-cache', '.cache'],
      compiles: true,
    },
  ],
  wipes(args) {
    const [verb] = positionals(args);
    if (verb?.value !== 'clean') return undefined;
    const keys: string[] = [];
    if (hasFlag(args, '-modcache')) keys.push('modcache');
    if (hasFlag(args, '-cache')) keys.push('build');
    return keys.length ? keys : undefined;
  },
  settings(args) {
    const [verb] = positionals(args);
    const w = hasFlag(args, '-w');
    if (verb?.value !== 'env' || !w) return undefined;
    const assignment = args[args.indexOf(w) + 1]?.value ?? '';
    const eq = assignment.indexOf('=');
    const name = assignment.slice(0, eq);
    return eq > 0 && (name === 'GOMODCACHE' || name === 'GOCACHE' || name === 'GOPATH' || name === 'GOFLAGS') ? [name, assignment.slice(eq + 1)] : undefined;
  },
  installs(env, args) {
    const [verb] = positionals(args);
    if (verb?.value !== 'install') return [];
    const gopath = env.get('GOPATH');
    const r = fromVar(env, ['GOBIN'], '', () => (gopath ? absolute(env, `${gopath.split(':')[0]}/bin`, '$GOPATH/bin') : inHome(env, 'go/bin')));
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['go clean -modcache', 'go clean -cache'],
};

const CARGO_PROGRAMS = new Set(['cargo']);
const CARGO_FETCH_VERBS = new Set(['build', 'b', 'fetch', 'install', 'test', 't', 'run', 'r', 'check', 'c', 'clippy', 'doc', 'd', 'vendor', 'bench', 'generate-lockfile', 'update']);
const CARGO_VALUE_OPTIONS = new Set(['-p', '--package', '--bin', '--example', '--test', '--bench', '--target', '--target-dir', '--features', '-F', '--manifest-path', '-j', '--jobs', '--profile', '--root', '--version', '--git', '--branch', '--tag', '--rev', '--path', '--index', '--registry', '--recipe-path', '--color', '-Z', '--config']);

function cargoHome(env: CacheEnv): Resolved {
  return fromVar(env, ['CARGO_HOME'], '', () => inHome(env, '.cargo'));
}

const cargo: PackageManager = {
  id: 'cargo',
  name: 'cargo',
  kind: 'language',
  programs: ['cargo'],
  args: (cmd) => programIs(cmd, CARGO_PROGRAMS),
  fetch(args) {
    if (hasFlag(args, '--offline', '--frozen')) return undefined;
    const [verb, sub] = positionals(args, CARGO_VALUE_OPTIONS);
    if (!verb) return undefined;
    if (verb.value === 'chef') return sub?.value === 'cook' ? { word: sub, fills: ['registry'], also: ['git'] } : undefined;
    return CARGO_FETCH_VERBS.has(verb.value) ? { word: verb, fills: ['registry'], also: ['git'] } : undefined;
  },
  caches: [
    {
      key: 'registry',
      label: "Cargo's registry cache",
      resolve: (env) => withSuffix(cargoHome(env), 'registry'),
      looksLike: ['.cargo/registry', 'cargo/registry', 'registry/cache', 'registry/index', '.cargo', 'cargo'],
    },
    { key: 'git', label: "Cargo's git cache", resolve: (env) => withSuffix(cargoHome(env), 'git'), looksLike: ['.cargo/git', 'cargo/git', 'git/db', 'git/checkouts'] },
  ],
  readsOffline: (args) => !!hasFlag(args, '--offline', '--frozen'),
  installs(env, args) {
    const [verb] = positionals(args, CARGO_VALUE_OPTIONS);
    if (verb?.value !== 'install') return [];
    const root = optionValue(args, '--root');
    const r = root ? absolute(env, `${root.value}/bin`, '--root') : fromVar(env, ['CARGO_INSTALL_ROOT'], 'bin', () => withSuffix(cargoHome(env), 'bin'));
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['rm -rf $CARGO_HOME/registry'],
};

const MAVEN_PROGRAMS = new Set(['mvn', 'mvnw', 'mvnw.cmd', 'mvnd']);
const MAVEN_VALUE_OPTIONS = new Set(['-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-t', '--toolchains', '-pl', '--projects', '-rf', '--resume-from', '-T', '--threads', '-P', '--activate-profiles', '-l', '--log-file', '-b', '--builder', '-D', '--define', '-gt', '--global-toolchains', '-e']);

function mavenRepoLocal(args: readonly Word[], env: CacheEnv): string | undefined {
  const prop = '-Dmaven.repo.local=';
  const w = args.find((a) => a.value.startsWith(prop));
  if (w) return w.value.slice(prop.length);
  for (const name of ['MAVEN_OPTS', 'MAVEN_ARGS']) {
    const v = env.get(name) ?? '';
    const i = v.indexOf(prop);
    if (i >= 0) return v.slice(i + prop.length).split(/\s/)[0];
  }
  return undefined;
}

const maven: PackageManager = {
  id: 'maven',
  name: 'Maven',
  kind: 'language',
  programs: [...MAVEN_PROGRAMS],
  args: (cmd) => programIs(cmd, MAVEN_PROGRAMS),
  fetch(args) {
    if (hasFlag(args, '-o', '--offline')) return undefined;
    const goal = positionals(args, MAVEN_VALUE_OPTIONS)[0];
    return goal ? { word: goal, fills: ['repository'] } : undefined;
  },
  caches: [
    {
      key: 'repository',
      label: "Maven's local repository",
      resolve(env, args) {
        const local = mavenRepoLocal(args, env);
        if (local) return absolute(env, local, '-Dmaven.repo.local');
        if (optionValue(args, '-s', '--settings')?.value === '/usr/share/maven/ref/settings-docker.xml') return { path: '/usr/share/maven/ref/repository', via: 'settings-docker.xml' };
        return inHome(env, '.m2/repository');
      },
      looksLike: ['.m2', '.m2/repository', 'm2/repository', 'maven/repository', 'ref/repository', 'maven-repo', '.m2-cache'],
    },
  ],
  wipes: (args) => (args.some((a) => a.value.startsWith('dependency:purge-local-repository')) ? ['repository'] : undefined),
  readsOffline: (args) => !!hasFlag(args, '-o', '--offline'),
  cleanup: ['rm -rf ~/.m2/repository', 'mvn dependency:purge-local-repository'],
};

const GRADLE_VALUE_OPTIONS = new Set(['-p', '--project-dir', '-g', '--gradle-user-home', '-b', '--build-file', '-c', '--settings-file', '-I', '--init-script', '-x', '--exclude-task', '--max-workers', '--console', '--warning-mode', '-D', '-P', '--priority', '--project-cache-dir', '--include-build']);

/** `gradle …`, `./gradlew …`, `sh gradlew …`. */
function gradleArgs(cmd: ShellCommand): Word[] | undefined {
  const program = programName(cmd);
  const args = programArgs(cmd);
  if (program === 'gradle' || program === 'gradlew') return args;
  if ((program === 'sh' || program === 'bash') && args[0] && args[0].value.replace(/^.*\//, '') === 'gradlew') return args.slice(1);
  return undefined;
}

function gradleUserHome(env: CacheEnv, args: readonly Word[]): Resolved {
  const flag = fromFlag(env, args, ['--gradle-user-home', '-g']);
  if (flag) return flag;
  return fromVar(env, ['GRADLE_USER_HOME'], '', () => {
    const opts = env.get('GRADLE_OPTS') ?? '';
    const i = opts.indexOf('-Dgradle.user.home=');
    return i >= 0 ? absolute(env, opts.slice(i + 19).split(/\s/)[0], '-Dgradle.user.home') : inHome(env, '.gradle');
  });
}

const gradle: PackageManager = {
  id: 'gradle',
  name: 'Gradle',
  kind: 'language',
  programs: ['gradle', 'gradlew', 'sh', 'bash'],
  args: gradleArgs,
  fetch(args) {
    if (hasFlag(args, '--offline')) return undefined;
    const task = positionals(args, GRADLE_VALUE_OPTIONS)[0];
    return task ? { word: task, fills: ['caches'], also: ['wrapper'] } : undefined;
  },
  caches: [
    { key: 'caches', label: "Gradle's dependency cache", resolve: (env, args) => withSuffix(gradleUserHome(env, args), 'caches'), looksLike: ['.gradle', '.gradle/caches', 'gradle/caches', 'gradle-cache', '.gradle-cache', 'gradle'] },
    { key: 'wrapper', label: "the Gradle wrapper's distributions", resolve: (env, args) => withSuffix(gradleUserHome(env, args), 'wrapper'), looksLike: ['.gradle/wrapper'] },
  ],
  readsOffline: (args) => !!hasFlag(args, '--offline'),
  cleanup: ['rm -rf ~/.gradle/caches'],
};

const BUNDLE_PROGRAMS = new Set(['bundle', 'bundler']);
const BUNDLE_VALUE_OPTIONS = new Set(['--gemfile', '--path', '-j', '--jobs', '--retry', '--without', '--with', '--binstubs', '--standalone', '--shebang', '--trust-policy', '--target-rbconfig']);

/** Where Bundler installs (its `bundle_path`): `$BUNDLE_PATH/ruby/<ABI>` or `$GEM_HOME`. */
function bundlePath(env: CacheEnv, args: readonly Word[]): Resolved {
  const path = optionValue(args, '--path')?.value ?? env.get('BUNDLE_PATH') ?? (truthy(env.get('BUNDLE_DEPLOYMENT')) || hasFlag(args, '--deployment') ? 'vendor/bundle' : undefined);
  if (path !== undefined) {
    const abi = rubyAbi(env);
    return abi ? absolute(env, `${path}/ruby/${abi}`, `$BUNDLE_PATH/ruby/${abi}`) : { unknown: "the bundle path depends on the Ruby version, which the base image's tag does not show" };
  }
  const gemHome = env.get('GEM_HOME');
  return gemHome ? absolute(env, gemHome, '$GEM_HOME') : { unknown: 'GEM_HOME is not set (a distribution Ruby keeps gems in a version-specific directory)' };
}

const RUBY_LOOKS = ['bundle/cache', '.bundle/cache', 'bundle', '.bundle', '.gem', 'gems', 'gem', 'vendor/bundle', 'gem-cache', 'bundle-cache'];

const bundler: PackageManager = {
  id: 'bundler',
  name: 'Bundler',
  kind: 'language',
  programs: [...BUNDLE_PROGRAMS],
  args: (cmd) => programIs(cmd, BUNDLE_PROGRAMS),
  fetch(args, run) {
    if (hasFlag(args, '--local')) return undefined;
    const verb = positionals(args, BUNDLE_VALUE_OPTIONS)[0];
    if (!verb) return isQuery(args) ? undefined : { word: run.program, fills: ['gems'] };
    return ['install', 'update', 'add'].includes(verb.value) ? { word: verb, fills: ['gems'] } : undefined;
  },
  caches: [
    {
      key: 'gems',
      label: "Bundler's gem cache",
      resolve(env, args) {
        if (truthy(env.get('BUNDLE_GLOBAL_GEM_CACHE'))) {
          return fromVar(env, ['BUNDLE_USER_CACHE'], '', () => fromVar(env, ['BUNDLE_USER_HOME'], 'cache', () => inHome(env, '.bundle/cache')));
        }
        return withSuffix(bundlePath(env, args), 'cache');
      },
      looksLike: RUBY_LOOKS,
    },
  ],
  readsOffline: (args) => !!hasFlag(args, '--local'),
  settings(args) {
    const p = positionals(args, BUNDLE_VALUE_OPTIONS).map((w) => w.value);
    if (p[0] !== 'config') return undefined;
    const rest = p[1] === 'set' ? p.slice(2) : p.slice(1);
    if (rest[0] === 'path' && rest[1]) return ['BUNDLE_PATH', rest[1]];
    if (rest[0] === 'deployment' && rest[1]) return ['BUNDLE_DEPLOYMENT', rest[1]];
    if (rest[0] === 'global_gem_cache' && rest[1]) return ['BUNDLE_GLOBAL_GEM_CACHE', rest[1]];
    return undefined;
  },
  installs(env, args) {
    const r = bundlePath(env, args);
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['rm -rf /usr/local/bundle/cache'],
};

const GEM_PROGRAMS = new Set(['gem']);
const GEM_VALUE_OPTIONS = new Set(['-i', '--install-dir', '-v', '--version', '-s', '--source', '-n', '--bindir', '--platform', '-g', '--file', '--document']);

function gemDir(env: CacheEnv, args: readonly Word[]): Resolved {
  const dir = optionValue(args, '-i', '--install-dir');
  if (dir) return absolute(env, dir.value, '--install-dir');
  const gemHome = env.get('GEM_HOME');
  return gemHome ? absolute(env, gemHome, '$GEM_HOME') : { unknown: 'GEM_HOME is not set (a distribution Ruby keeps gems in a version-specific directory)' };
}

const gem: PackageManager = {
  id: 'gem',
  name: 'RubyGems',
  kind: 'language',
  programs: ['gem'],
  args: (cmd) => programIs(cmd, GEM_PROGRAMS),
  fetch(args) {
    const verb = positionals(args, GEM_VALUE_OPTIONS)[0];
    if (!verb || (verb.value !== 'install' && verb.value !== 'update') || hasFlag(args, '--local', '-l', '--user-install')) return undefined;
    return { word: verb, fills: ['gems'] };
  },
  caches: [{ key: 'gems', label: "RubyGems' gem cache", resolve: (env, args) => withSuffix(gemDir(env, args), 'cache'), looksLike: RUBY_LOOKS }],
  readsOffline: (args) => !!hasFlag(args, '--local', '-l'),
  installs(env, args) {
    const r = gemDir(env, args);
    return 'path' in r ? [r.path] : [];
  },
  cleanup: ['rm -rf $GEM_HOME/cache'],
};

const COMPOSER_VALUE_OPTIONS = new Set(['-d', '--working-dir', '--prefer-install']);
const COMPOSER_PROGRAMS = new Set(['composer', 'composer.phar']);

/** `composer …`, `composer.phar …`, `php composer.phar …`. */
function composerArgs(cmd: ShellCommand): Word[] | undefined {
  const program = programName(cmd);
  const args = programArgs(cmd);
  if (COMPOSER_PROGRAMS.has(program)) return args;
  if (/^php[0-9.]*$/.test(program) && args[0] && COMPOSER_PROGRAMS.has(args[0].value.replace(/^.*\//, ''))) return args.slice(1);
  return undefined;
}

const composer: PackageManager = {
  id: 'composer',
  name: 'Composer',
  kind: 'language',
  programs: [...COMPOSER_PROGRAMS], programPattern: /^php[0-9.]*$/,
  args: composerArgs,
  fetch(args) {
    const [verb, sub] = positionals(args, COMPOSER_VALUE_OPTIONS);
    if (!verb) return undefined;
    if (['install', 'i', 'update', 'u', 'upgrade', 'require', 'r', 'create-project', 'reinstall'].includes(verb.value)) return { word: verb, fills: ['cache'] };
    if (verb.value === 'global' && (sub?.value === 'require' || sub?.value === 'install' || sub?.value === 'update')) return { word: sub, fills: ['cache'] };
    return undefined;
  },
  caches: [
    {
      key: 'cache',
      label: "Composer's cache",
      resolve(env) {
        const dir = env.get('COMPOSER_CACHE_DIR');
        if (dir) return absolute(env, dir, '$COMPOSER_CACHE_DIR');
        const home = env.get('COMPOSER_HOME');
        if (home) return absolute(env, `${home}/cache`, '$COMPOSER_HOME/cache');
        // Composer picks ~/.composer/cache when ~/.composer exists (a mount there creates it), else $XDG_CACHE_HOME/composer on XDG systems.
        const own = inHome(env, '.composer/cache');
        const xdg = xdgCache(env, 'composer');
        return 'path' in own ? { ...own, also: 'path' in xdg ? [xdg.path] : [] } : own;
      },
      looksLike: ['composer', '.composer', '.composer/cache', '.cache/composer', 'composer/cache', 'composer-cache', 'tmp/cache', '.cache'],
    },
  ],
  disablingFlags: ['--no-cache'],
  disablingEnv: [{ name: 'COMPOSER_CACHE_DIR', disables: (v) => v === '/dev/null' }],
  wipes(args) {
    const verb = positionals(args, COMPOSER_VALUE_OPTIONS)[0]?.value;
    return verb === 'clear-cache' || verb === 'clearcache' || verb === 'cc' ? ['cache'] : undefined;
  },
  settings(args) {
    const p = positionals(args, COMPOSER_VALUE_OPTIONS).map((w) => w.value);
    return p[0] === 'config' && p[1] === 'cache-dir' && p[2] && hasFlag(args, '-g', '--global') ? ['COMPOSER_CACHE_DIR', p[2]] : undefined;
  },
  installs(env, args) {
    const dir = optionValue(args, '-d', '--working-dir');
    const base = dir ? absolute(env, dir.value, '--working-dir') : env.cwd ? { path: env.cwd, via: '' } : undefined;
    if (!base || !('path' in base)) return [];
    const vendor = env.get('COMPOSER_VENDOR_DIR') ?? 'vendor';
    return [normalizePath(vendor.startsWith('/') ? vendor : `${base.path}/${vendor}`)];
  },
  cleanup: ['--no-cache', 'composer clear-cache'],
};

const DOTNET_PROGRAMS = new Set(['dotnet']);
const DOTNET_RESTORING_VERBS = new Set(['build', 'publish', 'test', 'pack', 'run']);

const dotnet: PackageManager = {
  id: 'dotnet',
  name: 'dotnet',
  kind: 'language',
  programs: ['dotnet'],
  args: (cmd) => programIs(cmd, DOTNET_PROGRAMS),
  fetch(args) {
    const verb = positionals(args)[0];
    if (!verb) return undefined;
    if (verb.value === 'restore' || (DOTNET_RESTORING_VERBS.has(verb.value) && !hasFlag(args, '--no-restore'))) return { word: verb, fills: ['packages'] };
    return undefined;
  },
  caches: [
    {
      key: 'packages',
      label: 'the NuGet packages folder',
      resolve: (env, args) => fromFlag(env, args, ['--packages']) ?? fromVar(env, ['NUGET_PACKAGES'], '', () => inHome(env, '.nuget/packages')),
      looksLike: ['.nuget/packages', '.nuget', 'nuget/packages', 'nuget', 'nuget-packages'],
    },
  ],
  wipes(args) {
    const p = positionals(args).map((w) => w.value);
    return p[0] === 'nuget' && p[1] === 'locals' && (p[2] === 'all' || p[2] === 'global-packages') && hasFlag(args, '--clear', '-c') ? ['packages'] : undefined;
  },
  readsOffline: (args) => DOTNET_RESTORING_VERBS.has(positionals(args)[0]?.value ?? '') && !!hasFlag(args, '--no-restore'),
  cleanup: ['dotnet nuget locals all --clear'],
};

/** Every package manager the cache rules know, in the order findings are reported. */
export const PACKAGE_MANAGERS: readonly PackageManager[] = [apt, apk, pip, uv, poetry, npm, yarnClassic, yarnBerry, pnpm, go, cargo, maven, gradle, bundler, gem, composer, dotnet];

export function packageManager(id: string): PackageManager | undefined {
  return PACKAGE_MANAGERS.find((m) => m.id === id);
}

const BY_PROGRAM = new Map<string, readonly PackageManager[]>();

/** The package managers a program name may be (`pip3` → pip, `sh` → gradle for `sh gradlew`). */
export function managersFor(program: string): readonly PackageManager[] {
  let list = BY_PROGRAM.get(program);
  if (!list) {
    list = PACKAGE_MANAGERS.filter((m) => m.programs.includes(program) || !!m.programPattern?.test(program));
    if (BY_PROGRAM.size < 4096) BY_PROGRAM.set(program, list);
  }
  return list;
}
