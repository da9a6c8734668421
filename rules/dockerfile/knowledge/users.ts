/**
 * Who a shipped image runs as (plan §3.2: non-root containers) and how to create an
 * unprivileged account with the base image's own tools.
 *
 * Base images that already run as a non-root user (their config sets `USER`):
 *
 * | Image | User | Source |
 * |---|---|---|
 * | `gcr.io/distroless/*:nonroot`, `*:debug-nonroot`, `*:latest-nonroot`… | nonroot 65532 | GoogleContainerTools/distroless (`nonroot` tags set `User: "65532"`) |
 * | `cgr.dev/chainguard/*` (not `-dev` tags) | nonroot 65532 | Chainguard Images docs: "run as non-root by default"; `-dev` variants run as root |
 * | `bitnami/*`, `docker.io/bitnami/*` | 1001 | bitnami/containers Dockerfiles (`USER 1001`) |
 *
 * Official images (`node`, `python`, `golang`, `nginx`…) run as root even when they
 * ship an account (`node` has `node` 1000 but no `USER`). `scratch` has no user
 * database: a static binary there runs as uid 0.
 *
 * Account creation per image family:
 *
 * | Family | Recognised by | Command |
 * |---|---|---|
 * | Alpine (BusyBox) | `alpine`, `busybox`, a tag with `alpine` | `addgroup -S -g 10001 app && adduser -S -u 10001 -G app app` |
 * | Debian/Ubuntu (shadow) | `debian`, `ubuntu`, official language images (`python`, `node`, `golang`, `ruby`, `rust`, `php`, `openjdk`, `eclipse-temurin`…) without `alpine` in the tag | `groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app` |
 * | Distroless | `gcr.io/distroless/*` | nothing: the image has `nonroot` (65532) |
 */
import { normalizeRepository } from './base-images';

/** Programs that start the real process as another user (`gosu app cmd`, `su-exec`, `setpriv --reuid`…). */
export const PRIVILEGE_DROPPERS: readonly string[] = ['gosu', 'su-exec', 'setpriv', 's6-setuidgid', 'runuser', 'chpst', 'setuidgid'];

/** True when an ENTRYPOINT/CMD word list starts its process as another user. */
export function dropsPrivileges(words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const base = w.slice(w.lastIndexOf('/') + 1);
    if (PRIVILEGE_DROPPERS.includes(base)) return true;
    if (base === 'chroot' && words.slice(i + 1).some((a) => a.startsWith('--userspec'))) return true;
    if (base === 'su' && words.slice(i + 1).some((a) => a === '-c' || a.startsWith('--command'))) return true;
  }
  return false;
}

/** True when the base image's own config runs as a non-root user. */
export function runsNonRootByDefault(repository: string, tag: string | undefined): boolean {
  const repo = normalizeRepository(repository);
  const t = tag ?? 'latest';
  if (repo.startsWith('gcr.io/distroless/')) return t === 'nonroot' || t.endsWith('-nonroot');
  if (repo.startsWith('cgr.dev/chainguard/')) return !t.endsWith('-dev') && t !== 'dev';
  if (repo.startsWith('bitnami/')) return true;
  return false;
}

export type ImageFamily = 'alpine' | 'debian' | 'distroless' | 'unknown';

/** Official images whose default variants are Debian/Ubuntu based (shadow's `useradd`/`groupadd`). */
const DEBIAN_BASED = new Set([
  'debian', 'ubuntu', 'python', 'node', 'golang', 'ruby', 'rust', 'php', 'perl', 'openjdk', 'eclipse-temurin', 'amazoncorretto',
  'maven', 'gradle', 'buildpack-deps', 'nginx', 'httpd', 'elixir', 'erlang', 'haskell', 'julia', 'r-base', 'swift',
  'mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/aspnet', 'mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com/dotnet/runtime-deps',
]);

export function imageFamily(repository: string, tag: string | undefined): ImageFamily {
  const repo = normalizeRepository(repository);
  const t = (tag ?? '').toLowerCase();
  if (repo.startsWith('gcr.io/distroless/')) return 'distroless';
  if (repo === 'alpine' || repo.endsWith('/alpine') || t.includes('alpine') || repo === 'busybox' || repo.endsWith('/busybox')) return 'alpine';
  // amazoncorretto's default tags are Amazon Linux (no `useradd` without shadow-utils).
  if (repo === 'amazoncorretto' && !/(bookworm|bullseye|debian|jammy|noble)/.test(t)) return 'unknown';
  if (DEBIAN_BASED.has(repo)) return t.includes('windowsservercore') || t.includes('nanoserver') ? 'unknown' : 'debian';
  return 'unknown';
}

/**
 * Dev containers (`.devcontainer/`, `mcr.microsoft.com/devcontainers/*`) are development
 * environments, not shipped images: they run as root on purpose and pick the user in
 * `devcontainer.json` (`remoteUser`).
 */
export function isDevContainer(path: string, repository: string): boolean {
  const p = path.replace(/\\/g, '/');
  if (p.includes('/.devcontainer/') || p.startsWith('.devcontainer/')) return true;
  const repo = normalizeRepository(repository);
  return repo.startsWith('mcr.microsoft.com/devcontainers/') || repo.startsWith('mcr.microsoft.com/vscode/devcontainers/') || repo.includes('/public/vscode/devcontainers/');
}

/** Name and id the fix gives a new account (above the 1000-range of distribution users, below 65534 nobody). */
export const APP_USER = { name: 'app', uid: '10001' } as const;

/** The RUN command that creates the app's system group and user, or undefined when the family needs none or is unknown. */
export function createUserCommand(family: ImageFamily): string | undefined {
  const { name, uid } = APP_USER;
  if (family === 'alpine') return `addgroup -S -g ${uid} ${name} && adduser -S -u ${uid} -G ${name} ${name}`;
  if (family === 'debian') return `groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home ${name}`;
  return undefined;
}
