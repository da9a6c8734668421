import { dockerfileRule } from '../rule';
import { ancestry, runCommands } from '../query';
import type { Instr, Stage } from '../model';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/** True when a COPY/ADD brings a lockfile, by name, by a glob such as `package*.json`, or with the whole context. */
function copiesLockfile(i: Instr): boolean {
  if (i.keyword !== 'COPY' && i.keyword !== 'ADD') return false;
  return i.args.slice(0, -1).some((a) => {
    const src = a.value.replace(/\/+$/, '');
    const base = src.slice(src.lastIndexOf('/') + 1);
    return LOCKFILES.includes(base) || base === 'package*.json' || base === '*.json' || base === '.' || base === '*';
  });
}

/** Index of the stage's first lockfile copy (Infinity when none), computed once per stage. */
function firstLockfileCopy(stage: Stage, memo: Map<Stage, number>): number {
  let idx = memo.get(stage);
  if (idx === undefined) {
    idx = stage.instructions.find(copiesLockfile)?.index ?? Infinity;
    memo.set(stage, idx);
  }
  return idx;
}

export default dockerfileRule(
  { id: 'npm-ci-preferred', title: 'Use npm ci with a lockfile', severity: 'info', plan: '§1.3', fix: 'safe' },
  (ctx) => {
    const memo = new Map<Stage, number>();
    for (const { instr, program, args } of runCommands(ctx.model)) {
      if (program !== 'npm' || !instr.stage) continue;
      const verb = args[0];
      if (!verb || (verb.value !== 'install' && verb.value !== 'i')) continue;
      // `npm install express` adds packages: `npm ci` cannot do that.
      if (args.slice(1).some((w) => !w.value.startsWith('-'))) continue;
      // `-g` installs tools, not the project's dependencies.
      if (args.some((w) => w.value === '-g' || w.value === '--global')) continue;
      // The lockfile may come from this stage or one it is built FROM.
      if (!ancestry(instr.stage).some((s) => firstLockfileCopy(s, memo) < instr.index)) continue;
      ctx.report({
        start: verb.start,
        end: verb.end,
        message: '`npm install` may change package-lock.json and resolve other versions; `npm ci` installs exactly the lockfile and is faster in a build.',
        fixes: [{ title: 'Use `npm ci`', safe: true, edits: [ctx.replace(verb.start, verb.end, 'ci')] }],
      });
    }
  },
);
