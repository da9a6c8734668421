/**
 * The per-workspace build history (plan §6.2) in `context.workspaceState`, and the
 * image each Dockerfile was last built as (what "Show Layer Sizes" and "Scan" look at).
 */
import * as vscode from 'vscode';
import { addRecord, type BuildRecord } from '../docker/buildHistory';

const KEY = 'layerwise.buildHistory';
const TARGETS = 'layerwise.buildTargets';

export class HistoryStore {
  constructor(private readonly state: vscode.Memento) {}

  records(): BuildRecord[] {
    return this.state.get<BuildRecord[]>(KEY) ?? [];
  }

  async add(r: BuildRecord, target?: string): Promise<void> {
    const size = vscode.workspace.getConfiguration('layerwise').get<number>('buildHistory.size') ?? 20;
    await this.state.update(KEY, addRecord(this.records(), r, Math.max(1, size)));
    if (r.ok) await this.state.update(TARGETS, { ...this.targets(), [r.tag]: target ?? '' });
  }

  /** The tag of the last successful build of this Dockerfile. */
  lastTag(dockerfile: string): string | undefined {
    const mine = this.records().filter((r) => r.ok && r.dockerfile === dockerfile);
    mine.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    return mine.at(-1)?.tag;
  }

  /** The stage a tag was built for: `{}` for the last stage, undefined when no build of it is recorded. */
  targetOf(tag: string): { target?: string } | undefined {
    const t = this.targets()[tag];
    return t === undefined ? undefined : { target: t || undefined };
  }

  private targets(): Record<string, string> {
    return this.state.get<Record<string, string>>(TARGETS) ?? {};
  }
}
