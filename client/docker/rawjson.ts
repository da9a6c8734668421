/**
 * `docker buildx build --progress=rawjson` progress: the stream (stderr) is a sequence of
 * pretty-printed BuildKit SolveStatus objects, not one per line, arriving in arbitrary chunks.
 * RawJsonParser splits it, BuildProgress merges the updates into steps, instructionTimings
 * puts each step on its Dockerfile line.
 */
import type { DockerfileModel, Instr, Stage } from '../../rules/dockerfile/model';

export interface Vertex {
  digest: string;
  inputs?: string[];
  name?: string;
  started?: string;
  completed?: string;
  cached?: boolean;
  error?: string;
}

export interface VertexLog {
  vertex: string;
  stream?: number;
  /** base64 */
  data: string;
  timestamp?: string;
}

/** One BuildKit SolveStatus (the fields used here). */
export interface SolveStatus {
  vertexes?: Vertex[];
  statuses?: { id: string; vertex: string; name?: string; current?: number; total?: number; completed?: string }[];
  logs?: VertexLog[];
  warnings?: { vertex: string; short?: string; level?: number }[];
}

/**
 * Incremental splitter: a brace counter that skips strings, with its state kept across chunks
 * (a chunk may end inside a string, after a backslash, anywhere). Text outside objects
 * (buildx's own messages) is ignored; an object that is not valid JSON is dropped.
 */
export class RawJsonParser {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;

  push(chunk: string): SolveStatus[] {
    const out: SolveStatus[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.depth === 0) {
        if (c === '{') {
          this.depth = 1;
          start = i;
          this.buf = '';
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      } else if (c === '"') this.inString = true;
      else if (c === '{') this.depth++;
      else if (c === '}' && --this.depth === 0) {
        const text = this.buf + chunk.slice(start, i + 1);
        this.buf = '';
        try {
          const v: unknown = JSON.parse(text);
          if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as SolveStatus);
        } catch {
          // Not a status object: skip it.
        }
      }
    }
    if (this.depth > 0) this.buf += chunk.slice(start);
    return out;
  }
}

export interface BuildStep {
  digest: string;
  name: string;
  /** ms since the epoch */
  started?: number;
  completed?: number;
  cached: boolean;
  error?: string;
  /** The step's stdout + stderr (RUN output). */
  logs: string;
}

/** `[stage-2 3/5] RUN …`, `[linux/amd64 build  2/10] COPY …` (the number is space-padded). */
const STEP_NAME = /^\[([^\]]*?)\s*(\d+)\/(\d+)\]\s(.*)$/s;

export interface StepLabel {
  /** Stage name as BuildKit prints it: the `AS` name, or `stage-N` for an unnamed stage. */
  stage: string;
  platform?: string;
  n: number;
  total: number;
  /** The instruction text after the label. */
  text: string;
}

export function stepLabel(name: string): StepLabel | undefined {
  const m = STEP_NAME.exec(name);
  if (!m) return undefined;
  const words = m[1].split(/\s+/).filter(Boolean);
  const platform = words.length > 1 && words[0].includes('/') ? words.shift() : undefined;
  return { stage: words.join(' '), platform, n: Number(m[2]), total: Number(m[3]), text: m[4] };
}

