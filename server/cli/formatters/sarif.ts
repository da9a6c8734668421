/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. Every rule is
 * described (help from rules/docs/<id>.md), results point at 1-based regions under
 * %SRCROOT% (the working directory), carry a fingerprint that survives unrelated
 * edits (rule + file + the line's text), and their fixes as artifact changes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../../../rules/core/rule';
import { docsRelativePath, docsUrl } from '../../../rules/core/docs';
import { LineIndex } from '../../../rules/core/text';
import type { Finding, Fix, Range, Severity } from '../../../rules/core/types';
import type { FileReport, RunReport } from './types';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/layerwise-dev/layerwise';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';
const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId: string;
}

interface SarifFix {
  description: { text: string };
  artifactChanges: { artifactLocation: ArtifactLocation; replacements: { deletedRegion: SarifRegion; insertedContent: { text: string } }[] }[];
}

/** The package root (holds rules/docs): one level up from dist/cli.js, further up when run from source. */
function packageRoot(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'rules', 'docs'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

interface RuleDocs {
  markdown?: string;
  /** The page's first paragraph: why the rule matters. */
  summary?: string;
}

function readDocs(root: string | undefined, id: string): RuleDocs {
  if (!root) return {};
  let markdown: string;
  try {
    markdown = fs.readFileSync(path.join(root, docsRelativePath(id)), 'utf8');
  } catch {
    return {};
  }
  const lines = markdown.split(/\r?\n/);
  let i = lines[0]?.startsWith('# ') ? 1 : 0;
  while (i < lines.length && lines[i].trim() === '') i++;
  const paragraph: string[] = [];
  for (; i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('#'); i++) paragraph.push(lines[i].trim());
  return { markdown, summary: paragraph.length ? paragraph.join(' ') : undefined };
}

const pascalCase = (id: string) =>
  id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

function ruleDescriptor(rule: Rule, root: string | undefined) {
  const { id, title, severity, plan, hadolint, kind } = rule.meta;
  const docs = readDocs(root, id);
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: title },
    fullDescription: { text: docs.summary ?? title },
    help: { text: docs.markdown ?? title, markdown: docs.markdown ?? title },
    helpUri: docsUrl(id),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: ['docker', kind, 'performance'], plan, ...(hadolint?.length ? { hadolint } : {}) },
  };
}

/** A path relative to %SRCROOT% as a URI reference (segments percent-encoded). */
function relativeUri(display: string): string {
  return display.split('/').map(encodeURIComponent).join('/');
}

function region(r: Range): SarifRegion {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function toDisplay(abs: string, cwd: string): string {
  return (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join('/');
}

/** A fix as SARIF artifact changes; undefined when it cannot be expressed (a rename). */
function sarifFix(fix: Fix, file: FileReport, cwd: string): SarifFix | undefined {
  const changes: SarifFix['artifactChanges'] = [];
  const location = (display: string): ArtifactLocation => ({ uri: relativeUri(display), uriBaseId: SRCROOT });
  if (fix.edits.length) {
    changes.push({ artifactLocation: location(file.display), replacements: fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) });
  }
  for (const other of fix.otherFiles ?? []) {
    if (other.renameTo !== undefined || other.overwrite) return undefined;
    const display = toDisplay(path.resolve(path.dirname(file.path), other.path), cwd);
    if (other.create !== undefined) {
      const start = { line: 0, character: 0 };
      changes.push({ artifactLocation: location(display), replacements: [{ deletedRegion: region({ start, end: start }), insertedContent: { text: other.create } }] });
    } else if (other.edits?.length) {
      changes.push({ artifactLocation: location(display), replacements: other.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) });
    }
  }
  return changes.length ? { description: { text: fix.title }, artifactChanges: changes } : undefined;
}

function fingerprint(f: Finding, file: FileReport, lines: LineIndex): string {
  const lineText = f.range.start.line < lines.lineCount ? lines.lineText(f.range.start.line) : '';
  const normalized = lineText.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${f.ruleId}\0${file.display}\0${normalized}`).digest('hex').slice(0, 32);
}

export function formatSarif(report: RunReport, rules: readonly Rule[], version: string): string {
  const root = packageRoot();
  const descriptors = rules.map((r) => ruleDescriptor(r, root));
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: unknown[] = [];
  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const lines = new LineIndex(file.text);
    const seen = new Map<string, number>();
    for (const f of file.findings) {
      let ruleIndex = index.get(f.ruleId);
      if (ruleIndex === undefined) {
        // A finding from a rule the engine does not list (should not happen): describe it minimally.
        ruleIndex = descriptors.length;
        descriptors.push({ ...ruleDescriptor({ meta: { id: f.ruleId, title: f.ruleId, severity: f.severity, plan: '', kind: 'dockerfile' }, check: () => {} }, root) });
        index.set(f.ruleId, ruleIndex);
      }
      const hash = fingerprint(f, file, lines);
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      const fixes = f.fixes.map((x) => sarifFix(x, file, report.cwd)).filter((x): x is SarifFix => x !== undefined);
      results.push({
        ruleId: f.ruleId,
        ruleIndex,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(file.display), uriBaseId: SRCROOT }, region: region(f.range) } }],
        partialFingerprints: { 'layerwise/v1': `${hash}:${occurrence}` },
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Layerwise', informationUri: INFORMATION_URI, version, semanticVersion: version, rules: descriptors } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: report.toolErrors.length === 0,
            toolExecutionNotifications: report.toolErrors.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
