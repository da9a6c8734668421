// Bundles the extension client, the language server and the CLI with esbuild.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  external: ['vscode'],
};

// The Docker command handlers are a bundle of their own, required on first use
// (client/commands/index.ts): activation compiles only the client and the language client.
const entries = [
  ['client/extension.ts', 'dist/client.js', ['./handlers']],
  ['client/commands/handlers.ts', 'dist/handlers.js'],
  ['server/server.ts', 'dist/server.js'],
  ['server/cli.ts', 'dist/cli.js'],
];
// Wait for every bundle before exiting, so a failure in one never leaves another half-written.
const results = await Promise.allSettled(entries.map(([entry, outfile, external]) => build({ ...common, entryPoints: [entry], outfile, external: [...common.external, ...(external ?? [])] })));
const failed = results.filter((r) => r.status === 'rejected');
if (failed.length) {
  for (const f of failed) console.error(f.reason?.message ?? f.reason);
  process.exit(1);
}
