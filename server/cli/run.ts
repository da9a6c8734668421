/**
 * `layerwise lint`: collect files, resolve each one's config, lint (or fix and
 * lint what remains), print in the chosen format, and return the exit code.
 * Problems that are not findings (config errors, unreadable files) go to stderr
 * and make the exit code 2; they never stop the other files from being linted.
 */
import { engine } from '../../rules';
import type { Finding } from '../../rules/core/types';
import { helpText, parseCommandLine, type LintOptions } from './args';
import { collectTargets, displayPath } from './walk';
import { ConfigResolver } from './configs';
import { readSource } from './readSource';
import { Fixer } from './applyFixes';
import { exitCode, EXIT_OK, EXIT_USAGE } from './exitCode';
import { formatStylish } from './formatters/stylish';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import type { FileReport, RunReport } from './formatters/types';
import { DiskFileView } from '../../rules/node/diskFiles';
import { fileSystemDisk } from '../../rules/node/disk';
import { WorkspaceIndex } from '../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../rules/workspace/extractors';
import { evaluateBakeFiles } from '../../rules/node/bakeEvaluation';
import * as path from 'node:path';
import { version } from '../../package.json';

/**
 * Which folders the workspace model covers: the current folder when every path is
 * inside it (a Compose file at the root declares the builds of services below), else
 * each path's own folder.
 */
function workspaceRoots(paths: readonly string[], cwd: string): string[] {
  const abs = paths.map((p) => path.resolve(cwd, p));
  if (abs.every((p) => p === cwd || p.startsWith(cwd + path.sep))) return [cwd];
  return [...new Set(abs.map((p) => (fsIsDir(p) ? p : path.dirname(p))))];
}

function fsIsDir(p: string): boolean {
  return fileSystemDisk.entries(p) !== undefined;
}

export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseCommandLine(argv);
  switch (parsed.command) {
    case 'help':
      io.stdout.write(helpText(version));
      return EXIT_OK;
    case 'version':
      io.stdout.write(`${version}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr.write(`layerwise: ${parsed.message}\nRun \`layerwise --help\` for usage.\n`);
      return EXIT_USAGE;
    case 'lint':
      return lint(parsed.options, io);
  }
}

function useColor(o: LintOptions, io: CliIO): boolean {
  if (o.color !== undefined) return o.color;
  if (io.env.NO_COLOR) return false;
  return io.stdout.isTTY === true;
}

async function lint(o: LintOptions, io: CliIO): Promise<number> {
  const show = (abs: string) => displayPath(abs, io.cwd);
  const errors: string[] = [];
  const note = (message: string) => io.stderr.write(`layerwise: ${message}\n`);
  const fail = (message: string) => {
    errors.push(message);
    note(message);
  };

  const configs = new ConfigResolver(o.config, io.cwd);
  const configError = configs.loadFixed();
  if (configError) {
    note(configError);
    return EXIT_USAGE;
  }

  const walked = collectTargets(o.paths, io.cwd);
  if (walked.missing.length) {
    for (const p of walked.missing) note(`No such file or directory: ${p}`);
    return EXIT_USAGE;
  }
  for (const e of walked.errors) fail(`${show(e.path)}: cannot read: ${e.message}`);

  // Cross-file rules read other files through this view; fixes that write files clear it.
  const diskFiles = new DiskFileView();
  // The same workspace model as the editor's, over the folder the paths are in.
  const workspace = new WorkspaceIndex(fileSystemDisk, workspaceRoots(o.paths, io.cwd), { extractors: BUILD_EXTRACTORS }).scan();
  // Bake evaluates its own files best; without Docker the text is read instead.
  if (workspace.files('bake').length) await evaluateBakeFiles(workspace, fileSystemDisk, { docker: io.env.LAYERWISE_DOCKER || 'docker' });
  const fixer = o.fix ? new Fixer(engine, o.fixUnsafe, show, diskFiles, workspace) : undefined;
  const files: FileReport[] = [];
  let fixesApplied = 0;
  let filesFixed = 0;
  for (const target of walked.targets) {
    if (!engine.support(target.kind)) continue; // kinds without rules yet
    const { config, isIgnored, broken } = configs.forFile(target.path);
    if (isIgnored(target.path)) continue;
    const source = readSource(target.path);
    if (!source.ok) {
      if (source.binary) note(`${show(target.path)}: skipped (binary file)`);
      else fail(`${show(target.path)}: cannot read: ${source.message}`);
      continue;
    }
    let text = source.text;
    let findings: Finding[];
    // A broken config may have lost its `ignore:` or `off` rules: lint with what survived, but write nothing.
    const fixable = fixer && !source.lossy && !broken;
    if (fixer && source.lossy) note(`${show(target.path)}: not fixed (not valid UTF-8; writing it back would change its bytes)`);
    else if (fixer && broken) note(`${show(target.path)}: not fixed (its config has errors)`);
    if (fixer && fixable) {
      const fixed = fixer.fixFile(target.path, target.kind, text, config);
      fixed.errors.forEach(fail);
      fixed.notes.forEach(note);
      if (fixed.applied > 0) filesFixed++;
      fixesApplied += fixed.applied;
      text = fixed.text;
      if (fixed.applied > 0) {
        diskFiles.clear();
        workspace.changed(target.path);
      }
      findings = fixed.remaining;
    } else {
      findings = engine.lint(target.kind, text, target.path, { config, files: diskFiles, workspace })?.findings ?? [];
    }
    if (o.quiet) findings = findings.filter((f) => f.severity === 'error');
    files.push({ path: target.path, display: show(target.path), text, findings });
  }

  // Config problems are printed once per config file, after the walk found them all.
  for (const r of configs.reports) {
    for (const p of r.problems) {
      const message = `${show(r.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message}`;
      if (p.severity === 'error') errors.push(message); // a broken config is a config error (exit 2)
      io.stderr.write(`${message}\n`);
    }
  }

  const report: RunReport = { cwd: io.cwd, files, linted: files.length, fixesApplied, filesFixed, toolErrors: errors, color: useColor(o, io) };
  const output = o.format === 'json' ? formatJson(report) : o.format === 'sarif' ? formatSarif(report, engine.rules, version) : formatStylish(report);
  io.stdout.write(output);
  return exitCode(
    files.flatMap((f) => f.findings),
    o,
    errors.length > 0,
  );
}
