/**
 * Bad input gets findings or none: never an exception, never a hang. Every rule
 * runs (a throwing rule would be reported through onRuleError and fail here).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engine, fixAll, parseConfig } from '../../rules';
import { KNOWN_RULE_IDS } from '../../rules/node/configFile';

function lintAll(text: string, path = '/p/Dockerfile', withFixAll = true) {
  const errors: string[] = [];
  const res = engine.lint('dockerfile', text, path, { onRuleError: (id, e) => errors.push(`${id}: ${e instanceof Error ? e.stack : e}`) });
  assert.equal(errors.join('\n'), '', 'no rule may throw');
  assert.ok(res);
  if (!withFixAll) return res.findings;
  const fixed = fixAll(engine, 'dockerfile', text, path, { unsafe: true, onRuleError: (id, e) => errors.push(`${id}: ${e}`) });
  assert.equal(errors.join('\n'), '', 'no rule may throw during fix-all');
  assert.equal(typeof fixed.text, 'string');
  return res.findings;
}

const invalidUtf8 = new TextDecoder('utf-8').decode(Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0xc3, 0x28, 0xff, 0xfe, 0x0a, 0x52, 0x55, 0x4e, 0x20, 0xe2, 0x82]));

const cases: Record<string, string> = {
  empty: '',
  'only newlines': '\n\n\n',
  'binary bytes': String.fromCharCode(...Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)),
  'NUL bytes': 'FROM alpine\0\0\nRUN \0 apk add x\n',
  'unterminated heredoc': 'FROM alpine\nRUN <<EOF\napk add curl\npip install x\n',
  'lone backslash': '\\',
  'backslash at end': 'FROM alpine\nRUN apk add \\',
  'invalid UTF-8': invalidUtf8,
  BOM: '\ufeffFROM node:22\nCOPY package*.json ./\nRUN npm install\n',
  'escape backtick': '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install `\n    -r req.txt\n',
  tabs: 'FROM\tpython:3.12\nRUN\tpip\tinstall\t-r\treq.txt\n',
  CRLF: 'FROM node:22\r\nCOPY package*.json ./\r\nRUN npm install \\\r\n  --omit=dev\r\n',
  'unclosed quotes': 'FROM alpine\nRUN echo "unclosed && pip install x \'\n',
  'unclosed substitution': 'FROM alpine\nRUN echo $(pip install x ${A\n',
  'flags without values': 'FROM alpine\nRUN --mount --mount= --mount=type= --mount=,,, pip install x\n',
  'instructions without args': 'FROM\nRUN\nCOPY\nUSER\nWORKDIR\nENV\nARG\n',
  'ARG cycles': 'ARG A=${B}\nARG B=${A}\nFROM img:${A}\nRUN pip install x\n',
  'deep nesting': 'FROM alpine\nRUN ' + '$('.repeat(3000) + 'x' + ')'.repeat(3000) + '\n',
  'redirect soup': 'FROM alpine\nRUN ' + '<'.repeat(5000) + '>'.repeat(5000) + '\n',
  'huge line': 'FROM alpine\nRUN pip install ' + 'a'.repeat(200_000) + ' && npm install\n',
  'many stages': Array.from({ length: 300 }, (_, i) => `FROM alpine AS s${i}\nCOPY --from=s${Math.max(0, i - 1)} / /\nRUN pip install x`).join('\n'),
  'JSON form broken': 'FROM alpine\nRUN ["pip", "install", \nCMD [\n',
};

for (const [name, text] of Object.entries(cases)) {
  test(`bad input: ${name}`, { timeout: 20_000 }, () => {
    lintAll(text);
  });
}

const block = 'FROM python:3.12\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt && npm install\n';

// Time limits here only catch runaway work; speed itself is measured by `npm run bench`.
test('bad input: 5 MB of text is linted', { timeout: 120_000 }, () => {
  lintAll(block.repeat(Math.ceil((5 * 1024 * 1024) / block.length)), '/p/Dockerfile', false);
});

test('bad input: fix-all over 300 KB of problems settles', { timeout: 120_000 }, () => {
  lintAll(block.repeat(Math.ceil((300 * 1024) / block.length)));
});

test('invalid YAML in .layerwise.yaml gives a problem with a position, not an exception', () => {
  const r = parseConfig('rules:\n  npm-ci-preferred: [warning\n  bad: : :\n', KNOWN_RULE_IDS);
  assert.ok(r.problems.length > 0);
  assert.ok(r.problems.every((p) => p.range.start.line >= 0));
  assert.deepEqual(r.config.rules, {});
});

test('a rule that throws is skipped and reported; the others still run', () => {
  const { createEngine } = require('../../rules/core/engine') as typeof import('../../rules/core/engine');
  const { dockerfileSupport } = require('../../rules/dockerfile/support') as typeof import('../../rules/dockerfile/support');
  const { dockerfileRule } = require('../../rules/dockerfile/rule') as typeof import('../../rules/dockerfile/rule');
  const boom = dockerfileRule({ id: 'boom', title: 'throws', severity: 'error', plan: '-' }, () => {
    throw new Error('kaboom');
  });
  const fine = dockerfileRule({ id: 'fine', title: 'reports', severity: 'info', plan: '-' }, (ctx) => ctx.report({ start: 0, end: 4, message: 'ok' }));
  const e = createEngine([boom, fine], [dockerfileSupport]);
  const errors: string[] = [];
  const res = e.lint('dockerfile', 'FROM alpine\n', '/p/Dockerfile', { onRuleError: (id, err) => errors.push(`${id}:${(err as Error).message}`) });
  assert.deepEqual(errors, ['boom:kaboom']);
  assert.deepEqual(res?.findings.map((f) => f.ruleId), ['fine']);
});
