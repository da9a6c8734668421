import { serviceRule } from '../rule';
import { resolveDefaults } from '../knowledge/volumes';
import { scalarText, span } from '../../yaml/nodes';

/** Service keys that can join a host namespace (`uts` is in the Compose Specification too), and what the container then shares. */
const NAMESPACES: readonly (readonly [key: string, shares: string])[] = [
  ['network_mode', "the host's network stack: it can bind any host port, reach services that listen only on localhost, and its ports: mappings are ignored. Publish ports on a Compose network instead"],
  ['pid', "the host's process table: it sees every host process, reads their command lines and environment (secrets included) under /proc, and can signal or trace them with the right capabilities. Drop it unless this is a host-monitoring agent"],
  ['ipc', "the host's IPC namespace: it can read and write the shared memory (/dev/shm) and message queues of host processes. Use ipc: shareable/service:<name> to share with one service only"],
  ['userns_mode', 'the host\'s user namespace: user-namespace remapping is off for it, so root in the container is root on the host. Remove it so the daemon\'s userns-remap applies'],
  ['uts', "the host's hostname and domain name, which it can change with CAP_SYS_ADMIN. Set hostname: instead"],
];

export default serviceRule(
  { id: 'compose-host-namespace', title: "Do not share the host's namespaces", severity: 'warning', plan: '§3.2' },
  (ctx, service) => {
    for (const [key, shares] of NAMESPACES) {
      const e = service.get(key);
      const text = scalarText(e?.value);
      const r = span(e?.value);
      // `${NET_MODE:-host}` runs as host when nobody sets NET_MODE.
      if (!e || !r || text === undefined || resolveDefaults(text)?.trim() !== 'host') continue;
      ctx.report({
        start: span(e.key)?.[0] ?? r[0],
        end: r[1],
        message: `Service "${service.name}" sets ${key}: host, so it shares ${shares}.`,
      });
    }
  },
);
