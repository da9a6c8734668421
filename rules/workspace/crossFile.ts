/**
 * Reading one kind of file from a rule of another: the Compose service that
 * declares a build, the parsed Dockerfile a build uses. Parses are kept per text,
 * so ten Dockerfiles built by one Compose file parse it once.
 */
import type { FileView } from '../core/types';
import { parseCompose, type ComposeModel, type ComposeService } from '../compose/model';
import { parseDockerfile, type DockerfileModel } from '../dockerfile/model';
import type { Build } from './types';

const MAX_CACHED = 64;

function cachedParser<M>(parse: (text: string, path: string) => M): (text: string, path: string) => M {
  const cache = new Map<string, M>();
  return (text, path) => {
    const key = `${path}\0${text}`;
    let model = cache.get(key);
    if (!model) {
      if (cache.size >= MAX_CACHED) cache.clear();
      model = parse(text, path);
      cache.set(key, model);
    }
    return model;
  };
}

export const parseComposeCached = cachedParser<ComposeModel>(parseCompose);
export const parseDockerfileCached = cachedParser<DockerfileModel>(parseDockerfile);

/** The Compose service a build comes from, or undefined for bake, workflow and guessed builds. */
export function composeServiceFor(build: Build, files: FileView | undefined): ComposeService | undefined {
  if (build.origin !== 'compose' || !build.file || !files) return undefined;
  const text = files.read(build.file);
  if (text === undefined) return undefined;
  return parseComposeCached(text, build.file).services.find((s) => s.name === build.name);
}

/** The Dockerfile a build uses, parsed; undefined when it cannot be read. */
export function dockerfileOf(build: Build, files: FileView | undefined): DockerfileModel | undefined {
  const text = files?.read(build.dockerfile);
  return text === undefined ? undefined : parseDockerfileCached(text, build.dockerfile);
}
