/**
 * A `#` that does not start the line is part of the pattern: Docker has no inline
 * comments, so `models/  # keep` is the pattern `models/  # keep` and `models/` is
 * sent. An indented `  # note` is likewise the pattern `# note`.
 */
import { dockerignoreRule } from '../rule';
import { INLINE_COMMENT as INLINE } from '../model';


export const dockerignoreInlineComment = dockerignoreRule(
  { id: 'dockerignore-inline-comment', title: 'Put comments on their own line', severity: 'warning', plan: '§2.2', fix: 'safe' },
  (ctx) => {
    const { model } = ctx;
    const eol = model.lines.eol;
    for (const e of model.entries) {
      const lineStart = model.lines.lineStarts[e.line];
      if (e.text.startsWith('#')) {
        ctx.report({
          start: lineStart,
          end: e.end,
          message: `Docker reads \`#\` as a comment only in the first column: this indented line is the pattern \`${e.text}\`. Start the line with \`#\`.`,
          fixes: [{ title: 'Move the comment to the first column', edits: [ctx.remove(lineStart, e.start)], safe: true }],
        });
        continue;
      }
      const m = INLINE.exec(e.text);
      if (!m) continue;
      const hash = e.start + m.index + 1;
      const pattern = e.text.slice(0, m.index).trimEnd();
      const comment = model.text.slice(hash, e.end);
      const fixable = pattern !== '!';
      ctx.report({
        start: hash,
        end: e.end,
        message: `Docker has no inline comments: this line is the pattern \`${e.text}\`, which matches nothing, so \`${pattern}\` is not applied. Put \`${comment}\` on its own line.`,
        fixes: fixable ? [{ title: 'Move the comment to its own line above', edits: [ctx.replace(lineStart, e.end, `${comment}${eol}${pattern}`)], safe: true }] : [],
      });
    }
  },
);
