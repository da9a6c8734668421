/**
 * Runs a `docker buildx build|bake --progress=rawjson` in a cancellable notification
 * ("step i of n, k cached"): rawjson objects feed the progress, each finished step and
 * everything else buildx prints go to the "Layerwise Build" log. Cancelling kills the
 * CLI's whole process group (runTool).
 */
import * as vscode from 'vscode';
import type { ToolRun } from '../docker/exec';
import { BuildProgress, RawJsonParser, type BuildStep } from '../docker/rawjson';
import { buildLog, dockerPath, run } from './dockerContext';
import { seconds } from '../docker/buildHistory';
import { plainLines } from './plan';

/** Logs each step once it completes: its name, `CACHED` or its time, and its output. */
function stepLogger(log: vscode.OutputChannel): (steps: BuildStep[]) => void {
  const done = new Set<string>();
  return (steps) => {
    for (const s of steps) {
      if (done.has(s.digest) || (s.completed === undefined && !s.error)) continue;
      done.add(s.digest);
      const time = s.cached ? 'CACHED' : s.started !== undefined && s.completed !== undefined ? seconds(s.completed - s.started) : '';
      log.appendLine(`${s.name}  ${time}`);
      if (s.logs) log.append(s.logs.endsWith('\n') ? s.logs : `${s.logs}\n`);
      if (s.error) log.appendLine(`  ERROR: ${s.error}`);
    }
  };
}

export async function runBuildx(title: string, args: readonly string[], cwd: string): Promise<{ result: ToolRun; progress: BuildProgress }> {
  const log = buildLog();
  const parser = new RawJsonParser();
  const progress = new BuildProgress();
  const logSteps = stepLogger(log);
  let leftover = '';
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (report, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return await run(dockerPath(), args, {
        cwd,
        signal: abort.signal,
        logStderr: false,
        onStdout: (chunk) => log.append(chunk),
        onStderr: (chunk) => {
          // Non-JSON lines (warnings, "ERROR: failed to solve: …") are worth keeping in the log.
          const text = leftover + chunk;
          const cut = text.lastIndexOf('\n');
          leftover = cut < 0 ? text : text.slice(cut + 1);
          if (cut >= 0) for (const line of plainLines(text.slice(0, cut))) log.appendLine(line);
          for (const status of parser.push(chunk)) progress.update(status);
          logSteps(progress.steps());
          const s = progress.summary();
          report.report({ message: `step ${s.done} of ${s.total}, ${s.cached} cached` });
        },
      });
    } finally {
      sub.dispose();
    }
  });
  for (const line of plainLines(leftover)) log.appendLine(line);
  logSteps(progress.steps());
  return { result, progress };
}
