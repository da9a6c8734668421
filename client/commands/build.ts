/**
 * "Build Image with Cache": picks the Dockerfile, context, target and tag, runs
 * `docker buildx build --progress=rawjson --load …` with the cache backend of
 * `layerwise.build.cache`, shows step i of n in a cancellable notification, logs
 * everything, then records the build and marks each instruction `cached` or its time.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { buildArgs, commitLocalCache, discardLocalCache, validateRef, type CacheSetting } from '../docker/buildArgs';
import { dockerProblem, type ToolRun } from '../docker/exec';
import { instructionTimings } from '../docker/rawjson';
import { humanSize, parseHistory } from '../docker/layers';
import type { DockerfileModel } from '../../rules/dockerfile/model';
import {
  buildLog,
  chooseDockerfile,
  commandTarget,
  COMPOSE_GLOB,
  dockerfileModel,
  dockerPath,
  readWorkspaceFiles,
  reportFailure,
  requireTrust,
  run,
  showError,
} from './dockerContext';
import type { HistoryStore } from './historyStore';
import { cacheSetting, composeBuildFor, defaultTag, withSubcommand, type ComposeMatch } from './plan';
import { seconds } from '../docker/buildHistory';
import { runBuildx } from './progressRun';
import type { TimingDecorations } from '../views/timings';

/** The docker-container builder offered when the engine's builder cannot export a local cache. */
const BUILDER_KEY = 'layerwise.builder';
const BUILDER_NAME = 'layerwise';

export interface BuildDeps {
  context: vscode.ExtensionContext;
  history: HistoryStore;
  timings: TimingDecorations;
}

interface BuildPlan {
  dockerfile: string;
  context: string;
  target?: string;
  tag: string;
  args: Record<string, string>;
}

async function pickContext(uri: vscode.Uri, compose: ComposeMatch | undefined): Promise<string | undefined> {
  const options: { label: string; description: string; path: string }[] = [];
  const add = (path: string, description: string) => {
    if (!options.some((o) => o.path === path)) options.push({ label: vscode.workspace.asRelativePath(path, false) || '.', description, path });
  };
  if (compose) add(compose.build.context, `context of Compose service "${compose.build.name}"`);
  add(dirname(uri.fsPath), "the Dockerfile's folder");
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  if (root) add(root, 'the workspace folder');
  if (options.length === 1) return options[0].path;
  const pick = await vscode.window.showQuickPick(options, { placeHolder: 'Build context (the files docker build may COPY)' });
  return pick?.path;
}

async function pickTarget(model: DockerfileModel, preset: string | undefined, compose: ComposeMatch | undefined): Promise<string | null | undefined> {
  if (preset !== undefined) return preset;
  const named = model.stages.filter((s) => s.name);
  if (model.stages.length < 2 || named.length === 0) return null;
  const last = model.stages[model.stages.length - 1];
  const items: (vscode.QuickPickItem & { target: string | null })[] = [
    { label: '(last stage)', description: last.name ?? `stage ${last.index}`, target: null },
    ...named.map((s) => ({ label: s.name!, description: `FROM ${s.image.raw}`, target: s.name! })),
  ];
  const preferred = compose?.build.target?.toLowerCase();
  if (preferred) items.sort((a, b) => Number(b.target === preferred) - Number(a.target === preferred));
  const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Target stage' });
  return pick ? pick.target : undefined;
}

async function askTag(initial: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt: 'Tag for the built image',
    value: initial,
    validateInput: (v) => validateRef(v.trim()),
  });
}

async function plan(uri: vscode.Uri, model: DockerfileModel, presetTarget: string | undefined): Promise<BuildPlan | undefined> {
  const compose = composeBuildFor(uri.fsPath, await readWorkspaceFiles(COMPOSE_GLOB));
  const context = await pickContext(uri, compose);
  if (!context) return undefined;
  const target = await pickTarget(model, presetTarget, compose);
  if (target === undefined) return undefined;
  const tag = (await askTag(compose?.image ?? defaultTag(uri.fsPath)))?.trim();
  if (!tag) return undefined;
  return { dockerfile: uri.fsPath, context, target: target ?? undefined, tag, args: compose?.build.args ?? {} };
}

async function prepareCache(cache: CacheSetting): Promise<void> {
  if (cache.kind === 'local') await mkdir(dirname(cache.dir), { recursive: true });
}

/** After success, the fresh export replaces the old cache; after a failure it goes. */
function settleCache(cache: CacheSetting, ok: boolean): void {
  if (cache.kind !== 'local') return;
  try {
    if (ok) commitLocalCache(cache);
    else discardLocalCache(cache);
  } catch (e) {
    buildLog().appendLine(`Could not update the local cache folder ${cache.dir}: ${(e as Error).message}`);
  }
}

/**
 * The image's size as its layers add up (`docker history`, uncompressed): the same
 * numbers Show Layer Sizes shows. `docker image inspect`'s Size is the compressed size
 * in the containerd image store, which would disagree with them.
 */
