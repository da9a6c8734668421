/**
 * The Compose Specification's JSON schema, on the file as Compose reads it
 * (anchors and merge keys resolved, `!reset` values removed). Problems point at
 * the key or value in the text; one inherited from an anchor is reported once,
 * where the anchor writes it.
 */
import { composeRule } from '../rule';
import { validateCompose, type SchemaProblem } from '../validate';
import { entry, seqItems, span, type YNode } from '../../yaml/nodes';
import type { ComposeModel } from '../model';

/** The node a problem's path leads to (as far as the path goes), and the key node of its last step. */
function locate(model: ComposeModel, path: SchemaProblem['path']): { node: YNode | null; key?: YNode } {
  let node: YNode | null = model.root;
  let key: YNode | undefined;
  for (const step of path) {
    if (typeof step === 'number') {
      const item = seqItems(node)[step];
      if (!item) break;
      node = item;
      key = undefined;
    } else {
      const e = entry(node, step);
      if (!e) break;
      node = e.value;
      key = e.key;
    }
  }
  return { node, key };
}

export default composeRule({ id: 'compose-schema', title: 'Follow the Compose Specification', severity: 'error', plan: '§4.1' }, (ctx) => {
  const { model } = ctx;
  // A file that is not YAML has its syntax errors; validating what the parser guessed adds noise.
  if (model.syntaxErrors.length) return;
  const value = model.plain();
  if (value === undefined) return;
  const seen = new Set<string>();
  for (const problem of validateCompose(value)) {
    const { node, key } = locate(model, problem.path);
    const target = problem.at === 'key' && key ? key : (node ?? key);
    const r = span(target) ?? [0, Math.min(model.text.length, model.lines.lineEnd(0))];
    // An anchor shared by five services has one mistake, not five.
    const id = `${r[0]}:${r[1]}:${problem.unknownKey ? 'k' : problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    ctx.report({
      start: r[0],
      end: r[1],
      message: problem.unknownKey ? `${problem.message} Compose rejects keys it does not know (unless this one is newer than the schema Layerwise ships).` : problem.message,
      // An unknown key may be newer than the bundled schema: a warning. A legacy file is
      // one fact about the whole file, said once as info.
      severity: problem.legacy ? 'info' : problem.unknownKey ? 'warning' : undefined,
    });
  }
});
