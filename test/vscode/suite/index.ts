/**
 * The extensionTestsPath module: VS Code's test host loads it in the extension host and
 * awaits `run()`; a rejection fails the run. Bundled by test/vscode/run.ts with esbuild.
 */
import './extension.suite';
import { runTests } from './runner';

export function run(): Promise<void> {
  return runTests();
}
