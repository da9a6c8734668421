import { dockerfileRule, buildTargets } from '../rule';
import { commandTokens, effectiveCommands, lastEnv } from '../knowledge/runtime';
import { normalizeRepository } from '../knowledge/base-images';
import { ancestry, shippedStages } from '../query';
import { programName } from '../shell';
import type { DockerfileModel, Stage } from '../model';

const VARS = ['PYTHONUNBUFFERED', 'PYTHONDONTWRITEBYTECODE'] as const;
const PYTHON = /^python[0-9.]*$/;
const PYTHON_TOOLS = new Set(['pip', 'pip3', 'uv', 'poetry', 'pipenv', 'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'celery', 'flask', 'django-admin', 'streamlit']);

function isPython(program: string): boolean {
  return PYTHON.test(program) || PYTHON_TOOLS.has(program);
}

/** `python`, `docker.io/library/python`, `cgr.dev/chainguard/python`: an image built to run Python. */
function pythonImage(stage: Stage): boolean {
  const root = ancestry(stage).at(-1);
  if (!root || root.image.unresolved) return false;
  const repo = normalizeRepository(root.image.repository);
  return repo.slice(repo.lastIndexOf('/') + 1) === 'python';
}

/** The stage runs Python: a python base image, a RUN of python/pip/…, or a container command that starts it. */
function runsPython(model: DockerfileModel, stage: Stage): boolean {
  if (pythonImage(stage)) return true;
  for (const s of ancestry(stage)) {
    for (const instr of s.instructions) {
      if (instr.keyword === 'RUN' && instr.commands.some((c) => isPython(programName(c)))) return true;
    }
  }
  return effectiveCommands(stage).some((i) => commandTokens(model, i).some((t) => isPython(t.value.slice(t.value.lastIndexOf('/') + 1))));
}

/** Start of the line after the FROM and the WORKDIR/ENV lines right after it (`undefined` = end of a file without a final newline). */
function insertionOffset(model: DockerfileModel, stage: Stage): { offset: number; atEof: boolean } {
  let last = stage.from;
  for (const instr of stage.instructions.slice(1)) {
    if (instr.keyword !== 'ENV' && instr.keyword !== 'WORKDIR') break;
    last = instr;
  }
  const t = model.text;
  const nl = t.indexOf('\n', last.end);
  return nl < 0 ? { offset: t.length, atEof: true } : { offset: nl + 1, atEof: false };
}

export default dockerfileRule(
  { id: 'python-env-missing', title: 'Python runtime variables not set', severity: 'info', plan: '§2.3', fix: 'safe' },
  (ctx) => {
    const { model } = ctx;
    for (const stage of shippedStages(model, buildTargets(ctx))) {
      if (!runsPython(model, stage)) continue;
      const set = lastEnv(stage, VARS);
      // Python honours any non-empty value (even `0`).
      const missing = VARS.filter((v) => !set.get(v)?.value);
      if (!missing.length) continue;
      const eol = model.lines.eol;
      const line = `ENV ${missing.map((v) => `${v}=1`).join(' ')}`;
      const at = insertionOffset(model, stage);
      ctx.report({
        start: stage.image.start,
        end: stage.image.end,
        message:
          `This stage runs Python without ${missing.map((v) => `\`${v}\``).join(' and ')}: ` +
          'PYTHONUNBUFFERED=1 makes logs reach `docker logs` at once (buffered output is lost when the container is killed), ' +
          'PYTHONDONTWRITEBYTECODE=1 stops Python writing .pyc files into the container at run time (plan §2.3).',
        fixes: [{ title: `Add \`${line}\``, safe: true, edits: [ctx.insert(at.offset, at.atEof ? eol + line + eol : line + eol)] }],
      });
    }
  },
);
