/**
 * The contexts this file serves hold, at any depth, things that should not be sent
 * (plan §2.2): VCS data, dependencies, caches, virtual environments, secrets, logs,
 * test output. Counted from the context listing; generated folders are judged from
 * the project kind too (a Python context will have `__pycache__`), so the editor and
 * CI agree whatever lies on one disk. Never proposes a path a COPY/ADD names.
 */
import { SKIPPED_DIRECTORIES } from '../../core/classify';
import { appendLinesEdit } from '../../core/text';
import { dockerignoreRule } from '../rule';
import { matcherOf } from '../matcher';
import { ENV_TEMPLATES, SENDABLES, isSendableName, projectKindsOf, sendableForPattern, type Sendable } from '../knowledge/sendables';
import { copyNeeds, copySources, servedContexts } from '../served';
import { humanBytes } from '../../workspace/context';

interface Tally {
  files: number;
  bytes: number;
  /** Paths of sent files (secrets are named one by one). */
  paths: string[];
  /** Folders the workspace did not walk (node_modules, .git) that are sent whole. */
  unwalked: number;
  /** Folders the project kind will write (not on this disk) that would be sent. */
  generatedIn: string[];
}

const DIR_ITEMS = new Map(SENDABLES.filter((s) => s.type === 'dir').map((s) => [s.name, s] as const));
const FILE_ITEMS = SENDABLES.filter((s) => s.type === 'file');

/** The outermost sendable a path is or lies in: `.venv/lib/x/__pycache__/a.pyc` is `.venv`'s. */
function sendableOf(path: string): Sendable | undefined {
  const segments = path.split('/');
  for (let i = 0; i < segments.length - 1; i++) {
    const s = DIR_ITEMS.get(segments[i]);
    if (s) return s;
  }
  const base = segments[segments.length - 1];
  return FILE_ITEMS.find((s) => isSendableName(s, base));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function describe(s: Sendable, t: Tally): string {
  const parts: string[] = [];
  if (t.files) {
    if (s.category === 'secrets') {
      const shown = t.paths.slice(0, 3).join(', ') + (t.paths.length > 3 ? ', …' : '');
      parts.push(`${shown} (${t.files === 1 ? 'a local file' : 'local files'}, ${humanBytes(t.bytes)})`);
    } else if (s.type === 'dir') parts.push(`${plural(t.files, 'file')} in ${s.name} (${humanBytes(t.bytes)})`);
    else parts.push(`${plural(t.files, `${s.name} file`)} (${humanBytes(t.bytes)})`);
  }
  if (t.unwalked) parts.push(t.unwalked === 1 ? `a ${s.name} folder` : `${t.unwalked} ${s.name} folders`);
  if (t.generatedIn.length) {
    const where = t.generatedIn.slice(0, 3).map((d) => (d === '' ? 'the root' : d)).join(', ') + (t.generatedIn.length > 3 ? ', …' : '');
    const kind = s.generatedBy === 'python' ? 'Python writes' : 'npm installs';
    parts.push(`${s.name} folders (${kind} them beside the code: ${where})`);
  }
  return parts.join(', ');
}

export const dockerignoreIncomplete = dockerignoreRule(
  { id: 'dockerignore-incomplete', title: 'Exclude caches, dependencies and secrets from the build context', severity: 'warning', plan: '§2.2', fix: 'unsafe' },
  (ctx) => {
    if (!ctx.workspace) return;
    const served = servedContexts(ctx.workspace, ctx.model.path);
    if (!served.length) return;
    const matcher = matcherOf(ctx.model);
    const tallies = new Map<Sendable, Tally>();
    const tally = (s: Sendable) => {
      let t = tallies.get(s);
      if (!t) tallies.set(s, (t = { files: 0, bytes: 0, paths: [], unwalked: 0, generatedIn: [] }));
      return t;
    };
    const templatesSent = new Set<string>();
    // What the file already names with a root-only pattern (`__pycache__/`) is dockerignore-root-only-pattern's to fix.
    const namedRootOnly = new Set(ctx.model.entries.filter((e) => !e.negated && !e.pattern.includes('/')).map((e) => sendableForPattern(e.pattern)).filter((x) => x !== undefined));
    for (const { builds, listing } of served) {
      // What the Dockerfiles COPY is never proposed; unreadable Dockerfiles: promise nothing.
      const sources = copySources(ctx.files, builds);
      if (!sources) continue;
      const wanted = (s: Sendable | undefined): s is Sendable => !!s && s.report && !namedRootOnly.has(s) && !copyNeeds(sources, s);
      for (const f of listing.files) {
        const s = sendableOf(f.path);
        if (!wanted(s)) {
          const base = f.path.slice(f.path.lastIndexOf('/') + 1);
          if (ENV_TEMPLATES.includes(base) && !matcher.ignores(f.path)) templatesSent.add(base);
          continue;
        }
        if (matcher.ignores(f.path)) continue;
        const t = tally(s);
        t.files++;
        t.bytes += f.size;
        t.paths.push(f.path);
      }
      for (const d of listing.dirs) {
        const name = d.slice(d.lastIndexOf('/') + 1);
        if (!SKIPPED_DIRECTORIES.has(name)) continue;
        const s = sendableOf(`${d}/x`);
        if (wanted(s) && !matcher.ignoresDir(d)) tally(s).unwalked++;
      }
      // Generated folders this disk may lack: one beside each folder of code.
      const kinds = projectKindsOf(listing.files);
      for (const s of SENDABLES) {
        if (!s.generatedBy || !kinds.has(s.generatedBy) || !wanted(s) || tallies.has(s)) continue;
        const marker = s.generatedBy === 'python' ? (p: string) => p.endsWith('.py') : (p: string) => p === 'package.json' || p.endsWith('/package.json');
        const dirs = new Set<string>();
        for (const f of listing.files) {
          if (!marker(f.path) || sendableOf(f.path)) continue;
          const dir = f.path.includes('/') ? f.path.slice(0, f.path.lastIndexOf('/')) : '';
          if (!matcher.ignores(`${dir ? dir + '/' : ''}${s.sample}/x`)) dirs.add(dir);
        }
        if (dirs.size) tally(s).generatedIn.push(...[...dirs].sort());
      }
    }
    if (!tallies.size) return;
    const items = [...tallies].sort((a, b) => SENDABLES.indexOf(a[0]) - SENDABLES.indexOf(b[0]));
    const files = items.reduce((n, [, t]) => n + t.files, 0);
    const bytes = items.reduce((n, [, t]) => n + t.bytes, 0);
    const patterns: string[] = [];
    for (const [s] of items) {
      patterns.push(s.pattern);
      // `**/.env.*` would take the committed templates too: keep sending the ones sent today.
      if (s.name === '.env.*') for (const t of [...templatesSent].sort()) patterns.push(`!**/${t}`);
    }
    const adds = files ? ` That adds ${plural(files, 'file')}, ${humanBytes(bytes)} to ${served.length > 1 ? `the ${served.length} build contexts` : 'the build context'}.` : '';
    const edit = appendLinesEdit(ctx.model.text, patterns);
    const first = ctx.model.entries[0];
    ctx.report({
      start: first ? first.start : 0,
      end: first ? first.end : ctx.model.lines.lineEnd(0),
      message: `This .dockerignore lets through ${items.map(([s, t]) => describe(s, t)).join('; ')}.${adds} Add ${patterns.map((p) => `\`${p}\``).join(', ')}.`,
      fixes: edit ? [{ title: 'Append the missing patterns', edits: [edit], safe: false }] : [],
    });
  },
);
