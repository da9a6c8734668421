/**
 * Scan results: the "Vulnerabilities" tree (severity → package → vulnerability, a
 * click revealing the Dockerfile line) and the 'layerwise-scan' diagnostics.
 */
import * as vscode from 'vscode';
import { vulnMessage, type VulnFinding } from '../docker/trivy';

const ORDER = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

export type VulnNode =
  | { kind: 'severity'; severity: string; findings: VulnFinding[] }
  | { kind: 'package'; pkg: string; installed: string; findings: VulnFinding[] }
  | { kind: 'vuln'; finding: VulnFinding };

function severityRank(s: string): number {
  const i = ORDER.indexOf(s.toUpperCase());
  return i < 0 ? ORDER.length : i;
}

export function diagnosticSeverity(s: string): vscode.DiagnosticSeverity {
  const rank = severityRank(s);
  return rank <= 1 ? vscode.DiagnosticSeverity.Error : rank === 2 ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
}

export class VulnerabilitiesTree implements vscode.TreeDataProvider<VulnNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private findings: VulnFinding[] = [];
  private uri: vscode.Uri | undefined;

  show(uri: vscode.Uri | undefined, findings: VulnFinding[]): void {
    this.uri = uri;
    this.findings = findings;
    void vscode.commands.executeCommand('setContext', 'layerwise.hasVulnerabilities', findings.length > 0);
    this.changed.fire();
  }

  getChildren(node?: VulnNode): VulnNode[] {
    if (!node) {
      const bySeverity = group(this.findings, (f) => f.severity.toUpperCase());
      return [...bySeverity].sort((a, b) => severityRank(a[0]) - severityRank(b[0])).map(([severity, findings]) => ({ kind: 'severity', severity, findings }));
    }
    if (node.kind === 'severity') {
      const byPkg = group(node.findings, (f) => `${f.pkg}\u0000${f.installed}`);
      return [...byPkg].sort((a, b) => a[0].localeCompare(b[0])).map(([, findings]) => ({ kind: 'package', pkg: findings[0].pkg, installed: findings[0].installed, findings }));
    }
    if (node.kind === 'package') return node.findings.map((finding) => ({ kind: 'vuln', finding }));
    return [];
  }

  getTreeItem(node: VulnNode): vscode.TreeItem {
    if (node.kind === 'severity') {
      const item = new vscode.TreeItem(node.severity, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${node.findings.length}`;
      item.iconPath = new vscode.ThemeIcon(severityRank(node.severity) <= 1 ? 'error' : 'warning');
      return item;
    }
    if (node.kind === 'package') {
      const item = new vscode.TreeItem(node.pkg, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = `${node.installed} · ${node.findings.length}`;
      item.iconPath = new vscode.ThemeIcon('package');
      return item;
    }
    const f = node.finding;
    const item = new vscode.TreeItem(f.id);
    item.description = f.fixed ? `fixed in ${f.fixed}` : 'no fix yet';
    item.tooltip = vulnMessage(f);
    if (this.uri) item.command = { title: 'Reveal', command: 'vscode.open', arguments: [this.uri, { selection: new vscode.Range(f.line, 0, f.line, 0) }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
