/**
 * Robustness sweep over the real-world corpus (../shared/corpus, when present):
 * every file is linted and fixed (safe and unsafe fixes); a thrown error, a rule
 * error or a fix that leaves the file still changing is a failure. Writes a table
 * of findings per rule with two sample hits each to test-results/sweep.md, so false
 * positives can be judged by reading. Exit 1 on any failure.
 *
 *   npm run sweep [-- <corpus dir>]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { engine, fixAll, type FileKind } from '../rules';

const corpus = resolve(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'corpus'));
if (!existsSync(corpus)) {
  console.log(`sweep: no corpus at ${corpus}; nothing to do`);
  process.exit(0);
}

const sets: { dir: string; kind: FileKind }[] = [
  { dir: join(corpus, 'dockerfiles'), kind: 'dockerfile' },
  { dir: join(corpus, 'compose'), kind: 'compose' },
];
const failures: string[] = [];
const perRule = new Map<string, { count: number; files: Set<string>; samples: string[] }>();
const times: number[] = [];
let files = 0;

for (const { dir, kind } of sets) {
  if (!existsSync(dir) || !engine.support(kind)) continue;
  for (const name of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const path = `/corpus/${name}`;
    const ruleErrors: string[] = [];
    const onRuleError = (id: string, e: unknown) => ruleErrors.push(`${id}: ${e instanceof Error ? e.message : String(e)}`);
    try {
      const t0 = performance.now();
      const result = engine.lint(kind, text, path, { onRuleError });
      times.push(performance.now() - t0);
      files++;
      for (const f of result?.findings ?? []) {
        let r = perRule.get(f.ruleId);
        if (!r) perRule.set(f.ruleId, (r = { count: 0, files: new Set(), samples: [] }));
        r.count++;
        r.files.add(name);
        if (r.samples.length < 2 && !r.samples.some((s) => s.startsWith(name))) {
          const line = text.split(/\r?\n/)[f.range.start.line]?.trim().slice(0, 120);
          r.samples.push(`${name}:${f.range.start.line + 1} \`${line}\` — ${f.message.slice(0, 160)}`);
        }
      }
      const fixed = fixAll(engine, kind, text, path, { unsafe: true, onRuleError });
      const again = fixAll(engine, kind, fixed.text, path, { unsafe: true, onRuleError, maxPasses: 1 });
      if (again.text !== fixed.text) failures.push(`${name}: fix-all did not settle`);
    } catch (e) {
      failures.push(`${name}: threw ${e instanceof Error ? e.stack : String(e)}`);
    }
    ruleErrors.forEach((e) => failures.push(`${name}: rule error ${e}`));
  }
}

times.sort((a, b) => a - b);
const pct = (p: number) => (times.length ? times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2) : '-');
const rows = [...perRule].sort((a, b) => b[1].count - a[1].count);
const report = [
  `# Corpus sweep`,
  '',
  `${files} files linted and fixed; lint time per file p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms (in-process, after warm-up of the first file).`,
  `Failures: ${failures.length}`,
  ...failures.map((f) => `- ${f}`),
  '',
  '| Rule | Findings | Files | Samples |',
  '| --- | --- | --- | --- |',
  ...rows.map(([id, r]) => `| ${id} | ${r.count} | ${r.files.size} | ${r.samples.join('<br>').replace(/\|/g, '\\|')} |`),
  '',
].join('\n');
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/sweep.md', report);
console.log(rows.map(([id, r]) => `${id.padEnd(28)} ${String(r.count).padStart(6)} findings in ${r.files.size} files`).join('\n'));
console.log(`sweep: ${files} files, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms; ${failures.length} failures; report in test-results/sweep.md`);
if (failures.length) {
  console.error(failures.slice(0, 20).join('\n'));
  process.exit(1);
}
