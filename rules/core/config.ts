/**
 * `.layerwise.yaml`: per-rule severity and options, ignored paths, the base-image
 * policy and settings some rules read. A broken config never stops linting: it is
 * reported on the config file itself and the defaults are used for what is wrong.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isNode, type Node } from 'yaml';
import type { Range, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface LayerwiseConfig {
  rules: Record<string, { severity: RuleSetting; options: Record<string, unknown> }>;
  ignore: string[];
  baseImages: Record<string, string>;
  dockerfile: {
    /** Oldest Docker Engine release the project builds with (`syntax-directive-missing`). */
    minEngine?: string;
  };
}

export const DEFAULT_CONFIG: LayerwiseConfig = Object.freeze({ rules: {}, ignore: [], baseImages: {}, dockerfile: {} }) as LayerwiseConfig;

export interface ConfigProblem {
  message: string;
  range: Range;
  severity: Severity;
}

export interface LoadedConfig {
  config: LayerwiseConfig;
  problems: ConfigProblem[];
}

const severityEnum = ['off', 'info', 'warning', 'error'];

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { enum: severityEnum },
          { type: 'array', minItems: 1, maxItems: 2, items: [{ enum: severityEnum }, { type: 'object' }] },
        ],
      },
    },
    ignore: { type: 'array', items: { type: 'string' } },
    baseImages: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
    dockerfile: {
      type: 'object',
      additionalProperties: false,
      properties: { minEngine: { type: 'string', pattern: '^[0-9]+\\.[0-9]+(\\.[0-9]+)?$' } },
    },
  },
} as const;

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strictTuples: false }).compile(schema);
  return validator(data) ? [] : validator.errors ?? [];
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).split('/').join('.') : 'the file';
  switch (e.keyword) {
    case 'additionalProperties':
      return `Unknown key "${(e.params as { additionalProperty: string }).additionalProperty}" in ${where}.`;
    case 'enum':
      return `${where} must be one of: ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}.`;
    case 'oneOf':
      return `${where} must be a severity (off, info, warning, error) or [severity, { options }].`;
    case 'pattern':
      return `${where} must be a version such as "25.0".`;
    default:
      return `${where} ${e.message ?? 'is invalid'}.`;
  }
}

/**
 * Parses and validates config text. `knownRules` lets it warn about misspelt rule ids.
 * Whatever is valid is kept; invalid parts fall back to the defaults.
 */
export function parseConfig(text: string, knownRules: ReadonlySet<string>): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const toPos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line - 1, character: p.col - 1 };
  };
  const rangeOf = (node: unknown): Range => {
    const r = isNode(node) ? (node as Node).range : undefined;
    return r ? { start: toPos(r[0]), end: toPos(r[1]) } : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  };
  for (const err of doc.errors) {
    problems.push({ message: `Invalid YAML: ${err.message.split('\n')[0]}`, range: { start: toPos(err.pos[0]), end: toPos(err.pos[1]) }, severity: 'error' });
  }
  if (doc.errors.length) return { config: DEFAULT_CONFIG, problems };

  const data = doc.toJS() ?? {};
  const config: LayerwiseConfig = { rules: {}, ignore: [], baseImages: {}, dockerfile: {} };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ message: 'The Layerwise config must be a mapping (rules:, ignore:, baseImages:, dockerfile:).', range: rangeOf(doc.contents), severity: 'error' });
    return { config, problems };
  }
  const errors = validate(data);
  const badPaths = new Set<string>();
  for (const e of errors) {
    // oneOf reports each branch too; the oneOf message says it all.
    if (errors.some((o) => o.keyword === 'oneOf' && e.instancePath.startsWith(o.instancePath) && o !== e)) continue;
    const path = e.instancePath.split('/').slice(1);
    const key = e.keyword === 'additionalProperties' ? [...path, (e.params as { additionalProperty: string }).additionalProperty] : path;
    badPaths.add(key.join('/'));
    const node = e.keyword === 'additionalProperties' ? keyNode(doc, key) : doc.getIn(path, true);
    problems.push({ message: describe(e), range: rangeOf(node ?? doc.contents), severity: 'error' });
  }
  const ok = (...path: string[]) => ![...badPaths].some((b) => b === path.join('/') || path.join('/').startsWith(b + '/') || b.startsWith(path.join('/') + '/'));

  const d = data as Record<string, unknown>;
  if (d.rules && typeof d.rules === 'object') {
    for (const [id, setting] of Object.entries(d.rules as Record<string, unknown>)) {
      if (!ok('rules', id)) continue;
      if (!knownRules.has(id)) {
        problems.push({ message: `Unknown rule "${id}".`, range: rangeOf(keyNode(doc, ['rules', id])), severity: 'warning' });
        continue;
      }
      if (Array.isArray(setting)) config.rules[id] = { severity: setting[0] as RuleSetting, options: (setting[1] as Record<string, unknown>) ?? {} };
      else config.rules[id] = { severity: setting as RuleSetting, options: {} };
    }
  }
  if (Array.isArray(d.ignore) && ok('ignore')) config.ignore = d.ignore as string[];
  if (d.baseImages && typeof d.baseImages === 'object' && ok('baseImages')) config.baseImages = d.baseImages as Record<string, string>;
  if (d.dockerfile && typeof d.dockerfile === 'object' && ok('dockerfile')) config.dockerfile = d.dockerfile as LayerwiseConfig['dockerfile'];
  return { config, problems };
}

/** The key node (not the value) at a path, for "unknown key" problems. */
function keyNode(doc: ReturnType<typeof parseDocument>, path: string[]): unknown {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const items = (parent as { items?: { key: unknown }[] } | null)?.items;
  const last = path[path.length - 1];
  const pair = items?.find((p) => isNode(p.key) && String((p.key as unknown as { value: unknown }).value) === last);
  return pair?.key ?? parent;
}

export const CONFIG_FILE_NAMES = ['.layerwise.yaml', '.layerwise.yml'];
