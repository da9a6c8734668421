/** The manifest's promises about trust: program-running commands only in trusted workspaces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface MenuEntry {
  command: string;
  when?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string; category?: string }[]; menus: Record<string, MenuEntry[]> };
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations: string[] } };
};
// Commands that run docker or trivy (Generate bake runs none but reads the workspace for builds).
const RUNS_PROGRAMS = ['layerwise.build', 'layerwise.showBuildHistory', 'layerwise.layers', 'layerwise.scan', 'layerwise.bake', 'layerwise.profileResources'];

test('every menu entry of a program-running command requires a trusted workspace', () => {
  const entries = Object.entries(manifest.contributes.menus).flatMap(([menu, list]) => list.map((e) => ({ menu, ...e })));
  for (const id of RUNS_PROGRAMS) {
    const mine = entries.filter((e) => e.command === id);
    assert.ok(mine.some((e) => e.menu === 'commandPalette'), `${id} has a command palette entry`);
    for (const e of mine) assert.match(e.when ?? '', /\bisWorkspaceTrusted\b/, `${id} in ${e.menu}: ${e.when}`);
  }
});

test('settings that name programs are restricted, and untrusted workspaces are supported in part', () => {
  const caps = manifest.capabilities.untrustedWorkspaces;
  assert.equal(caps.supported, 'limited');
  assert.deepEqual([...caps.restrictedConfigurations].sort(), ['layerwise.docker.path', 'layerwise.trivy.path']);
});

test('every command is in the Layerwise category', () => {
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Layerwise', c.command);
});
