import { serviceRule } from '../rule';
import { normalizeHostPath, serviceMounts } from '../knowledge/volumes';
import { isTrue, span } from '../../yaml/nodes';

/** Host paths that hand the Docker API to the container: the socket (rootful or rootless), its folder, the Windows pipe. */
function socketPath(source: string): string | undefined {
  const path = normalizeHostPath(source);
  const lower = path.toLowerCase();
  if (lower === '//./pipe/docker_engine') return path;
  if (path === '/var/run' || path === '/run') return path; // the folder that holds docker.sock
  return path === 'docker.sock' || path.endsWith('/docker.sock') ? path : undefined;
}

const WHY =
  'whoever controls the container controls the Docker daemon, which is root on the host (start a privileged container, mount /), and ":ro" does not help: it stops writes to the socket file, not API calls through it. ' +
  'Give it a socket proxy that allows only the API calls it needs (e.g. docker-socket-proxy over TCP), or run rootless Docker/Podman for it.';

export default serviceRule(
  { id: 'compose-docker-socket', title: 'Do not mount the Docker socket', severity: 'error', plan: '§3.2' },
  (ctx, service) => {
    for (const mount of serviceMounts(service).mounts) {
      if (mount.resolvedSource === undefined || (mount.type !== 'bind' && mount.type !== 'npipe' && mount.type !== undefined)) continue;
      const path = socketPath(mount.resolvedSource);
      if (!path) continue;
      const what = path.endsWith('docker.sock') || path.endsWith('docker_engine') ? `the Docker socket (${path})` : `${path}, the folder of the Docker socket`;
      ctx.report({
        start: mount.sourceStart ?? mount.start,
        end: mount.sourceEnd ?? mount.end,
        message: `Service "${service.name}" mounts ${what}: ${WHY}`,
      });
    }
    // `use_api_socket: true` is the same bind mount, written as a flag.
    const api = service.get('use_api_socket');
    const r = span(api?.value);
    if (api && r && isTrue(api.value)) {
      ctx.report({
        start: span(api.key)?.[0] ?? r[0],
        end: r[1],
        message: `Service "${service.name}" sets use_api_socket, which mounts the Docker socket: ${WHY}`,
      });
    }
  },
);
