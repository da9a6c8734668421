/**
 * What official base images set that decides where a package manager caches and who
 * runs it: environment variables, the accounts they ship, symlinked directories, and
 * directories that hold the image's own tools (a cache mount there hides them).
 *
 * Only facts read from the images' own Dockerfiles are listed; an image that is not
 * here is assumed to set nothing (root user, HOME=/root, no tool variables).
 *
 * | Image | Environment that matters | Accounts | Source |
 * |---|---|---|---|
 * | python | none of `PIP_*`, `XDG_*` → pip caches in `$HOME/.cache/pip` | – | docker-library/python `Dockerfile-linux.template` (ENV PATH, LANG, GPG_KEY, PYTHON_VERSION, PYTHON_SHA256) |
 * | node | no `npm_config_*` → npm caches in `$HOME/.npm` (`/root/.npm` as root); Yarn 1.22 (classic) bundled up to Node 25, dropped in 26 | node 1000:1000 `/home/node` | nodejs/docker-node `Dockerfile-debian.template` / `-alpine` (`groupadd --gid 1000 node && useradd --uid 1000 --gid node … --create-home node`), nodejs/docker-node#2264 |
 * | ruby | `GEM_HOME=/usr/local/bundle` (mode 1777), `BUNDLE_APP_CONFIG=$GEM_HOME`, `BUNDLE_SILENCE_ROOT_WARNING=1`, no `BUNDLE_PATH` → gems download to `/usr/local/bundle/cache` | – | docker-library/ruby `Dockerfile.template` |
 * | composer | `COMPOSER_HOME=/tmp` → cache `/tmp/cache`; `COMPOSER_ALLOW_SUPERUSER=1` | – | composer/docker `latest/Dockerfile` |
 * | golang | `GOPATH=/go` → modules in `/go/pkg/mod`; `GOCACHE` unset → `$HOME/.cache/go-build`; `GOTOOLCHAIN=local` | – | docker-library/golang `Dockerfile-linux.template` |
 * | rust | `CARGO_HOME=/usr/local/cargo`, `RUSTUP_HOME=/usr/local/rustup`; `cargo` itself is in `$CARGO_HOME/bin` | – | rust-lang/docker-rust `Dockerfile-debian.template` |
 * | maven | `MAVEN_HOME=/usr/share/maven`, `MAVEN_CONFIG=/root/.m2` → repository `~/.m2/repository`; `/usr/share/maven/ref/settings-docker.xml` (only with `-s`) uses `/usr/share/maven/ref/repository` | – | carlossg/docker-maven `Dockerfile` |
 * | gradle | `GRADLE_HOME=/opt/gradle`, no `GRADLE_USER_HOME`; `/root/.gradle` → `/home/gradle/.gradle` | gradle 1000:1000 `/home/gradle` | gradle/docker-gradle `jdk21-noble/Dockerfile` (`usermod --login gradle --home /home/gradle ubuntu`, `ln --symbolic /home/gradle/.gradle /root/.gradle`) |
 * | mcr.microsoft.com/dotnet/* | `APP_UID=1654`, no `NUGET_PACKAGES` → `$HOME/.nuget/packages`; `NUGET_XMLDOC_MODE=skip` | app 1654:1654 `/home/app` | dotnet/dotnet-docker runtime-deps 8.0+ (`ENV APP_UID=1654`, `groupadd --gid=$APP_UID app && useradd … --uid=$APP_UID --gid=$APP_UID --create-home app`) |
 */

export interface ImageAccount {
  name: string;
  uid: string;
  gid: string;
  home: string;
}

export interface BaseImage {
  /** Repositories as `FROM` names them, after `docker.io/library/` and mirrors are stripped. */
  repositories: readonly string[];
  env: Readonly<Record<string, string>>;
  accounts?: readonly ImageAccount[];
  /** Symlinked directories: link → where it points. */
  links?: Readonly<Record<string, string>>;
  /** Directories with the image's own tools: a cache mount over them hides the tools. */
  contents?: readonly string[];
  source: string;
}

