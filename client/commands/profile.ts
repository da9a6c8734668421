/**
 * Suggest Resource Limits (`layerwise.profileResources`, plan §7.1): samples
 * `docker stats` of a Compose file's running services for a chosen time (progress
 * with cancel), then offers an edit setting each service's limits to the 90th
 * percentile plus 20 % and its memory reservation to the median, in the keys the file
 * already uses. The samples behind each number go to the log. Logic: client/docker/profile.ts.
 */
import * as vscode from 'vscode';
import { composeContainers, composeCpus, composeMemory, limitsEdits, parseStats, PS_ARGS, statsArgs, suggestLimits, type StatsSample } from '../docker/profile';
import { humanSize } from '../docker/layers';
import { buildLog, COMPOSE_GLOB, dockerPath, reportFailure, requireTrust, run } from './dockerContext';

const DURATIONS = [
  { label: '30 seconds', seconds: 30 },
  { label: '2 minutes', seconds: 120 },
  { label: '10 minutes', seconds: 600 },
];

async function chooseComposeFile(): Promise<vscode.TextDocument | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && /(^|[\\/])(docker-)?compose[^\\/]*\.ya?ml$/.test(active.fileName)) return active;
  const uris = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 50);
  if (!uris.length) {
    void vscode.window.showInformationMessage('Layerwise: no Compose file in this workspace.');
    return undefined;
  }
  const pick = uris.length === 1 ? { uri: uris[0] } : await vscode.window.showQuickPick(uris.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { placeHolder: 'Compose file whose running services to measure' });
  return pick ? vscode.workspace.openTextDocument(pick.uri) : undefined;
}

export async function profileResourcesCommand(): Promise<void> {
  if (!requireTrust('Suggest Resource Limits')) return;
  const doc = await chooseComposeFile();
  if (!doc) return;
  const ps = await run(dockerPath(), PS_ARGS, { logStderr: true, timeoutMs: 30_000 });
  if (reportFailure(ps, 'Listing containers')) return;
  const containers = composeContainers(ps.stdout, doc.uri.fsPath);
  if (!containers.length) {
    void vscode.window.showInformationMessage(`Layerwise: no running containers of ${vscode.workspace.asRelativePath(doc.uri)}. Start them (docker compose up -d) and put them under a realistic load, then measure.`);
    return;
  }
  const duration = await vscode.window.showQuickPick(DURATIONS, { placeHolder: `Sample ${containers.length} container(s) for how long? (under a realistic load)` });
  if (!duration) return;
  const samples: StatsSample[] = [];
  const cancelled = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Layerwise: measuring resource use', cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const until = Date.now() + duration.seconds * 1000;
    while (Date.now() < until && !token.isCancellationRequested) {
      // Each `docker stats --no-stream` call itself takes about a second: it is the sampling clock.
      const r = await run(dockerPath(), statsArgs(containers.map((c) => c.id)), { signal: abort.signal, logStderr: true, timeoutMs: 30_000 });
      if (r.cancelled) break;
      if (reportFailure(r, 'Sampling docker stats')) return true;
      samples.push(...parseStats(r.stdout));
      progress.report({ message: `${samples.length} samples, ${Math.max(0, Math.round((until - Date.now()) / 1000))} s left` });
    }
    return token.isCancellationRequested && samples.length === 0;
  });
  if (cancelled) return;
  const byService = new Map<string, StatsSample[]>();
  for (const c of containers) byService.set(c.service, [...(byService.get(c.service) ?? []), ...samples.filter((s) => c.id.startsWith(s.id) || s.id.startsWith(c.id))]);
  const suggestions = [...byService].map(([service, list]) => suggestLimits(service, list)).filter((s) => s !== undefined);
  if (!suggestions.length) {
    void vscode.window.showInformationMessage('Layerwise: no samples were taken; nothing to suggest.');
    return;
  }
  const log = buildLog();
  log.appendLine(`Resource use of ${vscode.workspace.asRelativePath(doc.uri)} (limits = 90th percentile + 20 %, memory reservation = median):`);
  for (const s of suggestions) {
    log.appendLine(`  ${s.service}: ${s.samples} samples; memory ${s.memSamples.map(humanSize).join(', ')}; CPU ${s.cpuSamples.map((c) => c.toFixed(2)).join(', ')}`);
    log.appendLine(`    → limits.memory ${composeMemory(s.memLimitBytes)}, reservations.memory ${composeMemory(s.memReservationBytes)}, limits.cpus ${composeCpus(s.cpus)}`);
  }
  const { edits, skipped } = limitsEdits(doc.getText(), doc.uri.fsPath, suggestions);
  const summary = suggestions.map((s) => `${s.service}: memory ${composeMemory(s.memLimitBytes)} (reserve ${composeMemory(s.memReservationBytes)}), cpus ${composeCpus(s.cpus)}`).join('; ');
  const skippedNote = skipped.length ? ` Not editable here (extends, a shared anchor): ${skipped.join(', ')}.` : '';
  const choice = await vscode.window.showInformationMessage(`Layerwise suggests ${summary}.${skippedNote}`, 'Apply to the Compose File', 'Show Samples');
  if (choice === 'Show Samples') log.show(true);
  if (choice !== 'Apply to the Compose File' || !edits.length) return;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  await vscode.workspace.applyEdit(edit);
}
