/**
 * Every rule's docs page exists, follows the format the hover and SARIF help read,
 * agrees with the rule's metadata, and its examples are true: the rule fires on
 * the Bad example and not on the Good one. The README's table is current.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, engine, parseConfig, type FileKind } from '../../rules';
import { memoryFiles } from '../helpers/ruleTester';
import { memoryDisk } from '../helpers/memoryDisk';
import { WorkspaceIndex } from '../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../rules/workspace/extractors';
import { renderRulesTable, TABLE_START, TABLE_END } from '../../scripts/rulesTable';

const root = join(__dirname, '..', '..');
const docsDir = join(root, 'rules', 'docs');

function section(md: string, heading: string): string | undefined {
  const start = md.indexOf(`\n## ${heading}\n`);
  if (start < 0) return undefined;
  const rest = md.slice(start + heading.length + 5);
  const next = rest.indexOf('\n## ');
  return next < 0 ? rest : rest.slice(0, next);
}

interface Example {
  /** The file the rule lints (the section's last block). */
  text: string;
  /** Its name when the block says `file=<name>`. */
  file?: string;
  /** Earlier blocks with `file=<name>`: other files of the workspace (an override's base). */
  others: Record<string, string>;
}

function example(text: string | undefined): Example | undefined {
  if (!text) return undefined;
  const blocks = [...text.matchAll(/```[a-z]*(?: file=(\S+))?\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1], text: m[2] + '\n' }));
  const last = blocks.pop();
  if (!last) return undefined;
  const others: Record<string, string> = {};
  for (const b of blocks) if (b.file) others[`/docs/${b.file}`] = b.text;
  return { text: last.text, file: last.file, others };
}

function bullet(md: string, name: string): string | undefined {
  const line = md.split('\n').find((l) => l.startsWith(`- ${name}:`));
  return line?.slice(name.length + 3).trim();
}

/** What each kind's examples are linted as. */
const DOCS_EXAMPLE_PATH: Record<FileKind, string> = {
  dockerfile: '/docs/Dockerfile',
  compose: '/docs/compose.yaml',
  dockerignore: '/docs/.dockerignore',
  workflow: '/docs/.github/workflows/build.yml',
  bake: '/docs/docker-bake.hcl',
};

for (const rule of allRules) {
  const { id } = rule.meta;
  test(`docs page of ${id} is complete and its examples are true`, () => {
    const md = readFileSync(join(docsDir, `${id}.md`), 'utf8');
    assert.equal(md.split('\n')[0], `# ${id}: ${rule.meta.title}`);
    assert.equal(bullet(md, 'Default severity'), rule.meta.severity);
    assert.equal(bullet(md, 'Plan'), rule.meta.plan);
    if (rule.meta.hadolint) assert.equal(bullet(md, 'hadolint'), rule.meta.hadolint.join(', '));
    const fix = bullet(md, 'Fix') ?? '';
    assert.ok(fix.startsWith(rule.meta.fix ?? 'none'), `Fix bullet "${fix}" should start with ${rule.meta.fix ?? 'none'}`);
    const bad = example(section(md, 'Bad'));
    const good = example(section(md, 'Good'));
    assert.ok(bad && good, 'needs ## Bad and ## Good with a fenced example each');
    const path = DOCS_EXAMPLE_PATH[rule.meta.kind];
    // A rule that needs settings shows them as a ```yaml `.layerwise.yaml` block under `## Options`.
    const yaml = /```yaml\n([\s\S]*?)\n```/.exec(section(md, 'Options') ?? '')?.[1];
    const config = yaml === undefined ? undefined : parseConfig(yaml, new Set(allRules.map((r) => r.meta.id))).config;
    const fired = (e: Example) => {
      const file = e.file ? `/docs/${e.file}` : path;
      const texts = { ...e.others, [file]: e.text };
      // The page's files are a workspace rooted at /docs (builds, what git ignores).
      const workspace = new WorkspaceIndex(memoryDisk(texts), ['/docs'], { extractors: BUILD_EXTRACTORS }).scan();
      return (engine.lint(rule.meta.kind, e.text, file, { config, files: memoryFiles(texts), workspace })?.findings ?? []).filter((f) => f.ruleId === id);
    };
    assert.ok(fired(bad).length > 0, `${id} must fire on its Bad example`);
    assert.deepEqual(fired(good).map((f) => f.message), [], `${id} must not fire on its Good example`);
    assert.ok(section(md, 'Fix'), 'needs a ## Fix section');
  });
}

test('every docs page belongs to a rule', () => {
  const ids = new Set(allRules.map((r) => r.meta.id));
  const orphans = readdirSync(docsDir).filter((f) => f.endsWith('.md') && !ids.has(f.slice(0, -3)));
  assert.deepEqual(orphans, []);
});

test('README rules table matches the rules metadata (run `npm run docs`)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'README.md needs the rules table markers');
  assert.equal(readme.slice(start, end + TABLE_END.length), renderRulesTable(allRules));
});
