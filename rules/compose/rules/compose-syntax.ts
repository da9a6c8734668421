import { composeRule } from '../rule';

/** A parser position that covers a character or none widens to the word there, so the squiggle is visible. */
function widen(text: string, start: number, end: number): number {
  if (end - start > 1) return end;
  let e = start;
  while (e < text.length && !/[\s:,[\]{}]/.test(text[e])) e++;
  return Math.max(end, e);
}

/** YAML syntax errors, at the parser's positions: Compose refuses the whole file. */
export default composeRule({ id: 'compose-syntax', title: 'Compose file must be valid YAML', severity: 'error', plan: '§4.1' }, (ctx) => {
  const { text } = ctx.model;
  for (const e of ctx.model.syntaxErrors) {
    ctx.report({ start: e.start, end: widen(text, e.start, e.end), message: `YAML syntax error: ${e.message}` });
  }
});
