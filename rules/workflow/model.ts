/**
 * The GitHub Actions workflow model: one `yaml` parse per document version, then the
 * jobs as Actions reads them (`runs-on`, `strategy.matrix`, `env`, steps with their
 * `uses` reference, `with` inputs and `run` scripts split into shell commands with
 * file offsets). Rules ask the model, never the text.
 */
import { isMap, isScalar, isSeq, type Document, type Scalar } from 'yaml';
import type { ModelBase } from '../core/rule';
import type { SuppressionComment } from '../core/suppress';
import { LineIndex } from '../core/text';
import { parseShell, type ShellCommand } from '../dockerfile/shell';
import { parseYaml, type YamlText } from '../yaml/document';
import { entries, entry, scalarText, seqItems, span, type Entry, type YNode } from '../yaml/nodes';
import { mappedScalar, type MappedText } from './source';

/** `owner/repo[/path]@ref`, `./local/action` or `docker://image`. */
export interface ActionRef {
  raw: string;
  kind: 'action' | 'local' | 'docker';
  /** `owner/repo`, lowercased (GitHub names are case-insensitive); '' for local and docker. */
  repo: string;
  /** Path inside the repository (`github/codeql-action/upload-sarif` → `upload-sarif`). */
  path?: string;
  ref?: string;
  /** Offsets of the value; of the ref after `@` when the source maps exactly. */
  start: number;
  end: number;
  refStart?: number;
  refEnd?: number;
}

export interface StepInput {
  name: string;
  /** The value as Actions passes it (numbers and booleans as written); undefined for `name:` with nothing. */
  value: string | undefined;
  key: Scalar;
  node: YNode | null;
  /** The value's text with file offsets (undefined for a non-scalar). */
  source(): MappedText | undefined;
}

export interface RunScript {
  text: string;
  key: Scalar;
  node: YNode;
  source: MappedText;
  commands: ShellCommand[];
}

export interface WorkflowStep {
  index: number;
  job: WorkflowJob;
  node: YNode;
  /** The step's mapping offsets. */
  start: number;
  end: number;
  id?: string;
  name?: string;
  uses?: ActionRef;
  /** The `with:` mapping, or null. */
  with: YNode | null;
  inputs: StepInput[];
  input(name: string): StepInput | undefined;
  run?: RunScript;
  /** Names of the step's `env:` variables. */
  env: Set<string>;
  workingDirectory?: string;
  get(key: string): Entry | undefined;
}

export interface WorkflowMatrix {
  node: YNode;
  /** Matrix dimensions (`include`/`exclude` are not dimensions). */
  keys: string[];
  /** Literal values per key (from the dimension lists and `include` entries). */
  values: Record<string, string[]>;
}

export interface WorkflowJob {
  id: string;
  key: Scalar;
  keyStart: number;
  keyEnd: number;
  node: YNode | null;
  /** Runner labels as written (empty when `runs-on` is an expression or a group). */
  runsOn: string[];
  matrix?: WorkflowMatrix;
  env: Set<string>;
  /** A reusable workflow call (`jobs.<id>.uses`). */
  uses?: ActionRef;
  steps: WorkflowStep[];
  stepsNode: YNode | null;
  workingDirectory?: string;
  get(key: string): Entry | undefined;
}

export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
}

export interface WorkflowModel extends ModelBase, YamlText {
  kind: 'workflow';
  doc: Document.Parsed;
  root: YNode | null;
  syntaxErrors: SyntaxProblem[];
  comments: SuppressionComment[];
  /** Names of the workflow's top-level `env:` variables. */
  env: Set<string>;
  jobs: WorkflowJob[];
  /** The repository root: the folder above `.github` (else the file's folder). */
  repoRoot: string;
  statements(): { line: number; endLine: number }[];
}

/** `/repo/.github/workflows/ci.yml` → `/repo`; keeps the path's own separator. */
export function repositoryRoot(path: string): string {
  const m = /[\\/]\.github[\\/]/.exec(path);
  if (m) return path.slice(0, m.index) || path.slice(0, 1);
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : cut === 0 ? path.slice(0, 1) : '.';
}

function envNames(node: unknown): Set<string> {
  return new Set(entries(node).map((e) => e.name));
}

export function parseActionRef(model: { text: string; lines: LineIndex }, node: YNode): ActionRef | undefined {
  const source = mappedScalar(model.text, model.lines, node);
  const raw = scalarText(node)?.trim();
  const r = span(node);
  if (raw === undefined || !r) return undefined;
  const base = { raw, start: r[0], end: r[1] };
  if (raw.startsWith('./') || raw.startsWith('.\\')) return { ...base, kind: 'local', repo: '' };
  if (raw.startsWith('docker://')) return { ...base, kind: 'docker', repo: '' };
  const at = raw.lastIndexOf('@');
  const name = at < 0 ? raw : raw.slice(0, at);
  const parts = name.split('/');
  const ref: ActionRef = { ...base, kind: 'action', repo: parts.slice(0, 2).join('/').toLowerCase(), path: parts.length > 2 ? parts.slice(2).join('/') : undefined };
  if (at >= 0) {
    ref.ref = raw.slice(at + 1);
    if (source?.exact) {
      const lead = source.text.length - source.text.trimStart().length;
      ref.refStart = source.offsets[lead + at + 1];
      ref.refEnd = source.offsets[lead + raw.length];
    }
  }
  return ref;
}

