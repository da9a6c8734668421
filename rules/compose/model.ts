/**
 * The Compose model: one `yaml` parse per document version (nodes with offsets,
 * comments kept), YAML syntax errors with positions, and the services as Compose
 * reads them (anchors, merge keys, `!reset`). Rules ask the model, never the text.
 */
import { isMap, isScalar, isSeq, type Document, type Scalar, type ScalarTag, type CollectionTag } from 'yaml';
import type { ModelBase } from '../core/rule';
import type { SuppressionComment } from '../core/suppress';
import { parseYaml } from '../yaml/document';
import type { Plain } from '../yaml/edit';
import { deref, entries, entry, isEmptyNode, span, type Entry, type YNode } from '../yaml/nodes';

export interface ComposeService {
  name: string;
  key: Scalar;
  /** Offsets of the service's name, where "this service lacks X" findings point. */
  keyStart: number;
  keyEnd: number;
  /** The service's mapping (aliases resolved); null for `web:` with nothing. */
  node: YNode | null;
  /** Built from the workspace (`build:`), as opposed to running a published image. */
  built: boolean;
  get(key: string): Entry | undefined;
}

export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
}

export interface ComposeModel extends ModelBase {
  kind: 'compose';
  doc: Document.Parsed;
  /** The top-level mapping, or null when the file is empty or not a mapping. */
  root: YNode | null;
  syntaxErrors: SyntaxProblem[];
  comments: SuppressionComment[];
  services: ComposeService[];
  /** The file as Compose reads it, as plain data (for schema validation); computed on first use. */
  plain(): unknown;
  /** Lines where YAML keys start, with the last line of their value: suppressions attach to these. */
  statements(): { line: number; endLine: number }[];
}

/** `!reset` and `!override` are Compose's merge tags; known to the parser so they raise no warnings. */
const composeTags = ['!reset', '!override'].flatMap((tag): (ScalarTag | CollectionTag)[] => [
  { tag, resolve: (value: string) => value } as ScalarTag,
  { tag, collection: 'map', resolve: (value: unknown) => value } as unknown as CollectionTag,
  { tag, collection: 'seq', resolve: (value: unknown) => value } as unknown as CollectionTag,
]);

/** Alias expansion beyond this many nodes is a "billion laughs" file: stop converting. */
const PLAIN_NODE_BUDGET = 200_000;

/** A node as plain data (aliases, merges and `!reset` resolved); undefined for an alias bomb. */
export function plainOf(node: unknown): Plain | undefined {
  try {
    return toPlain(node, { left: PLAIN_NODE_BUDGET }, 0) as Plain;
  } catch {
    return undefined;
  }
}

function toPlain(node: unknown, budget: { left: number }, depth: number): unknown {
  if (--budget.left < 0 || depth > 64) throw new RangeError('too large');
  const n = deref(node);
  if (n === null) return null;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const e of entries(n)) out[e.name] = toPlain(e.value, budget, depth + 1);
    return out;
  }
  if (isSeq(n)) return n.items.map((i) => toPlain(i, budget, depth + 1));
  if (isScalar(n)) return typeof n.value === 'symbol' ? String(n.value.description) : n.value;
  return null;
}

function readServices(root: YNode | null): ComposeService[] {
  const services = entry(root, 'services');
  return entries(services?.value).map((e): ComposeService => {
    const r = span(e.key) ?? [0, 0];
    const node = isEmptyNode(e.value) ? null : e.value;
    return {
      name: e.name,
      key: e.key,
      keyStart: r[0],
      keyEnd: r[1],
      node,
      built: entry(node, 'build') !== undefined,
      get: (key) => entry(node, key),
    };
  });
}

export function parseCompose(text: string, path: string): ComposeModel {
  // A second document after `---` is not Compose's concern: it reads the first.
  const parsed = parseYaml(text, { merge: true, customTags: composeTags }, ['MULTIPLE_DOCS']);
  let plain: { value: unknown } | undefined;
  return {
    ...parsed,
    kind: 'compose',
    path,
    services: readServices(parsed.root),
    plain() {
      if (!plain) {
        try {
          plain = { value: toPlain(parsed.doc.contents, { left: PLAIN_NODE_BUDGET }, 0) };
        } catch {
          plain = { value: undefined };
        }
      }
      return plain.value;
    },
  };
}
