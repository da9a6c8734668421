/**
 * The builds a Compose file declares: each service's `build:` in short form
 * (`build: ./dir`) or long form (context, dockerfile, target, args). Paths stay as
 * written; the workspace resolves them against the Compose file's folder.
 */
import { dirname } from 'node:path';
import type { DeclaredBuild } from '../workspace/types';
import type { ComposeModel } from './model';
import { entry, keyValueItems, scalarText, span } from '../yaml/nodes';

export function composeBuilds(model: ComposeModel): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  const baseDir = dirname(model.path);
  for (const service of model.services) {
    const build = service.get('build');
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
