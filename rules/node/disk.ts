/** The file system as the workspace model's Disk (sizes from lstat: a symlink is not followed into a loop). */
import * as fs from 'node:fs';
import type { Disk, DiskEntry } from '../workspace/index';

const MAX_READ_BYTES = 1024 * 1024;

export const fileSystemDisk: Disk = {
  read(path) {
    try {
      const stat = fs.statSync(path);
      return stat.isFile() && stat.size <= MAX_READ_BYTES ? fs.readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
  entries(dir) {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const out: DiskEntry[] = [];
    for (const d of names) {
      if (d.isDirectory()) out.push({ name: d.name, dir: true, size: 0 });
      else if (d.isFile()) {
        let size = 0;
        try {
          size = fs.lstatSync(`${dir}/${d.name}`).size;
        } catch {
          continue;
        }
        out.push({ name: d.name, dir: false, size });
      }
      // Symlinks, sockets and devices: Docker sends a link as a link; its target is not walked.
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  },
};
