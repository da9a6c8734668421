/**
 * Which kind of file a path is, by name, most specific suffix first:
 * `Dockerfile.dockerignore` is an ignore file, not a Dockerfile.
 */
import type { FileKind } from './types';

const NOT_DOCKERFILE_EXT = new Set(['.md', '.txt', '.json', '.yml', '.yaml', '.sh', '.ps1', '.orig', '.rej', '.bak', '.swp']);

export function classifyPath(path: string, languageId?: string): FileKind | null {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower === '.dockerignore' || lower.endsWith('.dockerignore')) return 'dockerignore';
  // Bake's default names: docker-bake.hcl / .json and their .override variants.
  if (lower.startsWith('docker-bake') && (lower.endsWith('.hcl') || lower.endsWith('.json'))) return 'bake';
  const yaml = lower.endsWith('.yml') || lower.endsWith('.yaml');
  if (yaml && /(^|\/)\.github\/workflows\/[^/]+$/.test(norm)) return 'workflow';
  if (yaml && (lower.startsWith('docker-compose') || lower.startsWith('compose'))) return 'compose';
  if (languageId === 'dockercompose') return 'compose';
  if (lower.endsWith('.dockerfile') || lower.endsWith('.containerfile')) return 'dockerfile';
  if (lower.startsWith('dockerfile') || lower.startsWith('containerfile')) {
    const dot = lower.lastIndexOf('.');
    if (dot > 0 && NOT_DOCKERFILE_EXT.has(lower.slice(dot))) return null;
    return 'dockerfile';
  }
  if (languageId === 'dockerfile') return 'dockerfile';
  return null;
}

/** Directories a workspace walk never enters. */
export const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Files whose changes on disk the server must hear about, open or not: its config,
 * and every file of the workspace model (a build context holds any file; the server
 * drops events from node_modules and .git).
 */
export const WATCHED_FILE_PATTERNS = ['**/*'];
