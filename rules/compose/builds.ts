/**
 * The builds a Compose file declares: each service's `build:` in short form
 * (`build: ./dir`) or long form (context, dockerfile, target, args), its own or
 * through `extends`. Paths stay as
 * written; the workspace resolves them against the Compose file's folder.
 */
import { dirname } from 'node:path';
import type { DeclaredBuild } from '../workspace/types';
import type { ComposeModel, ComposeService } from './model';
import { entry, keyValueItems, scalarText, span, type Entry } from '../yaml/nodes';

/**
 * The `build:` a service uses: its own, or the one it `extends` from a service of the
 * same file (`extends: base` or `extends: { service: base }`; another file's service
 * is that file's to declare).
 */
function buildOf(model: ComposeModel, service: ComposeService, depth = 0): Entry | undefined {
  const own = service.get('build');
  if (own || depth > 8) return own;
  const ext = service.get('extends');
  if (!ext || entry(ext.value, 'file')) return undefined;
  const name = scalarText(ext.value) ?? scalarText(entry(ext.value, 'service')?.value);
  const base = model.services.find((s) => s.name === name && s !== service);
  return base ? buildOf(model, base, depth + 1) : undefined;
}

export function composeBuilds(model: ComposeModel): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  const baseDir = dirname(model.path);
  for (const service of model.services) {
    const build = buildOf(model, service);
    if (!build) continue;
    const short = scalarText(build.value);
    const r = span(build.key);
    const range = r ? model.lines.range(r[0], span(build.value)?.[1] ?? r[1]) : undefined;
    const declared: DeclaredBuild = { origin: 'compose', file: model.path, baseDir, dockerfileRelativeTo: 'context', args: {}, name: service.name, range };
    if (short !== undefined) declared.context = short;
    else {
      // `dockerfile_inline` has no file to look at.
      if (entry(build.value, 'dockerfile_inline')) continue;
      declared.context = scalarText(entry(build.value, 'context')?.value);
      declared.dockerfile = scalarText(entry(build.value, 'dockerfile')?.value);
      declared.target = scalarText(entry(build.value, 'target')?.value);
      for (const item of keyValueItems(entry(build.value, 'args')?.value ?? null, model.text)) {
        if (item.value !== undefined) declared.args[item.name] = item.value;
      }
    }
    out.push(declared);
  }
  return out;
}
