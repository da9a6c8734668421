/**
 * Docker's `.dockerignore` matching, exact and case-sensitive: a port of
 * moby/patternmatcher (`New`, `Pattern.compile`, `MatchesOrParentMatches`), which
 * BuildKit and the classic builder both use.
 *
 * Why not `@balena/dockerignore` alone: it follows moby v19.03 and differs from the
 * engine in ways real files hit: it leaves `+ ( ) | { }` unescaped in its regular
 * expressions (`c++/`, `dist/pkg-1.0+local.whl`, `Program Files (x86)` never match),
 * checks only one parent folder per pattern, and treats `**name` as `**​/name`. Those
 * rows are in test/fixtures/dockerignoreSemantics.ts; the semantics test runs the
 * table against this matcher and records where balena (with `ignorecase: false`)
 * agrees, so the difference stays proven.
 */
import { cleanPath, dockerPattern, readPatterns, type DockerignoreModel } from './model';

export interface Matcher {
  /** True when Docker leaves this context-relative path (`/`-separated) out of the context. */
  ignores(relPath: string): boolean;
  /**
   * True when a folder is left out with what it holds: the folder itself matches,
   * or any file directly in it would (`node_modules/*`). Used for folders the
   * workspace did not walk (`node_modules`, `.git`).
   */
  ignoresDir(relDir: string): boolean;
  /** True when some `!` exception could bring back files under an excluded folder. */
  readonly hasExceptions: boolean;
  /** Patterns Docker rejects (a lone `!`, a malformed `[`): the build fails on them. */
  readonly invalid: string[];
}

/** A pattern as `patternmatcher.New` keeps it, compiled on first use like `Pattern.compile`. */
export interface CompiledPattern {
  exclusion: boolean;
  /** The cleaned pattern (without `!`). */
  pattern: string;
  /** Whether the pattern matches this path exactly (no parent check). */
  test(path: string): boolean;
  /** Why Docker would reject it, if it would. */
  error?: string;
}

/** Characters moby escapes (regexp-special, but plain in filepath.Match syntax). */
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

function compileBody(pattern: string): { test: (path: string) => boolean; error?: string } {
  let reg = '^';
  let type: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  const chars = Array.from(pattern);
  let error: string | undefined;
  for (let k = 0, i = 0; k < chars.length; i++) {
    const ch = chars[k++];
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        // `**/` is `**`: eat the slash.
        if (chars[k] === '/') k++;
        if (k >= chars.length) {
          // `**` at the end accepts everything below (aligned with .gitignore).
          if (type === 'exact') type = 'prefix';
          else {
            reg += '.*';
            type = 'regexp';
          }
        } else {
          reg += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        reg += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      reg += '[^/]';
      type = 'regexp';
    } else if (ESCAPED.has(ch)) {
      reg += '\\' + ch;
    } else if (ch === '\\') {
      if (k < chars.length) {
        reg += '\\' + chars[k++];
        type = 'regexp';
      } else {
        reg += '\\';
        // filepath.Match (run by patternmatcher.New as a syntax check) rejects a trailing `\`.
        error = 'a trailing backslash escapes nothing';
      }
    } else if (ch === '[' || ch === ']') {
      reg += ch;
      type = 'regexp';
    } else reg += ch;
  }
  switch (type) {
    case 'exact':
      return { test: (p) => p === pattern, error };
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return { test: (p) => p.startsWith(prefix), error };
    }
    case 'suffix': {
      // moby: strings.HasSuffix(path, suffix), and `**/foo` also matches `foo`.
      const suffix = pattern.slice(2);
      return { test: (p) => p.endsWith(suffix) || (suffix.startsWith('/') && p === suffix.slice(1)), error };
    }
    case 'regexp':
      try {
        const re = new RegExp(reg + '$');
        return { test: (p) => re.test(p), error };
      } catch {
        return { test: () => false, error: 'malformed pattern (unbalanced `[`?)' };
      }
  }
}

