/**
 * An exception (`!…`) or an explicit path that matches nothing in the contexts the
 * file serves: usually a path that was renamed, so the exclusion (or the exception)
 * silently stopped working. Judged only on complete listings; entries people keep
 * defensively (`.git`, `node_modules`, `.env`, `*.log`…) are never reported.
 */
import { SKIPPED_DIRECTORIES } from '../../core/classify';
import { dockerignoreRule } from '../rule';
import { compilePattern } from '../matcher';
import { DEFENSIVE_NAMES } from '../knowledge/sendables';
import { servedContexts } from '../served';
import { looksCommented } from '../model';

/** Wildcards and escapes: such a pattern names a family of paths, not one path. */
const WILDCARD = /[*?[\\]/;

export const dockerignoreDeadPattern = dockerignoreRule(
  { id: 'dockerignore-dead-pattern', title: 'Remove patterns that match nothing', severity: 'info', plan: '§2.2', fix: 'unsafe' },
  (ctx) => {
    if (!ctx.workspace) return;
    const served = servedContexts(ctx.workspace, ctx.model.path);
    // Absence proves something only when every listing is complete.
    if (!served.length || served.some((s) => s.listing.truncated)) return;
    const { model } = ctx;
    for (const e of model.entries) {
      if (e.pattern === '' || e.pattern === '.') continue;
      // A line with a comment in it matches nothing for another reason, reported by dockerignore-inline-comment.
      if (looksCommented(e)) continue;
      if (!e.negated && WILDCARD.test(e.pattern)) continue;
      const segments = e.pattern.split('/');
      if (DEFENSIVE_NAMES.has(segments[segments.length - 1])) continue;
      // Inside a folder the workspace does not walk (node_modules, .git), absence proves nothing.
      if (segments.some((s) => SKIPPED_DIRECTORIES.has(s))) continue;
      const p = compilePattern(e.pattern);
      if (!p || p.error !== undefined) continue;
      // Every parent folder is listed, so a direct match on some listed path is a match.
      const matches = served.some((s) => s.listing.dirs.some((d) => p.test(d)) || s.listing.files.some((f) => p.test(f.path)));
      if (matches) continue;
      const where = served.length > 1 ? `any of the ${served.length} build contexts that use this file` : 'the build context';
      const message = e.negated
        ? `\`${e.text}\` brings back nothing: no path in ${where} matches \`${e.pattern}\` (renamed or removed?).`
        : `\`${e.text}\` matches nothing in ${where} (renamed or removed?), so it excludes nothing.`;
      const lineStart = model.lines.lineStarts[e.line];
      const next = e.line + 1 < model.lines.lineCount ? model.lines.lineStarts[e.line + 1] : model.lines.lineEnd(e.line);
      ctx.report({ start: e.start, end: e.end, message, fixes: [{ title: 'Remove the line', edits: [ctx.remove(lineStart, next)], safe: false }] });
    }
  },
);
