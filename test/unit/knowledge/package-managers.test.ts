/**
 * The package-manager and base-image tables: how each tool is recognised, where it
 * caches for a given environment and user, and what the Dockerfile model feeds them
 * (ENV/ARG, USER and the accounts the file creates, export, cd, tool config, links).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell, type ShellCommand, type Word } from '../../../rules/dockerfile/shell';
import { parseDockerfile } from '../../../rules/dockerfile/model';
import { PACKAGE_MANAGERS, packageManager, managersFor, normalizePath, type CacheEnv, type PackageManager, type Resolved, type RunView } from '../../../rules/dockerfile/knowledge/package-managers';
import { baseImage, normalizeRepository, BASE_IMAGES } from '../../../rules/dockerfile/knowledge/base-images';
import { analyzeRun, tailMatches, within, overlaps, commandRemovals } from '../../../rules/dockerfile/knowledge/cache-mounts';

function cmd(text: string): ShellCommand {
  const cmds = parseShell({ text, offsets: Array.from({ length: text.length + 1 }, (_, i) => i) });
  return cmds[0];
}

function env(vars: Record<string, string> = {}, o: Partial<CacheEnv> = {}): CacheEnv {
  return { get: (...names) => names.map((n) => vars[n]).find((v) => v !== undefined), home: '/root', who: 'root', root: true, cwd: '/app', imageTag: undefined, ...o };
}

const APP: Partial<CacheEnv> = { home: '/home/app', who: 'app', root: false };

function tool(id: string): PackageManager {
  const t = packageManager(id);
  assert.ok(t, id);
  return t;
}

function view(c: ShellCommand, yarnBerry = false, commands: ShellCommand[] = [c], index = 0): RunView {
  return { commands, index, program: c.argv[c.programIndex], yarnBerry };
}

/** The tool's argument words for a command line, or undefined when the command is not that tool. */
function argsOf(id: string, line: string): Word[] | undefined {
  return tool(id).args(cmd(line));
}

/** What `line` fetches (the word it points at and the keys), or undefined. */
function fetches(id: string, line: string, e: CacheEnv = env(), berry = false): { word: string; fills: readonly string[] } | undefined {
  const c = cmd(line);
  const args = tool(id).args(c);
  if (!args) return undefined;
  const m = tool(id).fetch(args, view(c, berry), e);
  return m && { word: m.word.value, fills: m.fills };
}

/** Where the tool caches `key` for `line` in environment `e`. */
function dir(id: string, key: string, line: string, e: CacheEnv = env()): string {
  const t = tool(id);
  const spec = t.caches.find((c) => c.key === key);
  assert.ok(spec, `${id} has no cache ${key}`);
  const r: Resolved = spec.resolve(e, t.args(cmd(line)) ?? []);
  return 'path' in r ? r.path : `unknown: ${r.unknown}`;
}

test('every package manager has a cache, a way to be recognised and documented clean-ups', () => {
  for (const t of PACKAGE_MANAGERS) {
    assert.ok(t.caches.length > 0, t.id);
    assert.ok(t.programs.length > 0 || t.programPattern, t.id);
    assert.ok(t.cleanup.length > 0, t.id);
    for (const c of t.caches) assert.ok(c.looksLike.length > 0, `${t.id}.${c.key}`);
  }
  assert.deepEqual(managersFor('pip3').map((t) => t.id), ['pip']);
  assert.deepEqual(managersFor('python3.12').map((t) => t.id), ['pip']);
  assert.deepEqual(managersFor('php').map((t) => t.id), ['composer']);
  assert.deepEqual(managersFor('echo'), []);
});

