/**
 * A `build:` that points nowhere fails `docker compose build` (or `up`) only when
 * someone runs it, often in CI after a folder was renamed. This rule checks each
 * service's build context, its Dockerfile in that context, and its `target` against
 * the Dockerfile's stages, through the file view (nothing when the text is linted on
 * its own). Remote contexts and values with variables that have no default are not
 * judged. In override files, and for services using `extends`, a part the file does
 * not write may come from elsewhere: only what it writes is checked.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Fix, FileView } from '../../core/types';
import { composeRule, type ComposeContext, isOverrideFile } from '../rule';
import { resolveBuild } from '../../workspace/index';
import { suggestion } from '../validate';
import {
  declaredBuild, dockerfileAt, folderContents, missingPart, nameList, pathValue, serviceBuildFields, shownPath, fileExists, type MissingPart, type PathValue,
} from '../knowledge/buildPaths';
import type { ComposeService } from '../model';
import { span } from '../../yaml/nodes';

/** `Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `Containerfile`, but not `Dockerfile.dockerignore`. */
function isDockerfileName(name: string): boolean {
  return /(^|\.)(docker|container)file($|\.)/i.test(name) && !name.endsWith('.dockerignore');
}

function replaceName(ctx: ComposeContext, value: PathValue, miss: MissingPart, name: string): Fix[] {
  if (value.textStart === undefined || miss.notAFolder) return [];
  return [{ title: `Change "${miss.name}" to "${name}"`, safe: false, edits: [ctx.replace(value.textStart + miss.start, value.textStart + miss.end, name)] }];
}

/** "F has no X (did you mean Y? | folders there: …)", and the fix when a close name exists. */
function explainMissing(ctx: ComposeContext, files: FileView, value: PathValue, miss: MissingPart, wantFile: boolean): { text: string; fixes: Fix[] } {
  const base = dirname(ctx.model.path);
  if (miss.notAFolder) return { text: `${shownPath(base, miss.dir)} is a file, not a folder`, fixes: [] };
  const contents = folderContents(files, miss.dir);
  // The last name of a Dockerfile path is a file; every other name is a folder.
  const lastName = value.value !== undefined && miss.end === value.value.replace(/[/\\]+$/, '').length;
  const candidates = wantFile && lastName ? contents.files : contents.folders;
  const close = suggestion(miss.name, candidates);
  const where = `${shownPath(base, miss.dir)} has no "${miss.name}"`;
  if (close) return { text: `${where} (did you mean "${close}"?)`, fixes: replaceName(ctx, value, miss, close) };
  const shown = wantFile && lastName ? candidates.filter(isDockerfileName) : candidates;
  const what = wantFile && lastName ? 'Dockerfiles' : 'folders';
  return { text: `${where} (${shown.length ? `${what} there: ${nameList(shown)}` : `no ${what} there`})`, fixes: [] };
}

