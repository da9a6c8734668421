/**
 * Every snippet, expanded with its defaults, must lint clean under Layerwise's own
 * rules: a snippet that teaches the plan must not break it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { engine } from '../../rules';
import { expandSnippet } from '../helpers/snippets';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Fragments written for one family of base images; the rest are linted on Alpine. */
const FRAGMENT_BASE: Record<string, string> = { 'apt-get install with cache mounts': 'debian:bookworm-slim' };

const contributed: { language: string; path: string }[] = pkg.contributes.snippets ?? [];

test('every snippet file is contributed for its language', () => {
  const files = readdirSync(join(root, 'snippets')).filter((f) => f.endsWith('.json'));
  assert.ok(files.length > 0);
  assert.deepEqual(files.map((f) => `./snippets/${f}`).sort(), contributed.map((c) => c.path).sort());
});

test('snippet expansion follows VS Code syntax', () => {
  assert.equal(expandSnippet('a ${1:x${2:y}} $1 ${3|p,q|} \\$HOME $0 ${TM_FILENAME}'), 'a xy  p $HOME  ');
});

for (const { language, path } of contributed) {
  const kind = language === 'dockerfile' ? 'dockerfile' : language === 'dockercompose' ? 'compose' : undefined;
  const snippets: Record<string, { prefix: string; body: string[] | string; description: string }> = JSON.parse(readFileSync(join(root, path), 'utf8'));
  for (const [name, s] of Object.entries(snippets)) {
    test(`snippet "${name}" (${language}) lints clean`, () => {
      assert.ok(s.prefix && s.description, 'needs a prefix and a description');
      const body = Array.isArray(s.body) ? s.body.join('\n') : s.body;
      let text = expandSnippet(body) + '\n';
      // A fragment (a few instructions) is linted inside a minimal stage of the image
      // family it is written for, which ends as a non-root user like a finished image.
      if (kind === 'dockerfile' && !/^FROM /m.test(text)) text = `FROM ${FRAGMENT_BASE[name] ?? 'alpine:3.20'}\n${text}USER 10001\n`;
      // A service snippet is typed under `services:`; VS Code indents it to the cursor.
      if (kind === 'compose' && !/^(services|secrets):/.test(text)) text = `services:\n${text.replace(/^(?=.)/gm, '  ')}`;
      const res = kind ? engine.lint(kind, text, kind === 'dockerfile' ? '/snippet/Dockerfile' : '/snippet/compose.yaml') : undefined;
      const findings = (res?.findings ?? []).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.message}`);
      assert.deepEqual(findings, [], `expanded snippet:\n${text}`);
    });
  }
}
