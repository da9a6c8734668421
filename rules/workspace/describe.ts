/**
 * Builds and contexts in messages. Paths are written relative to the file that
 * declares the build (as its author wrote them), never absolute: a message must read
 * the same in the editor, in CI and on another machine.
 */
import { basename, dirname, relative } from 'node:path';
import type { Build } from './types';

const toPosix = (p: string) => p.replace(/\\/g, '/');

/** `the compose build "api" in docker-compose.yml`, or `this Dockerfile's folder` for a guess. */
export function describeBuild(b: Build): string {
  return b.file ? `the ${b.origin} build "${b.name}" in ${basename(b.file)}` : `a build from this Dockerfile's folder`;
}

/** The context as its declaring file names it (`services/api`, `.`), or the Dockerfile's folder for a guess. */
export function contextName(b: Build): string {
  if (!b.file) return "this Dockerfile's folder";
  return `"${toPosix(relative(dirname(b.file), b.context)) || '.'}"`;
}

/** A path relative to a folder (`../../.dockerignore`), for messages about files near the linted one. */
export function relativeTo(from: string, path: string): string {
  return toPosix(relative(from, path)) || basename(path);
}