/** One pattern as Docker keeps it: `!` → exception; undefined for an empty line. */
export function compilePattern(raw: string): CompiledPattern | undefined {
  let p = raw.trim();
  if (p === '') return undefined;
  p = cleanPath(p);
  let exclusion = false;
  if (p[0] === '!') {
    if (p.length === 1) return { exclusion: true, pattern: '', test: () => false, error: 'a lone `!` is rejected by Docker' };
    exclusion = true;
    p = p.slice(1);
  }
  let compiled: ReturnType<typeof compileBody> | undefined;
  const lazy = () => (compiled ??= compileBody(p));
  return {
    exclusion,
    pattern: p,
    test: (path) => lazy().test(path),
    get error() {
      return lazy().error;
    },
  };
}

/** Anything that carries a pattern: a string as in `.dockerignore` (`!` kept) or a parsed entry. */
export type PatternSource = string | { negated: boolean; pattern: string };

const PROBE = '\u0000layerwise-probe';

/**
 * Docker's matcher for patterns in file order (the last matching one wins). Paths
 * are context-relative and `/`-separated; `./a`, `a/` and `/a` are cleaned first.
 */
export function createMatcher(patterns: readonly PatternSource[]): Matcher {
  const compiled: CompiledPattern[] = [];
  for (const s of patterns) {
    const c = typeof s === 'string' ? compilePattern(s) : s.pattern === '' ? (s.negated ? compilePattern('!') : undefined) : compilePattern((s.negated ? '!' : '') + s.pattern);
    if (c) compiled.push(c);
  }
  // Per pattern: does it match this folder or one of its parents? Folders repeat across files.
  const parentMemo = compiled.map(() => new Map<string, boolean>());
  const matchesDirOrParent = (index: number, dir: string): boolean => {
    const memo = parentMemo[index];
    const known = memo.get(dir);
    if (known !== undefined) return known;
    const slash = dir.lastIndexOf('/');
    const result = (slash > 0 && matchesDirOrParent(index, dir.slice(0, slash))) || compiled[index].test(dir);
    memo.set(dir, result);
    return result;
  };
  const ignores = (relPath: string): boolean => {
    const file = cleanPath(relPath.replace(/^\/+/, ''));
    if (file === '.' || file === '') return false;
    const slash = file.lastIndexOf('/');
    const parent = slash > 0 ? file.slice(0, slash) : undefined;
    let matched = false;
    for (let i = 0; i < compiled.length; i++) {
      const p = compiled[i];
      // An inclusion cannot change a match, an exception cannot change a non-match.
      if (p.exclusion !== matched) continue;
      if (p.error !== undefined) continue;
      const match = p.test(file) || (parent !== undefined && matchesDirOrParent(i, parent));
      if (match) matched = !p.exclusion;
    }
    return matched;
  };
  return {
    ignores,
    ignoresDir(relDir) {
      const dir = cleanPath(relDir.replace(/^\/+/, ''));
      return ignores(dir) || ignores(`${dir}/${PROBE}`);
    },
    hasExceptions: compiled.some((c) => c.exclusion),
    invalid: compiled.filter((c) => c.error !== undefined).map((c) => (c.exclusion ? '!' : '') + c.pattern),
  };
}

/** The matcher for an ignore file's text (or none: everything is sent), cached by text. */
const byText = new Map<string, Matcher>();
export function matcherForText(text: string | undefined): Matcher {
  const key = text ?? '';
  let m = byText.get(key);
  if (!m) {
    m = createMatcher(readPatterns(key));
    if (byText.size > 64) byText.clear();
    byText.set(key, m);
  }
  return m;
}

/**
 * Whether Docker sends a context-relative path, given the text of the ignore file
 * that applies to the build (`workspace.ignoreFileFor(build)`, read through
 * `ctx.files`; undefined when there is none). For the Dockerfile-side rules.
 */
export function isSent(ignoreText: string | undefined, relPath: string): boolean {
  return !matcherForText(ignoreText).ignores(relPath);
}

/** The matcher of a parsed ignore file, built once per model. */
const byModel = new WeakMap<DockerignoreModel, Matcher>();
export function matcherOf(model: DockerignoreModel): Matcher {
  let m = byModel.get(model);
  if (!m) byModel.set(model, (m = createMatcher(model.entries)));
  return m;
}

/** `dockerPattern` re-exported for callers that build patterns (fixes). */
export { dockerPattern };
