/** The server's pieces without a connection: analysis cache, rule errors, docs, settings, ignore globs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createEngine } from '../../rules/core/engine';
import { dockerfileSupport } from '../../rules/dockerfile/support';
import { dockerfileRule } from '../../rules/dockerfile/rule';
import { allRules, engine } from '../../rules/index';
import { DEFAULT_CONFIG } from '../../rules/core/config';
import { Analyzer } from '../../server/analysis';
import { ConfigCache } from '../../server/configCache';
import { DocumentCache, MAX_LINT_CHARS } from '../../server/documents';
import { docsHref, docsSummary } from '../../server/docs';
import { isIgnored } from '../../server/ignore';
import { WorkspaceFolders } from '../../server/paths';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../server/settings';

const npm = allRules.find((r) => r.meta.id === 'npm-ci-preferred')!;
const DOCKERFILE = 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm install\n';

function setup(rules = allRules) {
  const logs: string[] = [];
  const eng = createEngine(rules, [dockerfileSupport]);
  let parses = 0;
  const counting = { ...eng, parse: (...a: Parameters<typeof eng.parse>) => (parses++, eng.parse(...a)) };
  const cache = new DocumentCache(counting, (m) => logs.push(m));
  const analyzer = new Analyzer(cache, new ConfigCache(() => undefined), new WorkspaceFolders(), (m) => logs.push(m));
  return { logs, cache, analyzer, parses: () => parses };
}

test('a throwing rule is logged once and skipped; the others still report', () => {
  let calls = 0;
  const broken = dockerfileRule({ id: 'always-throws', title: 'x', severity: 'error', plan: '§0' }, () => {
    calls++;
    throw new Error('boom');
  });
  const { logs, analyzer } = setup([broken, npm]);
  const doc = TextDocument.create('untitled:Untitled-1', 'dockerfile', 1, DOCKERFILE);
  const a = analyzer.analyze(doc, DEFAULT_SETTINGS);
  assert.deepEqual(a.findings.map((f) => f.ruleId), ['npm-ci-preferred']);
  TextDocument.update(doc, [{ text: DOCKERFILE + '# more\n' }], 2);
  analyzer.analyze(doc, DEFAULT_SETTINGS);
  assert.equal(calls, 2);
  assert.equal(logs.filter((l) => l.includes('always-throws') && l.includes('boom')).length, 1, logs.join('\n'));
});

test('parses once per version and lints once per config', () => {
  const { analyzer, parses } = setup();
  const doc = TextDocument.create('untitled:Untitled-1', 'dockerfile', 1, DOCKERFILE);
  const a = analyzer.analyze(doc, DEFAULT_SETTINGS);
  const b = analyzer.analyze(doc, DEFAULT_SETTINGS);
  assert.equal(parses(), 1);
  assert.equal(a.findings, b.findings);
  const off = analyzer.analyze(doc, normalizeSettings({ rules: { 'npm-ci-preferred': 'off' } }));
  assert.equal(parses(), 1);
  assert.deepEqual(off.findings.filter((f) => f.ruleId === 'npm-ci-preferred'), []);
  TextDocument.update(doc, [{ text: DOCKERFILE }], 2);
  analyzer.analyze(doc, DEFAULT_SETTINGS);
  assert.equal(parses(), 2);
});

test('binary, oversized and non-Dockerfile documents are not parsed', () => {
  const { cache, parses, logs } = setup();
  assert.equal(cache.get(TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, 'FROM a\u0000\u0001')).skip, 'binary');
  assert.equal(cache.get(TextDocument.create('file:///w/Dockerfile', 'dockerfile', 2, 'x'.repeat(MAX_LINT_CHARS + 1))).skip, 'too-large');
  assert.equal(cache.get(TextDocument.create('file:///w/.dockerignore', 'ignore', 1, 'node_modules')).skip, 'unsupported');
  assert.equal(cache.get(TextDocument.create('file:///w/README.md', 'markdown', 1, '# hi')).skip, 'unsupported');
  assert.equal(parses(), 0);
  assert.equal(logs.length, 2);
});

test('config lookup stops at the workspace folder and tolerates a vanished folder', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cfg-')));
  try {
    fs.writeFileSync(path.join(root, '.layerwise.yaml'), 'rules:\n  npm-ci-preferred: "off"\n');
    fs.mkdirSync(path.join(root, 'ws', 'app'), { recursive: true });
    const loads: string[] = [];
    const configs = new ConfigCache((file) => loads.push(file));
    assert.equal(configs.forFile(path.join(root, 'ws', 'app', 'Dockerfile'), path.join(root, 'ws')).file, undefined);
    assert.equal(configs.forFile(path.join(root, 'ws', 'app', 'Dockerfile')).file, path.join(root, '.layerwise.yaml'));
    assert.equal(configs.forFile(path.join(root, 'ws', 'app', 'Dockerfile')).config.rules['npm-ci-preferred'].severity, 'off');
    assert.equal(loads.length, 1, 'read once');
    assert.equal(configs.forFile(path.join(root, 'nowhere', 'deeper', 'Dockerfile'), path.join(root, 'nowhere')).config, DEFAULT_CONFIG);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('ignore globs are relative to the config folder and cover folders', () => {
  const config = { ...DEFAULT_CONFIG, ignore: ['vendor/', 'legacy/**', '*.generated.dockerfile', './tools/Dockerfile'] };
  const cfg = path.resolve('/p/.layerwise.yaml');
  const ignored = (rel: string) => isIgnored(config, cfg, path.resolve('/p', rel));
  assert.ok(ignored('vendor/Dockerfile'));
  assert.ok(ignored('vendor/a/b/Dockerfile'));
  assert.ok(ignored('legacy/x/Dockerfile'));
  assert.ok(ignored('svc/app.generated.dockerfile'));
  assert.ok(ignored('tools/Dockerfile'));
  assert.ok(!ignored('Dockerfile'));
  assert.ok(!ignored('src/vendor.Dockerfile'));
  assert.ok(!ignored('tools/sub/Dockerfile'));
  assert.ok(!isIgnored(config, undefined, path.resolve('/p/vendor/Dockerfile')));
});

test('docs: shipped page as a file link, short hover text, web link when the page is missing', () => {
  const href = docsHref('npm-ci-preferred');
  assert.equal(href, pathToFileURL(path.resolve(__dirname, '../../rules/docs/npm-ci-preferred.md')).href);
  const summary = docsSummary('npm-ci-preferred');
  assert.match(summary, /^\*\*Use npm ci with a lockfile\*\* \(`npm-ci-preferred`\)/);
  assert.match(summary, /- Default severity: info/);
  assert.doesNotMatch(summary, /```/);
  assert.match(docsHref('no-such-rule'), /^https:\/\/.*no-such-rule\.md$/);
  assert.match(docsSummary('no-such-rule', 'Some title'), /Some title/);
});

test('settings: nested and dotted shapes, bad values fall back', () => {
  assert.deepEqual(normalizeSettings(undefined), DEFAULT_SETTINGS);
  const s = normalizeSettings({ enable: false, lintDelay: 99999, rules: { a: 'error', b: 'loud' }, 'languageFeatures.enable': false });
  assert.deepEqual(s, { enable: false, lintDelay: 5000, rules: { a: 'error' }, languageFeatures: { enable: false } });
  assert.equal(normalizeSettings({ lintDelay: 'soon', languageFeatures: { enable: 'yes' } }).lintDelay, 200);
  assert.equal(normalizeSettings({ languageFeatures: { enable: 'yes' } }).languageFeatures.enable, true);
  assert.ok(engine.ruleById('npm-ci-preferred'));
});
