/**
 * Bench (e): extension activation time as VS Code itself measures it (code loading +
 * the activate call + the promise it returns), read from "Developer: Show Running
 * Extensions" in a real workbench: the e2e harness's code-server with the packaged
 * .vsix on the examples/ workspace (activation by `workspaceContains`). Each run is a
 * fresh workbench; the median is reported. Needs `npm run package` and the e2e tools
 * (scripts/e2e/setup.sh, cached after its first run): otherwise says why it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from './measure';

/** Ours, and for scale the other extensions that activated at startup in the same windows (their medians). */
export type ActivationBench = { runs: number[]; median: number; label: string; others: { name: string; median: number }[] } | { skip: string };

const root = resolve(__dirname, '..');

/** The e2e tools' paths from setup.sh's `NAME=value` lines (installs them on first use). */
function e2eTools(): string | undefined {
  if (process.env.LAYERWISE_E2E_NODE && process.env.LAYERWISE_E2E_CODE_SERVER_ENTRY && process.env.LAYERWISE_E2E_CHROMIUM) return undefined;
  const r = spawnSync('bash', [join(root, 'scripts/e2e/setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 });
  if (r.status !== 0) return `scripts/e2e/setup.sh failed (${r.status ?? r.signal})`;
  for (const line of r.stdout.split('\n')) {
    const m = /^(LAYERWISE_E2E_\w+)=(.*)$/.exec(line.trim());
    // %q quoting of plain paths is the path itself.
    if (m) process.env[m[1]] = m[2].replace(/\\(.)/g, '$1');
  }
  return undefined;
}

/** `Activation: 42ms`, `Startup Activation: 42ms` as the Running Extensions editor shows it. */
export function activationMs(rowText: string): number | undefined {
  const m = /Activation:\s*([\d,.]+)\s*ms/i.exec(rowText);
  return m ? Number(m[1].replace(/,/g, '')) : undefined;
}

export async function benchActivation(runs = 3): Promise<ActivationBench> {
  const vsix = join(root, 'dist', 'layerwise.vsix');
  if (!existsSync(vsix)) return { skip: 'no dist/layerwise.vsix (npm run package)' };
  const why = e2eTools();
  if (why) return { skip: why };
  process.env.LAYERWISE_E2E_VSIX ??= vsix;
  // Loaded only now: the harness reads the tools' paths from the environment.
  const { Workbench, waitFor } = await import('../test/e2e/harness');
  const times: number[] = [];
  const others = new Map<string, number[]>();
  let label = '';
  for (let i = 0; i < runs; i++) {
    const wb = await Workbench.start();
    try {
      await waitFor('the language server to start', async () => /language server started/.test(wb.outputChannelLog()), 180_000);
      await wb.runCommand('Developer: Show Running Extensions');
      const row = wb.page.locator('.monaco-list-row', { hasText: 'Layerwise' }).filter({ hasText: /Activation/ });
      const text = await waitFor('Layerwise in Running Extensions with its activation time', async () => {
        const t = await row.first().innerText({ timeout: 1_000 }).catch(() => '');
        return activationMs(t) !== undefined ? t : false;
      }, 60_000);
      times.push(activationMs(text)!);
      label = /(\w+ )?Activation/.exec(text)?.[0] ?? label;
      for (const row of await wb.page.locator('.monaco-list-row', { hasText: 'Startup Activation' }).allInnerTexts()) {
        const name = row.split('\n')[0].trim();
        const ms = activationMs(row);
        if (name && name !== 'Layerwise' && ms !== undefined) others.set(name, [...(others.get(name) ?? []), ms]);
      }
    } finally {
      await wb.stop();
    }
  }
  const otherMedians = [...others].map(([name, ms]) => ({ name, median: median(ms) })).sort((a, b) => b.median - a.median);
  return { runs: times, median: median(times), label, others: otherMedians };
}

if (require.main === module) {
  void benchActivation(Number(process.argv[2] ?? 1)).then((r) => console.log(JSON.stringify(r)));
}
