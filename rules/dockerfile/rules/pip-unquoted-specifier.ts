/**
 * `pip install flask>=2.0` in a shell: `>=2.0` is a redirect, so pip installs any
 * flask and the shell writes a file named `=2.0` (with `<`, it reads one and fails).
 * The shell reader already splits it that way: the word `flask` and a redirect `>`
 * whose target `=2.0` starts right where the word ends.
 */
import { dockerfileRule } from '../rule';
import { runCommands } from '../query';
import type { Redirect, Word } from '../shell';
import { PIP_VALUE_OPTIONS, pythonInstaller } from '../knowledge/manifests';

/** Verbs that take requirement specifiers (`pip install`, `uv add`, `poetry add`, `conda install`...). */
const SPECIFIER_VERBS = new Set(['install', 'download', 'wheel', 'add', 'create', 'tool']);
const SPECIFIER_OPS = new Set(['>', '>>', '<']);

/** A redirect target that is a version, not a file: `=2.0`, `2`, `=${V}`. */
function looksLikeVersion(target: Word | undefined): boolean {
  if (!target || target.quoted) return false;
  const c = target.value[0];
  return c === '=' || c === '$' || (c >= '0' && c <= '9');
}

export default dockerfileRule(
  { id: 'pip-unquoted-specifier', title: 'Quote version specifiers in pip installs', severity: 'error', plan: '§1.1', fix: 'safe' },
  (ctx) => {
    const text = ctx.model.text;
    for (const { cmd } of runCommands(ctx.model)) {
      if (!cmd.redirects.length) continue;
      const inst = pythonInstaller(cmd);
      if (!inst || !SPECIFIER_VERBS.has(inst.verb)) continue;
      const redirects = [...cmd.redirects].sort((a, b) => a.start - b.start);
      const used = new Set<Redirect>();
      inst.args.forEach((word, i) => {
        const first = redirects.find((r) => r.start === word.end);
        if (!first || used.has(first) || !SPECIFIER_OPS.has(first.op) || !looksLikeVersion(first.target)) return;
        if (word.quoted || word.value.startsWith('-')) return;
        const prev = inst.args[i - 1];
        if (prev && PIP_VALUE_OPTIONS.has(prev.value)) return;
        // `flask>=2.0,<3`: the second redirect starts where the first one's target ends.
        let end = first.end;
        let last = first;
        used.add(first);
        for (const r of redirects) {
          if (r.start === end && SPECIFIER_OPS.has(r.op) && r.target && !r.target.quoted) {
            end = r.end;
            last = r;
            used.add(r);
          }
        }
        const spec = text.slice(word.start, end);
        const effect = first.op === '<'
          ? `reads a file named \`${first.target!.value}\` as input (the build fails when it is missing)`
          : `writes a stray file named \`${first.target!.value}\``;
        const quotable = !/["'`\\\r\n]/.test(spec) && !spec.includes(ctx.model.escape);
        ctx.report({
          start: word.start,
          end,
          message: `\`${spec}\` is not quoted: the shell takes \`${spec.slice(word.end - word.start)}\` as a redirect, so ${inst.display} gets \`${word.value}\` without its version constraint and the shell ${effect}. Quote it: "${spec}".`,
          fixes: quotable ? [{ title: `Quote "${spec}"`, safe: true, edits: [ctx.replace(word.start, last.end, `"${spec}"`)] }] : [],
        });
      });
    }
  },
);
