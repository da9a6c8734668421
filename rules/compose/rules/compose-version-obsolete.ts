import { composeRule } from '../rule';
import { removePair } from '../../yaml/edit';
import { entry, span } from '../../yaml/nodes';

export default composeRule(
  { id: 'compose-version-obsolete', title: 'Remove the obsolete top-level version', severity: 'info', plan: '§4.1', fix: 'safe' },
  (ctx) => {
    const version = entry(ctx.model.root, 'version');
    if (!version || version.inherited || !ctx.model.root) return;
    const r = span(version.key);
    if (!r) return;
    const edit = removePair(ctx.model, ctx.model.root, version.pair);
    ctx.report({
      start: r[0],
      end: span(version.value)?.[1] ?? r[1],
      message: 'The top-level "version" is obsolete: Compose ignores it (and warns), and the file is read by the current Compose Specification whatever it says. Remove it.',
      fixes: edit ? [{ title: 'Remove "version"', safe: true, edits: [edit] }] : [],
    });
  },
);