function time(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** The build's steps, merged across status updates, in first-seen order. */
export class BuildProgress {
  private byDigest = new Map<string, BuildStep>();

  update(s: SolveStatus): void {
    for (const v of s.vertexes ?? []) {
      let step = this.byDigest.get(v.digest);
      if (!step) {
        step = { digest: v.digest, name: v.name ?? '', cached: false, logs: '' };
        this.byDigest.set(v.digest, step);
      }
      if (v.name) step.name = v.name;
      const started = time(v.started);
      // A vertex may start again (a second pass): keep the earliest start, the latest completion.
      if (started !== undefined && (step.started === undefined || started < step.started)) step.started = started;
      const completed = time(v.completed);
      if (completed !== undefined && (step.completed === undefined || completed > step.completed)) step.completed = completed;
      if (v.cached) step.cached = true;
      if (v.error) step.error = v.error;
    }
    for (const l of s.logs ?? []) {
      const step = this.byDigest.get(l.vertex);
      if (step) step.logs += Buffer.from(l.data, 'base64').toString('utf8');
    }
  }

  steps(): BuildStep[] {
    return [...this.byDigest.values()];
  }

  /** The Dockerfile's own steps (`[stage n/m] …`), without `[internal]` and export steps. */
  instructionSteps(): BuildStep[] {
    return this.steps().filter((s) => stepLabel(s.name) !== undefined);
  }

  /**
   * Counts over the Dockerfile's steps: `done of total, cached of them from the cache`. FROM
   * steps (resolving the base image, never reported as cached) are not counted.
   */
  summary(): { total: number; done: number; cached: number } {
    const steps = this.instructionSteps().filter((s) => !/^FROM\s/i.test(stepLabel(s.name)?.text ?? ''));
    return {
      total: steps.length,
      done: steps.filter((s) => s.completed !== undefined && !s.error).length,
      cached: steps.filter((s) => s.cached).length,
    };
  }
}

/** Instructions that BuildKit numbers in its step names (dockerfile2llb: ADD, COPY, RUN, WORKDIR, and FROM an image). */
function numbered(stage: Stage): Instr[] {
  const out: Instr[] = [];
  for (const i of stage.instructions) {
    if (i.keyword === 'FROM') {
      if (!stage.parent && stage.image.resolved.toLowerCase() !== 'scratch') out.push(i);
    } else if (i.keyword === 'ADD' || i.keyword === 'COPY' || i.keyword === 'RUN' || i.keyword === 'WORKDIR') out.push(i);
  }
  return out;
}

function stageFor(model: DockerfileModel, label: string): Stage | undefined {
  // A single unnamed stage gets no label at all: `[2/5] RUN …`.
  if (label === '') return model.stages.length === 1 ? model.stages[0] : undefined;
  const lower = label.toLowerCase();
  const named = model.stages.find((s) => s.name === lower);
  if (named) return named;
  const m = /^stage-(\d+)$/.exec(lower);
  return m ? model.stages[Number(m[1])] : undefined;
}

function keywordOf(text: string): string {
  return (/^\S+/.exec(text)?.[0] ?? '').toUpperCase();
}

/**
 * Each Dockerfile step of the build on its instruction's line: cached, or how long it took.
 * Steps that match no instruction (another Dockerfile's, a changed file) are left out.
 */
export function instructionTimings(steps: BuildStep[], model: DockerfileModel): { line: number; cached: boolean; ms?: number }[] {
  const out = new Map<number, { line: number; cached: boolean; ms?: number }>();
  for (const step of steps) {
    const label = stepLabel(step.name);
    if (!label) continue;
    const stage = stageFor(model, label.stage);
    if (!stage) continue;
    const keyword = keywordOf(label.text);
    const candidates = numbered(stage);
    let instr: Instr | undefined = candidates[label.n - 1];
    if (!instr || instr.keyword !== keyword || candidates.length !== label.total) {
      // The numbering disagrees (another BuildKit version): the k-th instruction with this keyword.
      const before = steps.filter((s) => {
        const l = stepLabel(s.name);
        return l !== undefined && l.stage === label.stage && l.n < label.n && keywordOf(l.text) === keyword;
      }).length;
      instr = stage.instructions.filter((i) => i.keyword === keyword)[before];
    }
    if (!instr) continue;
    const ms = !step.cached && step.started !== undefined && step.completed !== undefined ? step.completed - step.started : undefined;
    const prev = out.get(instr.line);
    // One instruction, several platforms: cached only if all were, the longest duration.
    const cached = prev ? prev.cached && step.cached : step.cached;
    const longest = prev?.ms !== undefined && (ms === undefined || prev.ms > ms) ? prev.ms : ms;
    out.set(instr.line, cached || longest === undefined ? { line: instr.line, cached } : { line: instr.line, cached, ms: longest });
  }
  return [...out.values()].sort((a, b) => a.line - b.line);
}