export const BASE_IMAGES: readonly BaseImage[] = [
  {
    repositories: ['python'],
    env: { LANG: 'C.UTF-8' },
    source: 'docker-library/python Dockerfile-linux.template',
  },
  {
    repositories: ['node'],
    env: {},
    accounts: [{ name: 'node', uid: '1000', gid: '1000', home: '/home/node' }],
    contents: ['/usr/local/lib/node_modules'],
    source: 'nodejs/docker-node Dockerfile-debian.template, Dockerfile-alpine.template',
  },
  {
    repositories: ['ruby'],
    env: { GEM_HOME: '/usr/local/bundle', BUNDLE_SILENCE_ROOT_WARNING: '1', BUNDLE_APP_CONFIG: '/usr/local/bundle' },
    source: 'docker-library/ruby Dockerfile.template',
  },
  {
    repositories: ['composer'],
    env: { COMPOSER_HOME: '/tmp', COMPOSER_ALLOW_SUPERUSER: '1' },
    source: 'composer/docker latest/Dockerfile',
  },
  {
    repositories: ['golang'],
    env: { GOPATH: '/go', GOTOOLCHAIN: 'local' },
    contents: ['/usr/local/go'],
    source: 'docker-library/golang Dockerfile-linux.template',
  },
  {
    repositories: ['rust'],
    env: { RUSTUP_HOME: '/usr/local/rustup', CARGO_HOME: '/usr/local/cargo' },
    contents: ['/usr/local/cargo/bin', '/usr/local/rustup'],
    source: 'rust-lang/docker-rust Dockerfile-debian.template',
  },
  {
    repositories: ['maven'],
    env: { MAVEN_HOME: '/usr/share/maven', MAVEN_CONFIG: '/root/.m2' },
    contents: ['/usr/share/maven'],
    source: 'carlossg/docker-maven Dockerfile',
  },
  {
    repositories: ['gradle'],
    env: { GRADLE_HOME: '/opt/gradle' },
    accounts: [{ name: 'gradle', uid: '1000', gid: '1000', home: '/home/gradle' }],
    links: { '/root/.gradle': '/home/gradle/.gradle' },
    contents: ['/opt/gradle'],
    source: 'gradle/docker-gradle jdk21-noble/Dockerfile',
  },
  {
    repositories: ['mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/runtime-deps'],
    env: { APP_UID: '1654', NUGET_XMLDOC_MODE: 'skip' },
    accounts: [{ name: 'app', uid: '1654', gid: '1654', home: '/home/app' }],
    contents: ['/usr/share/dotnet'],
    source: 'dotnet/dotnet-docker runtime-deps 8.0+ Dockerfiles',
  },
];

/** Registry prefixes that name the same official images. */
const OFFICIAL_PREFIXES = ['docker.io/library/', 'index.docker.io/library/', 'registry-1.docker.io/library/', 'docker.io/', 'library/', 'mirror.gcr.io/library/', 'mirror.gcr.io/', 'public.ecr.aws/docker/library/'];

/** `docker.io/library/python` → `python`; other registries stay as written (lowercased). */
export function normalizeRepository(repository: string): string {
  let r = repository.toLowerCase();
  for (const p of OFFICIAL_PREFIXES) {
    if (r.startsWith(p)) {
      r = r.slice(p.length);
      break;
    }
  }
  return r;
}

const BY_REPOSITORY = new Map<string, BaseImage>();
for (const image of BASE_IMAGES) for (const r of image.repositories) BY_REPOSITORY.set(r, image);

/** The facts for a base image repository, if it is one we know. */
export function baseImage(repository: string | undefined): BaseImage | undefined {
  return repository ? BY_REPOSITORY.get(normalizeRepository(repository)) : undefined;
}
