import { workflowRule } from '../rule';
import type { ActionRef } from '../model';

const SHA = /^[0-9a-f]{40}$/i;
/** `v3`, `v3.1`, `v3.1.0`, `1.2.3`, `v2.0.0-beta.1`: a release tag, not a branch. */
const VERSION = /^v?[0-9]+(?:\.[0-9]+){0,3}(?:[-+][0-9A-Za-z.-]+)?$/;
const BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'latest', 'head', 'stable', 'next', 'nightly', 'edge']);

export default workflowRule(
  { id: 'gha-action-unpinned', title: 'Pin actions to a release or commit', severity: 'warning', plan: '§3.1' },
  (ctx) => {
    const requireSha = ctx.options.requireSha === true;
    const check = (u: ActionRef | undefined, what: string) => {
      if (!u || u.kind !== 'action' || u.ref === undefined || u.ref.includes('${{')) return;
      const ref = u.ref;
      if (SHA.test(ref)) return;
      const start = u.refStart ?? u.start;
      const end = u.refEnd ?? u.end;
      const name = u.raw.slice(0, u.raw.lastIndexOf('@'));
      if (VERSION.test(ref)) {
        if (requireSha) ctx.report({ start, end, message: `${what} ${name} is pinned to the tag "${ref}", which its owner can move: this project requires full commit SHAs (\`${name}@<40-hex sha> # ${ref}\`).` });
        return;
      }
      const kind = BRANCHES.has(ref.toLowerCase()) || ref.includes('/') ? 'branch' : /^[0-9a-f]{7,39}$/i.test(ref) ? 'short commit SHA' : 'ref that is not a release tag';
      ctx.report({
        start,
        end,
        message: `${what} ${name} runs from the ${kind} "${ref}": whatever is pushed there next runs in this workflow with its secrets, and builds stop being reproducible. Pin a release tag or, better, a full commit SHA.`,
      });
    };
    for (const job of ctx.model.jobs) {
      check(job.uses, 'The reusable workflow');
      for (const step of job.steps) check(step.uses, 'The action');
    }
  },
);
