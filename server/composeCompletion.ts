/**
 * Completion inside a Compose service's `build:`: the stages of its Dockerfile for
 * `target`, and folders/files for `context` and `dockerfile`, so references are
 * right when written (compose-build-reference checks them afterwards).
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import type { ComposeModel } from '../rules/compose/model';
import type { DiskEntry } from '../rules/workspace/index';
import { parseDockerfileCached } from '../rules/workspace/crossFile';
import { entry, scalarText, span } from '../rules/yaml/nodes';

export interface CompletionDisk {
  read(path: string): string | undefined;
  entries(dir: string): DiskEntry[] | undefined;
}

/** The build key whose value the cursor is in (or right after `key:` on its line). */
function buildKeyAt(model: ComposeModel, offset: number): { service: ComposeModel['services'][number]; key: 'target' | 'context' | 'dockerfile'; typed: string } | undefined {
  const line = model.lines.positionAt(offset).line;
  for (const service of model.services) {
    const build = service.get('build');
    if (!build) continue;
    for (const key of ['target', 'context', 'dockerfile'] as const) {
      const e = entry(build.value, key);
      const k = span(e?.key);
      if (!e || !k || model.lines.positionAt(k[0]).line !== line || offset <= k[1]) continue;
      const v = span(e.value);
      const typed = v && offset >= v[0] && offset <= v[1] ? model.text.slice(v[0], offset) : '';
      return { service, key, typed };
    }
  }
  return undefined;
}

export function composeBuildCompletion(model: ComposeModel, position: Position, disk: CompletionDisk): CompletionItem[] {
  const found = buildKeyAt(model, model.lines.offsetAt(position));
  if (!found) return [];
  const build = found.service.get('build')!;
  const baseDir = dirname(model.path);
  const context = resolve(baseDir, scalarText(entry(build.value, 'context')?.value) ?? '.');
  if (found.key === 'target') {
    const file = scalarText(entry(build.value, 'dockerfile')?.value) ?? 'Dockerfile';
    const path = isAbsolute(file) ? file : join(context, file);
    const text = disk.read(path);
    if (text === undefined) return [];
    return parseDockerfileCached(text, path)
      .stages.filter((s) => s.name)
      .map((s) => ({ label: s.name!, kind: CompletionItemKind.EnumMember, detail: `stage ${s.index + 1}: FROM ${s.image.raw}` }));
  }
  // Paths: complete the segment being typed inside the folder typed so far.
  const typedDir = found.typed.includes('/') ? found.typed.slice(0, found.typed.lastIndexOf('/') + 1) : '';
  const dir = resolve(found.key === 'context' ? baseDir : context, typedDir || '.');
  const entries = disk.entries(dir) ?? [];
  return entries
    .filter((e) => (found.key === 'context' ? e.dir : true) && !e.name.startsWith('.git'))
    .map((e) => ({ label: e.name + (e.dir ? '/' : ''), kind: e.dir ? CompletionItemKind.Folder : CompletionItemKind.File, insertText: e.name + (e.dir ? '/' : '') }));
}