test('pip: install/download/wheel through pip, pip3 and python -m pip, not other verbs or --no-index', () => {
  assert.deepEqual(fetches('pip', 'pip install -r req.txt'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('pip', 'pip3 --no-cache-dir install flask'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('pip', 'python3.12 -m pip install -U pip'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('pip', '/opt/venv/bin/pip wheel -w /wheels -r req.txt'), { word: 'wheel', fills: ['cache'] });
  assert.equal(fetches('pip', 'pip freeze'), undefined);
  assert.equal(fetches('pip', 'pip install --no-index --find-links /wheels x'), undefined);
  assert.equal(fetches('pip', 'python -m venv /venv'), undefined);
  assert.equal(argsOf('pip', 'python script.py'), undefined);
});

test('pip caches in --cache-dir, $PIP_CACHE_DIR, $XDG_CACHE_HOME/pip, then ~/.cache/pip', () => {
  assert.equal(dir('pip', 'cache', 'pip install x'), '/root/.cache/pip');
  assert.equal(dir('pip', 'cache', 'pip install x', env({}, APP)), '/home/app/.cache/pip');
  assert.equal(dir('pip', 'cache', 'pip install x', env({ XDG_CACHE_HOME: '/xdg' })), '/xdg/pip');
  assert.equal(dir('pip', 'cache', 'pip install x', env({ PIP_CACHE_DIR: '/pc/', XDG_CACHE_HOME: '/xdg' })), '/pc');
  assert.equal(dir('pip', 'cache', 'pip install --cache-dir=/flag x', env({ PIP_CACHE_DIR: '/pc' })), '/flag');
  assert.equal(dir('pip', 'cache', 'pip install --cache-dir ./c x'), '/app/c');
  assert.match(dir('pip', 'cache', 'pip install x', env({}, { home: undefined, who: 'uid 1001', root: false })), /^unknown: the home directory of uid 1001/);
});

test('pip treats any PIP_NO_CACHE_DIR as "off" (even 0), uv only a true UV_NO_CACHE', () => {
  const pipOff = tool('pip').disablingEnv!.find((d) => d.name === 'PIP_NO_CACHE_DIR')!;
  assert.ok(pipOff.disables('0') && pipOff.disables('false') && pipOff.disables('1'));
  const uvOff = tool('uv').disablingEnv!.find((d) => d.name === 'UV_NO_CACHE')!;
  assert.ok(uvOff.disables('1') && uvOff.disables('true'));
  assert.ok(!uvOff.disables('0') && !uvOff.disables('false'));
  assert.deepEqual(tool('pip').disablingFlags, ['--no-cache-dir', '--no-cache']);
  assert.deepEqual(tool('pip').wipes!(argsOf('pip', 'pip cache purge')!), ['cache']);
  assert.equal(tool('pip').wipes!(argsOf('pip', 'pip install x')!), undefined);
});

test('uv: sync, add, pip install, tool install; cache dir; UV_LINK_MODE=copy unless set', () => {
  assert.deepEqual(fetches('uv', 'uv sync --frozen'), { word: 'sync', fills: ['cache'] });
  assert.deepEqual(fetches('uv', 'uv pip install --system -r req.txt'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('uv', 'uv tool install ruff'), { word: 'install', fills: ['cache'] });
  assert.equal(fetches('uv', 'uv run app.py'), undefined);
  assert.equal(fetches('uv', 'uv sync --offline'), undefined);
  assert.equal(dir('uv', 'cache', 'uv sync'), '/root/.cache/uv');
  assert.equal(dir('uv', 'cache', 'uv sync', env({ UV_CACHE_DIR: '/uvc' })), '/uvc');
  const a = tool('uv').fixAssignment!;
  assert.equal(`${a.name}=${a.value}`, 'UV_LINK_MODE=copy');
  assert.equal(a.unless!(env(), argsOf('uv', 'uv sync')!), false);
  assert.equal(a.unless!(env({ UV_LINK_MODE: 'hardlink' }), argsOf('uv', 'uv sync')!), true);
  assert.equal(a.unless!(env(), argsOf('uv', 'uv sync --link-mode=copy')!), true);
});

test('poetry mounts only artifacts and cache while virtualenvs live in its cache directory', () => {
  assert.deepEqual(fetches('poetry', 'poetry install --no-root'), { word: 'install', fills: ['artifacts'] });
  assert.deepEqual(fetches('poetry', 'poetry install', env({ POETRY_VIRTUALENVS_IN_PROJECT: 'true' })), { word: 'install', fills: ['cache-dir'] });
  assert.deepEqual(fetches('poetry', 'poetry install', env({ POETRY_VIRTUALENVS_CREATE: 'false' })), { word: 'install', fills: ['cache-dir'] });
  assert.equal(dir('poetry', 'artifacts', 'poetry install'), '/root/.cache/pypoetry/artifacts');
  assert.equal(dir('poetry', 'cache-dir', 'poetry install', env({ POETRY_CACHE_DIR: '/tmp/poetry_cache' })), '/tmp/poetry_cache');
  assert.deepEqual(tool('poetry').installs!(env(), []), ['/root/.cache/pypoetry/virtualenvs']);
});

test('npm: ci/install/i/add, cache from --cache, npm_config_cache in any case, then ~/.npm', () => {
  for (const v of ['ci', 'install', 'i', 'add']) assert.equal(fetches('npm', `npm ${v}`)?.word, v);
  assert.equal(fetches('npm', 'npm run build'), undefined);
  assert.equal(fetches('npm', 'npm ci --offline'), undefined);
  assert.equal(dir('npm', 'cache', 'npm ci'), '/root/.npm');
  assert.equal(dir('npm', 'cache', 'npm ci', env({}, { home: '/home/node', who: 'node', root: false })), '/home/node/.npm');
  assert.equal(dir('npm', 'cache', 'npm ci', env({ NPM_CONFIG_CACHE: '/tmp/npm' })), '/tmp/npm');
  assert.equal(dir('npm', 'cache', 'npm ci --cache /c', env({ npm_config_cache: '/tmp/npm' })), '/c');
  assert.deepEqual(tool('npm').wipes!(argsOf('npm', 'npm cache clean --force')!), ['cache']);
  assert.deepEqual(tool('npm').installs!(env(), argsOf('npm', 'npm ci')!), ['/app/node_modules']);
  assert.deepEqual(tool('npm').installs!(env(), argsOf('npm', 'npm i -g pnpm')!), ['/usr/local/lib/node_modules']);
  assert.deepEqual(tool('npm').settings!(argsOf('npm', 'npm config set cache /x')!), ['npm_config_cache', '/x']);
});

test('yarn 1 caches under /usr/local/share for root, ~/.cache/yarn otherwise; scripts and queries do not fetch', () => {
  assert.deepEqual(fetches('yarn', 'yarn'), { word: 'yarn', fills: ['cache'] });
  assert.deepEqual(fetches('yarn', 'yarn --frozen-lockfile'), { word: 'yarn', fills: ['cache'] });
  assert.deepEqual(fetches('yarn', 'yarn install --frozen-lockfile'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('yarn', 'yarn global add serve'), { word: 'add', fills: ['cache'] });
  assert.equal(fetches('yarn', 'yarn build'), undefined);
  assert.equal(fetches('yarn', 'yarn --version'), undefined);
  assert.equal(fetches('yarn', 'yarn install', env(), true), undefined, 'Yarn 2+ is the other entry');
  assert.equal(dir('yarn', 'cache', 'yarn'), '/usr/local/share/.cache/yarn');
  assert.equal(dir('yarn', 'cache', 'yarn', env({}, { home: '/home/node', who: 'node', root: false })), '/home/node/.cache/yarn');
  assert.equal(dir('yarn', 'cache', 'yarn', env({ XDG_CACHE_HOME: '/xdg' })), '/xdg/yarn');
  assert.equal(dir('yarn', 'cache', 'yarn', env({ YARN_CACHE_FOLDER: '/root/.yarn' })), '/root/.yarn');
  assert.equal(dir('yarn', 'cache', 'yarn --cache-folder .yc', env({ YARN_CACHE_FOLDER: '/root/.yarn' })), '/app/.yc');
});

test('yarn 2+: global cache by default, the project cache when turned off; Plug n Play has no fix', () => {
  assert.deepEqual(fetches('yarn-berry', 'yarn install --immutable', env(), true), { word: 'install', fills: ['cache'] });
  assert.equal(fetches('yarn-berry', 'yarn install', env(), false), undefined);
  assert.equal(dir('yarn-berry', 'cache', 'yarn'), '/root/.yarn/berry/cache');
  assert.equal(dir('yarn-berry', 'cache', 'yarn', env({ YARN_ENABLE_GLOBAL_CACHE: 'false' })), '/app/.yarn/cache');
  assert.equal(dir('yarn-berry', 'cache', 'yarn', env({ YARN_GLOBAL_FOLDER: '/yg' })), '/yg/cache');
  assert.equal(tool('yarn-berry').caveat!(env())?.noFix, true);
  assert.equal(tool('yarn-berry').caveat!(env({ YARN_NODE_LINKER: 'node-modules' })), undefined);
});

test('pnpm: store from --store-dir, npm_config_store_dir, $PNPM_HOME/store, $XDG_DATA_HOME/pnpm/store, ~/.local/share/pnpm/store', () => {
  assert.deepEqual(fetches('pnpm', 'pnpm install --frozen-lockfile'), { word: 'install', fills: ['store'] });
  assert.deepEqual(fetches('pnpm', 'pnpm fetch --prod'), { word: 'fetch', fills: ['store'] });
  assert.equal(fetches('pnpm', 'pnpm run build'), undefined);
  assert.equal(dir('pnpm', 'store', 'pnpm i'), '/root/.local/share/pnpm/store');
  assert.equal(dir('pnpm', 'store', 'pnpm i', env({ XDG_DATA_HOME: '/data' })), '/data/pnpm/store');
  assert.equal(dir('pnpm', 'store', 'pnpm i', env({ PNPM_HOME: '/pnpm', XDG_DATA_HOME: '/data' })), '/pnpm/store');
  assert.equal(dir('pnpm', 'store', 'pnpm i', env({ npm_config_store_dir: '/s', PNPM_HOME: '/pnpm' })), '/s');
  assert.equal(dir('pnpm', 'store', 'pnpm i --store-dir /flag', env({ PNPM_HOME: '/pnpm' })), '/flag');
  assert.deepEqual(tool('pnpm').wipes!(argsOf('pnpm', 'pnpm store prune')!), ['store']);
  assert.deepEqual(tool('pnpm').settings!(argsOf('pnpm', 'pnpm config set store-dir /pnpm/store')!), ['pnpm_config_store_dir', '/pnpm/store']);
});

test('apk keeps packages in /etc/apk/cache, needs the index refreshed, is an OS package manager', () => {
  const apk = tool('apk');
  assert.equal(apk.kind, 'os');
  assert.ok(apk.runsAsRoot);
  assert.deepEqual(fetches('apk', 'apk add --no-cache curl'), { word: 'add', fills: ['packages'] });
  assert.deepEqual(fetches('apk', 'apk --update add curl'), { word: 'add', fills: ['packages'] });
  assert.equal(fetches('apk', 'apk del .build-deps'), undefined);
  assert.equal(fetches('apk', 'apk add --no-network --virtual .rundeps so:libc.so'), undefined);
  assert.equal(dir('apk', 'packages', 'apk add x'), '/etc/apk/cache');
  assert.ok(tailMatches('/var/cache/apk', apk.caches[0].looksLike), '/var/cache/apk looks like apk but is not its package cache');
  const satisfied = (line: string) => {
    const cmds = parseShell({ text: line, offsets: Array.from({ length: line.length + 1 }, (_, i) => i) });
    const last = cmds[cmds.length - 1];
    return apk.ensureFlag!.satisfied(apk.args(last)!, view(last, false, cmds, cmds.length - 1));
  };
  assert.equal(satisfied('apk add curl'), false);
  assert.equal(satisfied('apk add -U curl'), true);
  assert.equal(satisfied('apk add --update-cache curl'), true);
  assert.equal(satisfied('apk update && apk add curl'), true);
});

test('apt: archives always, lists only when the same RUN updates; both sharing=locked', () => {
  const apt = tool('apt');
  assert.equal(apt.kind, 'os');
  const line = 'apt-get update && apt-get install -y curl';
  const cmds = parseShell({ text: line, offsets: Array.from({ length: line.length + 1 }, (_, i) => i) });
  assert.deepEqual(apt.fetch(apt.args(cmds[1])!, view(cmds[1], false, cmds, 1), env())?.fills, ['archives', 'lists']);
  assert.deepEqual(fetches('apt', 'apt install -y curl')?.fills, ['archives']);
  assert.equal(fetches('apt', 'apt-get update'), undefined);
  assert.equal(fetches('apt', 'apt-get -o Dpkg::Options::=--force-confnew remove -y x'), undefined);
  assert.deepEqual(apt.caches.map((c) => [c.key, dir('apt', c.key, 'apt-get install x'), c.sharing]), [
    ['archives', '/var/cache/apt', 'locked'],
    ['lists', '/var/lib/apt', 'locked'],
  ]);
  assert.deepEqual(apt.wipes!(apt.args(cmd('apt-get clean'))!), ['archives']);
  assert.deepEqual(apt.wipes!(apt.args(cmd('apt-get dist-clean'))!), ['archives', 'lists']);
  assert.match(apt.prepare!.text, /rm -f \/etc\/apt\/apt.conf.d\/docker-clean && echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > \/etc\/apt\/apt.conf.d\/keep-cache/);
});

test('go: modules in $GOMODCACHE or the first GOPATH entry, builds in $GOCACHE or ~/.cache/go-build', () => {
  assert.deepEqual(fetches('go', 'go mod download'), { word: 'download', fills: ['modcache'] });
  assert.deepEqual(fetches('go', 'go build -o /out ./cmd/app'), { word: 'build', fills: ['modcache', 'build'] });
  assert.deepEqual(fetches('go', 'go build -mod=vendor ./...'), { word: 'build', fills: ['build'] });
  assert.deepEqual(fetches('go', 'go install ./...', env({ GOFLAGS: '-mod=vendor' })), { word: 'install', fills: ['build'] });
  assert.deepEqual(fetches('go', 'go get github.com/x/y', env({ GO111MODULE: 'off' })), { word: 'get', fills: ['build'] });
  assert.deepEqual(fetches('go', 'xx-go build -o /out .'), { word: 'build', fills: ['modcache', 'build'] });
  assert.equal(fetches('go', 'go version'), undefined);
  assert.equal(dir('go', 'modcache', 'go build', env({ GOPATH: '/go' })), '/go/pkg/mod');
  assert.equal(dir('go', 'modcache', 'go build', env({ GOPATH: '/a:/b' })), '/a/pkg/mod');
  assert.equal(dir('go', 'modcache', 'go build'), '/root/go/pkg/mod');
  assert.equal(dir('go', 'modcache', 'go build', env({ GOMODCACHE: '/m', GOPATH: '/go' })), '/m');
  assert.equal(dir('go', 'build', 'go build'), '/root/.cache/go-build');
  assert.equal(dir('go', 'build', 'go build', env({ GOCACHE: '/go-build' })), '/go-build');
  assert.deepEqual(tool('go').wipes!(argsOf('go', 'go clean -modcache')!), ['modcache']);
  assert.deepEqual(tool('go').settings!(argsOf('go', 'go env -w GOMODCACHE=/gm')!), ['GOMODCACHE', '/gm']);
});

test('cargo: registry and git under $CARGO_HOME, never target/ or $CARGO_HOME itself', () => {
  assert.deepEqual(fetches('cargo', 'cargo build --release'), { word: 'build', fills: ['registry'] });
  assert.deepEqual(fetches('cargo', 'cargo chef cook --release --recipe-path recipe.json'), { word: 'cook', fills: ['registry'] });
  assert.equal(fetches('cargo', 'cargo build --offline'), undefined);
  assert.equal(fetches('cargo', 'cargo build --frozen'), undefined);
  assert.equal(dir('cargo', 'registry', 'cargo build', env({ CARGO_HOME: '/usr/local/cargo' })), '/usr/local/cargo/registry');
  assert.equal(dir('cargo', 'git', 'cargo build'), '/root/.cargo/git');
  assert.deepEqual(tool('cargo').installs!(env({ CARGO_HOME: '/usr/local/cargo' }), argsOf('cargo', 'cargo install cargo-chef')!), ['/usr/local/cargo/bin']);
  assert.ok(tool('cargo').readsOffline!(argsOf('cargo', 'cargo build --offline')!));
});

test('maven and gradle', () => {
  assert.deepEqual(fetches('maven', 'mvn -B dependency:go-offline'), { word: 'dependency:go-offline', fills: ['repository'] });
  assert.deepEqual(fetches('maven', './mvnw -f pom.xml package'), { word: 'package', fills: ['repository'] });
  assert.equal(fetches('maven', 'mvn -o package'), undefined);
  assert.equal(fetches('maven', 'mvn --version'), undefined);
  assert.equal(dir('maven', 'repository', 'mvn package'), '/root/.m2/repository');
  assert.equal(dir('maven', 'repository', 'mvn -Dmaven.repo.local=/repo package'), '/repo');
  assert.equal(dir('maven', 'repository', 'mvn package', env({ MAVEN_OPTS: '-Xmx1g -Dmaven.repo.local=/opts-repo' })), '/opts-repo');
  assert.equal(dir('maven', 'repository', 'mvn -s /usr/share/maven/ref/settings-docker.xml package'), '/usr/share/maven/ref/repository');
  assert.deepEqual(fetches('gradle', './gradlew build --no-daemon'), { word: 'build', fills: ['caches'] });
  assert.deepEqual(fetches('gradle', 'sh ./gradlew bootJar'), { word: 'bootJar', fills: ['caches'] });
  assert.equal(fetches('gradle', 'gradle --offline build'), undefined);
  assert.equal(dir('gradle', 'caches', 'gradle build'), '/root/.gradle/caches');
  assert.equal(dir('gradle', 'wrapper', './gradlew build'), '/root/.gradle/wrapper');
  assert.equal(dir('gradle', 'caches', 'gradle build', env({ GRADLE_USER_HOME: '/gh' })), '/gh/caches');
  assert.equal(dir('gradle', 'caches', 'gradle -g /flag build', env({ GRADLE_USER_HOME: '/gh' })), '/flag/caches');
});

test('bundler and gem download into the gem directory cache/ (the ruby image: /usr/local/bundle/cache)', () => {
  const ruby = env({ GEM_HOME: '/usr/local/bundle' }, { imageTag: '3.3-slim' });
  assert.deepEqual(fetches('bundler', 'bundle install --jobs 4'), { word: 'install', fills: ['gems'] });
  assert.deepEqual(fetches('bundler', 'bundle'), { word: 'bundle', fills: ['gems'] });
  assert.equal(fetches('bundler', 'bundle --version'), undefined);
  assert.equal(fetches('bundler', 'bundle exec rake'), undefined);
  assert.equal(dir('bundler', 'gems', 'bundle install', ruby), '/usr/local/bundle/cache');
  assert.equal(dir('bundler', 'gems', 'bundle install', env({ GEM_HOME: '/usr/local/bundle', BUNDLE_PATH: '/gems' }, { imageTag: '3.3.5-alpine' })), '/gems/ruby/3.3.0/cache');
  assert.match(dir('bundler', 'gems', 'bundle install', env({ BUNDLE_PATH: '/gems' })), /^unknown: .*Ruby version/);
  assert.match(dir('bundler', 'gems', 'bundle install'), /^unknown: GEM_HOME is not set/);
  assert.equal(dir('bundler', 'gems', 'bundle install', env({ BUNDLE_GLOBAL_GEM_CACHE: 'true' })), '/root/.bundle/cache');
  assert.deepEqual(fetches('gem', 'gem install bundler -v 2.5.0'), { word: 'install', fills: ['gems'] });
  assert.equal(dir('gem', 'gems', 'gem install x', ruby), '/usr/local/bundle/cache');
  assert.equal(dir('gem', 'gems', 'gem install -i /g x', ruby), '/g/cache');
});

test('composer: $COMPOSER_CACHE_DIR, $COMPOSER_HOME/cache, else ~/.composer/cache or the XDG cache', () => {
  assert.deepEqual(fetches('composer', 'composer install --no-dev'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('composer', 'php composer.phar install'), { word: 'install', fills: ['cache'] });
  assert.deepEqual(fetches('composer', 'composer global require phpstan/phpstan'), { word: 'require', fills: ['cache'] });
  assert.equal(fetches('composer', 'composer dump-autoload'), undefined);
  assert.equal(dir('composer', 'cache', 'composer install', env({ COMPOSER_HOME: '/tmp' })), '/tmp/cache');
  assert.equal(dir('composer', 'cache', 'composer install', env({ COMPOSER_CACHE_DIR: '/cc', COMPOSER_HOME: '/tmp' })), '/cc');
  assert.equal(dir('composer', 'cache', 'composer install'), '/root/.composer/cache');
  const spec = tool('composer').caches[0];
  const r = spec.resolve(env(), []);
  assert.deepEqual('path' in r && r.also, ['/root/.cache/composer']);
  assert.ok(tool('composer').disablingEnv![0].disables('/dev/null'));
});

test('dotnet: restore, and builds that restore; --no-restore reads the packages later', () => {
  assert.deepEqual(fetches('dotnet', 'dotnet restore App.csproj'), { word: 'restore', fills: ['packages'] });
  assert.deepEqual(fetches('dotnet', 'dotnet publish -c Release -o /app'), { word: 'publish', fills: ['packages'] });
  assert.equal(fetches('dotnet', 'dotnet publish -c Release --no-restore'), undefined);
  assert.ok(tool('dotnet').readsOffline!(argsOf('dotnet', 'dotnet publish --no-restore')!));
  assert.equal(dir('dotnet', 'packages', 'dotnet restore'), '/root/.nuget/packages');
  assert.equal(dir('dotnet', 'packages', 'dotnet restore', env({ NUGET_PACKAGES: '/nuget' })), '/nuget');
  assert.equal(dir('dotnet', 'packages', 'dotnet restore --packages /p', env({ NUGET_PACKAGES: '/nuget' })), '/p');
});

test('base images: the facts the cache directories rely on', () => {
  assert.equal(normalizeRepository('docker.io/library/Ruby'), 'ruby');
  assert.equal(normalizeRepository('mirror.gcr.io/library/python'), 'python');
  assert.equal(normalizeRepository('ghcr.io/o/python'), 'ghcr.io/o/python');
  assert.equal(baseImage('ruby')?.env.GEM_HOME, '/usr/local/bundle');
  assert.equal(baseImage('composer')?.env.COMPOSER_HOME, '/tmp');
  assert.equal(baseImage('golang')?.env.GOPATH, '/go');
  assert.equal(baseImage('rust')?.env.CARGO_HOME, '/usr/local/cargo');
  assert.equal(baseImage('python')?.env.PIP_CACHE_DIR, undefined);
  assert.deepEqual(baseImage('node')?.accounts, [{ name: 'node', uid: '1000', gid: '1000', home: '/home/node' }]);
  assert.equal(baseImage('mcr.microsoft.com/dotnet/sdk')?.env.APP_UID, '1654');
  assert.equal(baseImage('ghcr.io/o/app'), undefined);
  for (const image of BASE_IMAGES) assert.ok(image.source.length > 10, image.repositories[0]);
});

test('paths: normalisation, containment and tail shapes', () => {
  assert.equal(normalizePath('/a//b/./c/../d/'), '/a/b/d');
  assert.ok(within('/root/.cache/pip', '/root/.cache'));
  assert.ok(!within('/root/.cachex', '/root/.cache'));
  assert.ok(overlaps('/go/pkg/mod/cache', '/go/pkg/mod') && overlaps('/go/pkg/mod', '/go/pkg/mod/cache'));
  assert.equal(tailMatches('/home/app/.cache/pip', ['pip']), 'pip');
  assert.equal(tailMatches('/root/.npm', ['.cache/pip', 'pip']), undefined);
  assert.equal(tailMatches('/var/cache/APK', ['var/cache/apk']), 'var/cache/apk');
});

/** The analysis of the last RUN of a Dockerfile. */
function lastRun(text: string) {
  const model = parseDockerfile(text);
  const run = [...model.instructions].reverse().find((i) => i.keyword === 'RUN')!;
  return { model, a: analyzeRun(model, run)! };
}

function runDir(text: string, id = 'pip', key = 'cache'): string {
  const { a } = lastRun(text);
  const t = a.tools.find((x) => x.tool.id === id);
  assert.ok(t, `no ${id} in the last RUN`);
  const d = [...t.needs, ...t.also].find((x) => x.spec.key === key)!;
  return 'path' in d.dir ? d.dir.path : `unknown: ${d.dir.unknown}`;
}

test('the user: useradd/adduser/groupadd in the file, base image accounts, numeric ids, ENV HOME, sudo', () => {
  assert.equal(runDir('FROM python:3.12\nRUN useradd -m -d /srv/app app\nUSER app\nRUN pip install x\n'), '/srv/app/.cache/pip');
  assert.equal(runDir('FROM python:3.12\nRUN useradd -u 1001 app\nUSER 1001\nRUN pip install x\n'), '/home/app/.cache/pip');
  assert.match(runDir('FROM python:3.12\nUSER 1001\nRUN pip install x\n'), /^unknown: the home directory of uid 1001/);
  assert.equal(runDir('FROM python:3.12\nUSER 1001\nENV HOME=/app\nRUN pip install x\n'), '/app/.cache/pip');
  assert.equal(runDir('FROM python:3.12\nUSER nobody2\nRUN pip install x\n'), '/home/nobody2/.cache/pip');
  assert.match(runDir('FROM debian\nRUN adduser --system svc\nUSER svc\nRUN pip install x\n'), /^unknown: the home directory of svc/);
  assert.equal(runDir('FROM node:22\nUSER node\nRUN npm ci\n', 'npm'), '/home/node/.npm');
  assert.equal(runDir('FROM python:3.12\nUSER app\nRUN sudo pip install x\n'), '/root/.cache/pip');
  assert.equal(runDir('FROM mcr.microsoft.com/dotnet/sdk:8.0\nUSER $APP_UID\nRUN dotnet restore\n', 'dotnet', 'packages'), '/home/app/.nuget/packages');
  const { a } = lastRun('FROM alpine\nRUN addgroup -g 1001 -S grp && adduser -S app -u 1001 -G grp\nUSER app\nRUN pip install x\n');
  assert.deepEqual({ uid: a.tools[0].fetches[0].user.uid, gid: a.tools[0].fetches[0].user.gid }, { uid: '1001', gid: '1001' });
  const b = lastRun('FROM debian\nRUN groupadd --gid 2000 g && useradd --uid=2001 --gid g u\nUSER u:g\nRUN pip install x\n').a;
  assert.deepEqual({ uid: b.tools[0].fetches[0].user.uid, gid: b.tools[0].fetches[0].user.gid }, { uid: '2001', gid: '2000' });
  const c = lastRun('FROM debian\nUSER 1001:1002\nRUN pip install x\n').a;
  assert.deepEqual({ uid: c.tools[0].fetches[0].user.uid, gid: c.tools[0].fetches[0].user.gid }, { uid: '1001', gid: '1002' });
});

test('the environment: ENV/ARG (also from a parent stage), assignments, export, cd, tool config, base image', () => {
  assert.equal(runDir('FROM python:3.12\nARG PIP_CACHE_DIR=/arg/pip\nRUN pip install x\n'), '/arg/pip');
  assert.equal(runDir('FROM python:3.12 AS base\nENV XDG_CACHE_HOME=/xdg\nFROM base\nRUN pip install x\n'), '/xdg/pip');
  assert.equal(runDir('FROM python:3.12\nRUN PIP_CACHE_DIR=/own pip install x\n'), '/own');
  assert.equal(runDir('FROM python:3.12\nRUN export PIP_CACHE_DIR=/exp && pip install x\n'), '/exp');
  assert.equal(runDir('FROM python:3.12\nENV PIP_CACHE_DIR=$HOME/pc\nRUN pip install x\n'), '/root/pc');
  assert.equal(runDir('FROM node:22\nWORKDIR /app\nRUN cd web && YARN_CACHE_FOLDER=.yc yarn install\n', 'yarn'), '/app/web/.yc');
  assert.equal(runDir('FROM node:22\nRUN npm i -g pnpm && pnpm config set store-dir /pnpm/store\nRUN pnpm install\n', 'pnpm', 'store'), '/pnpm/store');
  assert.equal(runDir('FROM golang:1.22\nRUN go build ./...\n', 'go', 'modcache'), '/go/pkg/mod');
  assert.equal(runDir('FROM composer:2\nRUN composer install\n', 'composer'), '/tmp/cache');
  assert.equal(runDir('FROM ruby:3.3\nRUN bundle install\n', 'bundler', 'gems'), '/usr/local/bundle/cache');
  assert.equal(runDir('FROM docker.io/library/rust:1.80 AS chef\nFROM chef\nRUN cargo build\n', 'cargo', 'registry'), '/usr/local/cargo/registry');
});

test('yarn 2+ is recognised from the file', () => {
  const berry = (text: string) => lastRun(text).a.tools.some((t) => t.tool.id === 'yarn-berry');
  assert.ok(berry('FROM node:22\nCOPY package.json yarn.lock .yarnrc.yml ./\nRUN yarn install\n'));
  assert.ok(berry('FROM node:22\nRUN corepack enable && corepack prepare yarn@4.5.0 --activate\nRUN yarn\n'));
  assert.ok(berry('FROM node:22\nRUN yarn install --immutable\n'));
  assert.ok(berry('FROM node:22\nENV YARN_NODE_LINKER=node-modules\nRUN yarn\n'));
  assert.ok(!berry('FROM node:22\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n'));
});

test('symlinks: a mount on /var/cache/apk is right once /etc/apk/cache links there', () => {
  const { a } = lastRun('FROM alpine\nRUN ln -s /var/cache/apk /etc/apk/cache\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n');
  const d = a.tools[0].needs[0].dir;
  assert.ok('path' in d && d.path === '/var/cache/apk');
  assert.equal(a.mounts[0].target, '/var/cache/apk');
});

test('mount targets are expanded and made absolute', () => {
  const { a } = lastRun('FROM python:3.12\nARG C=/root/.cache\nWORKDIR /app\nRUN --mount=type=cache,target=${C}/pip --mount=type=cache,target=rel --mount=type=cache,target=$UNSET pip install x\n');
  assert.deepEqual(a.mounts.map((m) => m.target), ['/root/.cache/pip', '/app/rel', undefined]);
});

test('command removals keep connectors sensible and refuse what they cannot do cleanly', () => {
  const removed = (line: string, ...idx: number[]) => {
    const model = parseDockerfile(`FROM x\nRUN ${line}\n`);
    const instr = model.instructions[1];
    const r = commandRemovals(model, instr, idx);
    if (!r) return undefined;
    let out = model.text;
    for (const e of [...r.values()].flat().sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out.split('\n')[1];
  };
  assert.equal(removed('a && b && c', 1), 'RUN a && c');
  assert.equal(removed('a && b && c', 2), 'RUN a && b');
  assert.equal(removed('a && b && c', 0), 'RUN b && c');
  assert.equal(removed('a && b && c', 1, 2), 'RUN a');
  assert.equal(removed('a; b', 1), 'RUN a');
  assert.equal(removed('a || b', 1), undefined);
  assert.equal(removed('a | b', 0), undefined);
  assert.equal(removed('b || true', 0), undefined);
  assert.equal(removed('a', 0), undefined);
  assert.equal(removed('if x; then a; fi', 1), undefined);
});