function readMatrix(job: YNode | null): WorkflowMatrix | undefined {
  const m = entry(entry(job, 'strategy')?.value, 'matrix');
  if (!m?.value) return undefined;
  const keys: string[] = [];
  const values: Record<string, string[]> = {};
  const add = (k: string, v: string | undefined) => {
    if (v === undefined) return;
    (values[k] ??= []).includes(v) || values[k].push(v);
  };
  for (const e of entries(m.value)) {
    if (e.name === 'exclude') continue;
    if (e.name === 'include') {
      for (const item of seqItems(e.value)) for (const ie of entries(item)) add(ie.name, scalarText(ie.value));
      continue;
    }
    keys.push(e.name);
    for (const item of seqItems(e.value)) add(e.name, scalarText(item));
  }
  // `include` can add keys that are not dimensions (they still exist as matrix.<key>).
  for (const k of Object.keys(values)) if (!keys.includes(k)) keys.push(k);
  return { node: m.value, keys, values };
}

function runsOnLabels(node: YNode | null): string[] {
  const single = scalarText(node);
  if (single !== undefined) return single.includes('${{') ? [] : [single];
  return seqItems(node)
    .map((n) => scalarText(n))
    .filter((s): s is string => s !== undefined && !s.includes('${{'));
}

function readStep(model: { text: string; lines: LineIndex }, job: WorkflowJob, node: YNode, index: number): WorkflowStep | undefined {
  if (!isMap(node)) return undefined;
  const r = span(node) ?? [0, 0];
  const get = (key: string) => entry(node, key);
  const withEntry = get('with');
  const withNode = isMap(withEntry?.value) ? withEntry.value : null;
  const inputs: StepInput[] = entries(withNode).map((e) => {
    let mapped: { value: MappedText | undefined } | undefined;
    return {
      name: e.name,
      value: e.value === null ? undefined : scalarText(e.value),
      key: e.key,
      node: e.value,
      source() {
        mapped ??= { value: mappedScalar(model.text, model.lines, e.value) };
        return mapped.value;
      },
    };
  });
  const usesNode = get('uses')?.value;
  const runEntry = get('run');
  let run: RunScript | undefined;
  if (runEntry?.value && isScalar(runEntry.value)) {
    const source = mappedScalar(model.text, model.lines, runEntry.value);
    if (source) run = { text: source.text, key: runEntry.key, node: runEntry.value, source, commands: parseShell(source) };
  }
  return {
    index,
    job,
    node,
    start: r[0],
    end: r[1],
    id: scalarText(get('id')?.value),
    name: scalarText(get('name')?.value),
    uses: usesNode ? parseActionRef(model, usesNode) : undefined,
    with: withNode,
    inputs,
    input: (name) => inputs.find((i) => i.name === name),
    run,
    env: envNames(get('env')?.value),
    workingDirectory: scalarText(get('working-directory')?.value),
    get,
  };
}

function readJobs(model: { text: string; lines: LineIndex }, root: YNode | null): WorkflowJob[] {
  return entries(entry(root, 'jobs')?.value).map((e) => {
    const node = isMap(e.value) ? e.value : null;
    const r = span(e.key) ?? [0, 0];
    const get = (key: string) => entry(node, key);
    const stepsNode = get('steps')?.value ?? null;
    const usesNode = get('uses')?.value;
    const job: WorkflowJob = {
      id: e.name,
      key: e.key,
      keyStart: r[0],
      keyEnd: r[1],
      node,
      runsOn: runsOnLabels(get('runs-on')?.value ?? null),
      matrix: readMatrix(node),
      env: envNames(get('env')?.value),
      uses: usesNode ? parseActionRef(model, usesNode) : undefined,
      steps: [],
      stepsNode: isSeq(stepsNode) ? stepsNode : null,
      workingDirectory: scalarText(entry(entry(get('defaults')?.value, 'run')?.value, 'working-directory')?.value),
      get,
    };
    job.steps = seqItems(stepsNode)
      .map((s, i) => readStep(model, job, s, i))
      .filter((s): s is WorkflowStep => s !== undefined);
    return job;
  });
}

export function parseWorkflow(text: string, path: string): WorkflowModel {
  const parsed = parseYaml(text);
  return {
    ...parsed,
    kind: 'workflow',
    path,
    env: envNames(entry(parsed.root, 'env')?.value),
    jobs: readJobs({ text, lines: parsed.lines }, parsed.root),
    repoRoot: repositoryRoot(path),
  };
}
