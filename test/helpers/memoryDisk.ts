/** A Disk over a record of absolute path → text (folders implied by the paths), for workspace tests. */
import { posix } from 'node:path';
import type { Disk, DiskEntry } from '../../rules/workspace/index';

export function memoryDisk(files: Record<string, string>): Disk & { set(path: string, text: string | undefined): void } {
  const texts = new Map(Object.entries(files));
  return {
    read: (p) => texts.get(p),
    entries(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const found = new Map<string, DiskEntry>();
      for (const [p, text] of texts) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        if (!found.has(name)) found.set(name, { name, dir: slash >= 0, size: slash < 0 ? Buffer.byteLength(text) : 0 });
      }
      if (!found.size && ![...texts.keys()].some((p) => posix.dirname(p) === dir)) return undefined;
      return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    },
    set(path, text) {
      if (text === undefined) texts.delete(path);
      else texts.set(path, text);
    },
  };
}