function checkService(ctx: ComposeContext, files: FileView, service: ComposeService, report: (start: number, end: number, message: string, fixes: Fix[]) => void): void {
  const fields = serviceBuildFields(service);
  if (!fields) return;
  const partial = isOverrideFile(ctx) || service.get('extends') !== undefined;
  // An override's `build:` without a context keeps the base's: nothing to resolve here.
  if (partial && !fields.context) return;
  const context = pathValue(ctx.model, fields.context);
  if (fields.context && context?.value === undefined) return;
  const build = resolveBuild(declaredBuild(ctx.model, service, context?.value ?? '.'));
  if (!build) return; // remote (URL, git@…)
  const base = dirname(ctx.model.path);
  if (context?.value !== undefined) {
    const miss = missingPart(files, base, context.value, 'folder');
    if (miss) {
      const why = explainMissing(ctx, files, context, miss, false);
      report(context.start, context.end, `Build context "${context.raw}" of service "${service.name}" does not exist: ${why.text}. \`docker compose build\` fails on it.`, why.fixes);
      return;
    }
  }
  if (fields.inline || (partial && !fields.dockerfile)) return;
  const dockerfile = pathValue(ctx.model, fields.dockerfile);
  if (fields.dockerfile && dockerfile?.value === undefined) return;
  const full = resolveBuild(declaredBuild(ctx.model, service, context?.value ?? '.', dockerfile?.value));
  if (!full) return;
  const miss = missingPart(files, full.context, dockerfile?.value ?? 'Dockerfile', 'file');
  if (miss) {
    const shownContext = shownPath(base, full.context);
    if (dockerfile) {
      // Written relative to the Compose file (a common slip): say so, and offer the context-relative path.
      const fromCompose = resolve(base, dockerfile.value!);
      if (!isAbsolute(dockerfile.value!) && fileExists(files, fromCompose)) {
        const rel = relative(full.context, fromCompose).split(sep).join('/');
        const fixes: Fix[] =
          dockerfile.textStart === undefined ? [] : [{ title: `Change the path to "${rel}" (relative to the context)`, safe: false, edits: [ctx.replace(dockerfile.textStart, dockerfile.textStart + dockerfile.value!.length, rel)] }];
        report(dockerfile.start, dockerfile.end, `Dockerfile "${dockerfile.raw}" of service "${service.name}" is not in its build context ${shownContext}: build.dockerfile is relative to the context, not to the Compose file; from the context this file is "${rel}".`, fixes);
        return;
      }
      const why = explainMissing(ctx, files, dockerfile, miss, true);
      report(dockerfile.start, dockerfile.end, `Dockerfile "${dockerfile.raw}" of service "${service.name}" is not in its build context ${shownContext}: ${why.text}.`, why.fixes);
    } else {
      // No `dockerfile:`: Compose looks for `Dockerfile` in the context. Point at the context (or the `build` value).
      const at = context ?? { start: span(fields.build)?.[0] ?? service.keyStart, end: span(fields.build)?.[1] ?? service.keyEnd };
      const others = folderContents(files, full.context).files.filter(isDockerfileName);
      const hint = others.length ? `it holds ${nameList(others)}: name one with build.dockerfile` : 'add a Dockerfile there or set build.dockerfile';
      report(at.start, at.end, `Service "${service.name}" builds ${shownContext}, which has no Dockerfile (Compose looks for "Dockerfile" unless build.dockerfile names another): ${hint}.`, []);
    }
    return;
  }
  const target = pathValue(ctx.model, fields.target);
  if (!target || target.value === undefined) return;
  const model = dockerfileAt(files, full.dockerfile);
  if (!model) return;
  const wanted = target.value.toLowerCase();
  const stages = model.stages.filter((s) => s.name !== undefined);
  if (stages.some((s) => s.name === wanted)) return;
  // Stage names as written after `AS` (BuildKit compares them case-insensitively).
  const names = stages.map((s) => {
    const last = s.from.args[s.from.args.length - 1]?.value;
    return last?.toLowerCase() === s.name ? last : s.name!;
  });
  const close = suggestion(target.value, names);
  const shownDockerfile = shownPath(base, full.dockerfile);
  const there = names.length ? `its stages are ${nameList(names)}` : 'it has no named stages (a target names a `FROM … AS name` stage)';
  const fixes: Fix[] =
    close && target.textStart !== undefined
      ? [{ title: `Build the stage "${close}"`, safe: false, edits: [ctx.replace(target.textStart, target.textStart + target.value.length, close)] }]
      : [];
  report(target.start, target.end, `Target "${target.raw}" of service "${service.name}" is not a stage of ${shownDockerfile}: ${there}${close ? ` (did you mean "${close}"?)` : ''}.`, fixes);
}

export default composeRule(
  { id: 'compose-build-reference', title: 'Build context, Dockerfile and target must exist', severity: 'error', plan: '§2.3', fix: 'unsafe' },
  (ctx) => {
    const files = ctx.files;
    if (!files || !isAbsolute(ctx.model.path)) return;
    // A `build:` in an anchor shared by several services is one mistake: report it once.
    const seen = new Set<string>();
    for (const service of ctx.model.services) {
      checkService(ctx, files, service, (start, end, message, fixes) => {
        const key = `${start}:${end}`;
        if (seen.has(key)) return;
        seen.add(key);
        ctx.report({ start, end, message, fixes });
      });
    }
  },
);