async function imageBytes(tag: string): Promise<number | undefined> {
  const r = await run(dockerPath(), ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', tag], { logStderr: true, timeoutMs: 30_000 });
  if (r.code !== 0) return undefined;
  const sizes = parseHistory(r.stdout).map((h) => Number(h.Size));
  return sizes.every(Number.isFinite) ? sizes.reduce((a, b) => a + b, 0) : undefined;
}

/** Creates the docker-container builder, after the user agreed that it pulls BuildKit from a registry. */
async function offerBuilder(context: vscode.ExtensionContext): Promise<boolean> {
  const ok = await vscode.window.showWarningMessage(
    `Create a "${BUILDER_NAME}" buildx builder with the docker-container driver? It can export a local cache, but it pulls the BuildKit image (moby/buildkit) from Docker Hub, so it needs registry access. Your default builder is not changed.`,
    { modal: true },
    'Create Builder',
  );
  if (ok !== 'Create Builder') return false;
  const r = await run(dockerPath(), ['buildx', 'create', '--name', BUILDER_NAME, '--driver', 'docker-container'], { timeoutMs: 120_000 });
  if (r.code !== 0 && !/existing instance/i.test(r.stderr)) {
    reportFailure(r, 'Creating the builder');
    return false;
  }
  await context.globalState.update(BUILDER_KEY, BUILDER_NAME);
  return true;
}

export async function buildCommand(deps: BuildDeps, arg?: unknown): Promise<boolean> {
  if (!requireTrust('Build Image with Cache')) return false;
  const given = commandTarget(arg);
  const uri = await chooseDockerfile(given.uri, 'Dockerfile to build');
  if (!uri) return false;
  const { doc, model } = await dockerfileModel(uri);
  if (doc.isDirty) await doc.save();
  const p = await plan(uri, model, given.target);
  if (!p) return false;
  const config = vscode.workspace.getConfiguration('layerwise');
  const cache = cacheSetting(config.get<string>('build.cache'), {
    storageDir: deps.context.globalStorageUri.fsPath,
    dockerfile: p.dockerfile,
    ref: config.get<string>('build.cacheRef')?.trim() || undefined,
  });
  if ('error' in cache) {
    void vscode.window.showErrorMessage(`Layerwise: ${cache.error}`);
    return false;
  }
  for (;;) {
    const outcome = await runBuild(deps, uri, model, p, cache);
    if (outcome !== 'retry') return outcome === 'ok';
  }
}

async function runBuild(deps: BuildDeps, uri: vscode.Uri, model: DockerfileModel, p: BuildPlan, cache: CacheSetting): Promise<'ok' | 'failed' | 'retry'> {
  const log = buildLog();
  await prepareCache(cache);
  let args: string[];
  try {
    args = withSubcommand(buildArgs({ dockerfile: p.dockerfile, context: p.context, target: p.target, tag: p.tag, buildArgs: p.args, cache }), 'build');
  } catch (e) {
    // An invalid tag, cache ref, target or build-arg name: nothing was run.
    void vscode.window.showErrorMessage(`Layerwise: ${(e as Error).message}`);
    return 'failed';
  }
  const builder = deps.context.globalState.get<string>(BUILDER_KEY);
  if (builder) args.splice(1, 0, '--builder', builder);
  log.appendLine('');
  log.appendLine(`Building ${vscode.workspace.asRelativePath(uri)} as ${p.tag}${p.target ? ` (target ${p.target})` : ''}, cache: ${cache.kind}`);
  const startedAt = new Date();
  const { result, progress } = await runBuildx(`Building ${p.tag}`, args, p.context);
  const ms = Date.now() - startedAt.getTime();
  const summary = progress.summary();
  const ok = !result.cancelled && result.code === 0;
  settleCache(cache, ok);
  const record = { dockerfile: uri.fsPath, tag: p.tag, startedAt: startedAt.toISOString(), ms, steps: summary.total, cached: summary.cached, ok };

  if (!ok) {
    const offer = 'Create docker-container Builder';
    const problem = dockerProblemOf(result);
    if (!result.cancelled) await deps.history.add(record, p.target);
    if (problem === 'cache-export-unsupported' && !deps.context.globalState.get(BUILDER_KEY)) {
      const choice = await showError(`Layerwise: building ${p.tag} failed. ${problemMessage(result)}`, [offer]);
      if (choice === offer && (await offerBuilder(deps.context))) return 'retry';
      return 'failed';
    }
    reportFailure(result, `Building ${p.tag}`);
    return 'failed';
  }

  const bytes = await imageBytes(p.tag);
  await deps.history.add({ ...record, bytes }, p.target);
  deps.timings.set(uri, instructionTimings(progress.steps(), model), model.stages.map((s) => s.from.line));
  const text = `Built ${p.tag} in ${seconds(ms)}: ${summary.cached} of ${summary.total} steps cached${bytes !== undefined ? `, image ${humanSize(bytes)}` : ''}.`;
  log.appendLine(text);
  void vscode.window.showInformationMessage(`Layerwise: ${text}`, 'Show Layer Sizes', 'Show Log').then((choice) => {
    if (choice === 'Show Layer Sizes') void vscode.commands.executeCommand('layerwise.layers', { uri, target: p.target });
    if (choice === 'Show Log') log.show(true);
  });
  return 'ok';
}

function dockerProblemOf(r: ToolRun): string | undefined {
  return dockerProblem(r, 'docker')?.kind;
}

function problemMessage(r: ToolRun): string {
  return dockerProblem(r, 'docker')?.message ?? 'See the log.';
}
