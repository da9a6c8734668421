/**
 * What COPY and ADD take from the build context: each source as a path relative
 * to the context root, after ARG/ENV substitution (build args of the build win).
 * `--from` copies, URLs, git sources and heredocs take nothing from the context.
 */
import picomatch from 'picomatch';
import type { ArgWord, DockerfileModel, Instr } from '../model';
import { copyArgs } from '../query';
import { substitute } from '../variables';
import type { ContextListing } from '../../workspace/types';

export interface CopySource {
  instr: Instr;
  word: ArgWord;
  /** Context-relative, `/`-separated, no leading `./` or `/`; '' is the whole context. */
  path: string;
  /** Has `*`, `?` or `[`: matches any number of paths. */
  glob: boolean;
}

function cleanSource(value: string): string | undefined {
  const parts: string[] = [];
  for (const part of value.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      // Docker keeps sources inside the context: `../x` is `x`.
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/');
}

export function contextCopySources(model: DockerfileModel, buildArgs: Readonly<Record<string, string>> = {}): CopySource[] {
  const out: CopySource[] = [];
  for (const stage of model.stages) {
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      if (instr.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
      const args = copyArgs(model, instr);
      if (!args) continue;
      for (const word of args.sources) {
        const value = substitute(word.value, (name) => buildArgs[name] ?? instr.state.env.get(name));
        // Still a variable the build must supply, a URL, or a git source: nothing to check here.
        if (value.includes('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.startsWith('git@')) continue;
        const path = cleanSource(value);
        if (path === undefined) continue;
        out.push({ instr, word, path, glob: /[*?[]/.test(path) });
      }
    }
  }
  return out;
}

/** A listing's paths as a set and a list, built once per listing (contexts are shared, rules run per keystroke). */
const pathsOf = new WeakMap<ContextListing, { set: Set<string>; all: string[] }>();

function listingPaths(listing: ContextListing): { set: Set<string>; all: string[] } {
  let paths = pathsOf.get(listing);
  if (!paths) {
    const all = [...listing.dirs, ...listing.files.map((f) => f.path)];
    paths = { set: new Set(all), all };
    pathsOf.set(listing, paths);
  }
  return paths;
}

/** The listing entries a source names: itself (file or folder) or what its pattern matches. */
export function sourceMatches(source: CopySource, listing: ContextListing): string[] {
  if (source.path === '') return [''];
  const paths = listingPaths(listing);
  if (!source.glob) return paths.set.has(source.path) ? [source.path] : [];
  const match = picomatch(source.path, { dot: true });
  return paths.all.filter((p) => match(p));
}
