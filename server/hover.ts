/**
 * Hover over a flagged range: the rule's docs page in short (title, why, the
 * bullets, a link), above the Dockerfile keyword docs from the language service
 * when language features are on.
 */
import { MarkupKind, type Hover, type MarkedString, type MarkupContent, type Position } from 'vscode-languageserver/node';
import type { Engine } from '../rules/core/engine';
import { comparePositions } from '../rules/core/text';
import type { Finding } from '../rules/core/types';
import { docsSummary } from './docs';

function contains(f: Finding, p: Position): boolean {
  return comparePositions(f.range.start, p) <= 0 && comparePositions(p, f.range.end) <= 0;
}

function markedToMarkdown(m: MarkedString): string {
  return typeof m === 'string' ? m : '```' + m.language + '\n' + m.value + '\n```';
}

function hoverMarkdown(contents: Hover['contents']): string {
  if (Array.isArray(contents)) return contents.map(markedToMarkdown).join('\n\n');
  if (typeof contents === 'object' && 'kind' in contents) return (contents as MarkupContent).value;
  return markedToMarkdown(contents as MarkedString);
}

export function computeHover(findings: readonly Finding[], position: Position, engine: Engine, serviceHover: Hover | null): Hover | null {
  const here = findings.filter((f) => contains(f, position));
  const ids = [...new Set(here.map((f) => f.ruleId))];
  const sections = ids.map((id) => docsSummary(id, engine.ruleById(id)?.meta.title));
  if (serviceHover) sections.push(hoverMarkdown(serviceHover.contents));
  if (sections.length === 0) return null;
  const contents: MarkupContent = { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') };
  const range = here[0]?.range ?? serviceHover?.range;
  return range ? { contents, range } : { contents };
}
