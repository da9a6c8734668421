/**
 * `npm run package` makes a .vsix with the bundles, docs, snippets and icon, and
 * no sources, tests or node_modules; its manifest is one VS Code 1.139 accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = join(__dirname, '..', '..');

/** Entries of a zip file, read from its central directory. */
function zipEntries(buf: Buffer): Map<string, () => Buffer> {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : Buffer.from(data);
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

test('npm run package builds a lean .vsix', { timeout: 240_000 }, () => {
  execFileSync('npm', ['run', 'package', '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const vsix = join(root, 'dist', 'layerwise.vsix');
  const entries = zipEntries(readFileSync(vsix));
  const names = [...entries.keys()];
  for (const needed of ['extension/dist/client.js', 'extension/dist/handlers.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/package.json', 'extension/images/icon.png', 'extension/readme.md', 'extension/rules/compose/schema/LICENSE', 'extension/rules/compose/schema/README.md']) {
    assert.ok(names.includes(needed), `missing ${needed}`);
  }
  const docs = readdirSync(join(root, 'rules', 'docs'));
  for (const d of docs) assert.ok(names.includes(`extension/rules/docs/${d}`), `missing docs page ${d}`);
  const snippets = readdirSync(join(root, 'snippets')).filter((f) => f.endsWith('.json'));
  for (const s of snippets) assert.ok(names.includes(`extension/snippets/${s}`), `missing snippet file ${s}`);
  const leaked = names.filter((n) => /node_modules\/|\.ts$|\.map$|^extension\/test\/|^extension\/(client|server|scripts|examples)\//.test(n));
  assert.deepEqual(leaked, []);
  assert.ok(statSync(vsix).size < 3 * 1024 * 1024, 'the .vsix should stay under 3 MB');

  const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
  const [major, minor] = String(manifest.engines.vscode).replace(/^[^0-9]*/, '').split('.').map(Number);
  assert.ok(major === 1 && minor <= 139, `engines.vscode ${manifest.engines.vscode} must not exceed 1.139 (code-server 4.139)`);
  assert.equal(manifest.main, './dist/client.js');
});
