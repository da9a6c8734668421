/**
 * `npm run test:vscode`: the extension-host suite (test/vscode/suite) in a VS Code that
 * @vscode/test-electron downloads. On a machine that cannot download VS Code (no
 * internet, or @vscode/test-electron not installed) it says so and runs nothing: it
 * prints a SKIPPED line and no pass count, and exits 0 — or 1 with
 * LAYERWISE_VSCODE_REQUIRED=1, for CI machines where a skip must not go unnoticed.
 * On Linux without a display run it under `xvfb-run -a`.
 *
 * Environment: VSCODE_VERSION (default `stable`; the manifest needs >= 1.91).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/** The part of @vscode/test-electron used here (typed locally: it is not a dependency). */
interface TestElectron {
  downloadAndUnzipVSCode(version?: string): Promise<string>;
  runTests(options: { vscodeExecutablePath: string; extensionDevelopmentPath: string; extensionTestsPath: string; launchArgs: string[] }): Promise<number>;
}

function skip(reason: string): never {
  console.log(`SKIPPED: cannot download VS Code here (${reason}). No extension-host test ran.`);
  process.exit(process.env.LAYERWISE_VSCODE_REQUIRED === '1' ? 1 : 0);
}

async function main(): Promise<number> {
  let testElectron: TestElectron;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    testElectron = require('@vscode/test-electron') as TestElectron;
  } catch {
    skip('@vscode/test-electron is not installed; `npm install --no-save @vscode/test-electron` where VS Code can be downloaded');
  }

  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await testElectron.downloadAndUnzipVSCode(process.env.VSCODE_VERSION ?? 'stable');
  } catch (e) {
    skip(`downloading VS Code failed: ${e instanceof Error ? e.message : String(e)}`);
  }

  // The extension under development runs from the repository: dist/ must be current.
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  const suite = path.join(ROOT, 'out', 'vscode-test', 'suite.js');
  await build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outfile: suite,
    logLevel: 'warning',
  });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-vscode-'));
  try {
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
    return await testElectron.runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: suite,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', path.join(tmp, 'user-data'),
        '--extensions-dir', path.join(tmp, 'extensions'),
      ],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
