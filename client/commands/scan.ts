/**
 * "Scan Image for Vulnerabilities": `trivy image --format json` on the image last built
 * from this Dockerfile; each finding on the instruction whose layer brought the
 * package (base-image findings on FROM), in the tree and as diagnostics.
 */
import * as vscode from 'vscode';
import { mapVulnerabilities, trivyArgs, vulnMessage } from '../docker/trivy';
import { dockerProblem } from '../docker/exec';
import { buildLog, chooseDockerfile, commandTarget, dockerfileModel, reportFailure, requireTrust, run, showError, trivyPath } from './dockerContext';
import type { HistoryStore } from './historyStore';
import { chooseImage, loadLayers } from './images';
import { diagnosticSeverity, type VulnerabilitiesTree } from '../views/vulnerabilities';

const INSTALL_URL = 'https://trivy.dev/latest/getting-started/installation/';

export interface ScanDeps {
  history: HistoryStore;
  tree: VulnerabilitiesTree;
  diagnostics: vscode.DiagnosticCollection;
}

export async function scanCommand(deps: ScanDeps, arg?: unknown): Promise<boolean> {
  if (!requireTrust('Scan Image for Vulnerabilities')) return false;
  const given = commandTarget(arg);
  const uri = await chooseDockerfile(given.uri, 'Dockerfile whose image to scan');
  if (!uri) return false;
  const image = await chooseImage(deps.history, uri.fsPath, 'scan');
  if (!image) return false;
  const { doc, model } = await dockerfileModel(uri);
  const layers = await loadLayers(image, model, (deps.history.targetOf(image) ?? { target: given.target }).target);
  if (!layers) return false;
  const severity = vscode.workspace.getConfiguration('layerwise').get<string[]>('scan.severity') ?? ['CRITICAL', 'HIGH'];
  let args: string[];
  try {
    args = trivyArgs(image, severity);
  } catch (e) {
    void vscode.window.showErrorMessage(`Layerwise: ${(e as Error).message}`);
    return false;
  }

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Scanning ${image} with Trivy`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await run(trivyPath(), args, { signal: abort.signal });
      } finally {
        sub.dispose();
      }
    },
  );
  const missing = dockerProblem(result, 'trivy');
  if (missing?.kind === 'trivy-missing') {
    const choice = await showError(`Layerwise: ${missing.message} (setting: \`layerwise.trivy.path\`, now "${trivyPath()}")`, ['How to Install']);
    if (choice === 'How to Install') void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    return false;
  }
  if (reportFailure(result, `Scanning ${image}`, 'trivy') || result.code !== 0) return false;

  let report: unknown;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    buildLog().appendLine(result.stdout.slice(0, 2000));
    void vscode.window.showErrorMessage('Layerwise: Trivy did not print a JSON report (see the "Layerwise Build" log).');
    return false;
  }
  // The shipped stage's FROM: the build's target, else the last stage.
  const target = (deps.history.targetOf(image) ?? { target: given.target }).target;
  const stage = (target && model.stages.find((st) => st.name === target.toLowerCase())) || model.stages[model.stages.length - 1];
  const fromLine = stage ? model.lines.positionAt(stage.from.start).line : undefined;
  const findings = mapVulnerabilities(report, layers.inspect, layers.rows, fromLine);
  deps.tree.show(uri, findings);
  deps.diagnostics.set(
    uri,
    findings.map((f) => {
      const line = Math.min(f.line, Math.max(0, doc.lineCount - 1));
      const d = new vscode.Diagnostic(doc.lineAt(line).range, vulnMessage(f), diagnosticSeverity(f.severity));
      d.source = 'layerwise-scan';
      d.code = f.id;
      return d;
    }),
  );
  const levels = severity.join(', ');
  if (findings.length === 0) void vscode.window.showInformationMessage(`Layerwise: no ${levels} vulnerabilities in ${image}.`);
  else {
    const fixable = findings.filter((f) => f.fixed).length;
    void vscode.window.showWarningMessage(`Layerwise: ${findings.length} ${levels} vulnerabilities in ${image} (${fixable} with a fixed version). See the Problems panel and the Vulnerabilities view.`);
  }
  return true;
}
