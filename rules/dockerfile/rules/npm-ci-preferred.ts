import { dockerfileRule } from '../rule';
import { ancestry, runCommands } from '../query';

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'];

/** True when a COPY/ADD of the stage (or its parents) brings a lockfile, by name or by a glob such as `package*.json`. */
function stageHasLockfile(instrs: { keyword: string; args: { value: string }[] }[]): boolean {
  for (const i of instrs) {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const sources = i.args.slice(0, -1).map((a) => a.value.replace(/\/+$/, ''));
    for (const src of sources) {
      const base = src.slice(src.lastIndexOf('/') + 1);
      if (LOCKFILES.includes(base) || base === 'package*.json' || base === '*.json' || base === '.' || base === '*') return true;
    }
  }
  return false;
}

export default dockerfileRule(
  { id: 'npm-ci-preferred', title: 'Use npm ci with a lockfile', severity: 'info', plan: '§1.3', fix: 'safe' },
  (ctx) => {
    for (const { instr, program, args } of runCommands(ctx.model)) {
      if (program !== 'npm' || !instr.stage) continue;
      const verb = args[0];
      if (!verb || (verb.value !== 'install' && verb.value !== 'i')) continue;
      // `npm install express` adds packages: `npm ci` cannot do that.
      if (args.slice(1).some((w) => !w.value.startsWith('-'))) continue;
      // `-g` installs tools, not the project's dependencies.
      if (args.some((w) => w.value === '-g' || w.value === '--global')) continue;
      // The lockfile may come from this stage or one it is built FROM.
      const before = ancestry(instr.stage).flatMap((s) => s.instructions.filter((i) => i.index < instr.index));
      if (!stageHasLockfile(before)) continue;
      ctx.report({
        start: verb.start,
        end: verb.end,
        message: '`npm install` may change package-lock.json and resolve other versions; `npm ci` installs exactly the lockfile and is faster in a build.',
        fixes: [{ title: 'Use `npm ci`', safe: true, edits: [ctx.replace(verb.start, verb.end, 'ci')] }],
      });
    }
  },
);
