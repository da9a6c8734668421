/**
 * Asks Docker for a bake file's evaluated targets: `docker buildx bake --print`
 * (variables from the environment, functions, `inherits`, matrices, exactly as bake
 * reads them). An argument array through execFile, never a shell; a timeout; and
 * `undefined` whenever Docker is missing, buildx is missing, or bake rejects the file:
 * the caller then keeps the model read from the text.
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { builtTargetNames, withPrint, type BakeModel, type BakePrint } from '../bake/model';

export interface BakePrintOptions {
  /** The docker executable (name on PATH or absolute path). */
  docker?: string;
  /** Targets or groups to print; default: bake's default (the `default` group or target). */
  targets?: readonly string[];
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** Bake's names: letters, digits, `_` and `-` (a name can never be read as an option). */
const TARGET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const MAX_OUTPUT = 16 * 1024 * 1024;

export function bakePrintArgs(file: string, targets: readonly string[] = []): string[] {
  return ['buildx', 'bake', '--print', '--file', basename(file), ...targets.filter((t) => TARGET_NAME.test(t))];
}

export function bakePrint(file: string, options: BakePrintOptions = {}): Promise<BakePrint | undefined> {
  return new Promise((resolve) => {
    try {
      execFile(
        options.docker ?? 'docker',
        bakePrintArgs(file, options.targets),
        // Relative contexts in a bake file are relative to where bake runs: the file's folder.
        { cwd: dirname(file), timeout: options.timeoutMs ?? 15_000, maxBuffer: MAX_OUTPUT, env: options.env ?? process.env, windowsHide: true },
        (error, stdout) => {
          if (error) return resolve(undefined);
          resolve(parsePrint(stdout));
        },
      );
    } catch {
      // A bad cwd or executable name throws synchronously on some platforms.
      resolve(undefined);
    }
  });
}

/** The JSON `--print` writes; undefined when it is not that shape. */
export function parsePrint(stdout: string): BakePrint | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const isObject = (x: unknown) => x === undefined || (!!x && typeof x === 'object' && !Array.isArray(x));
  if (!isObject(v.target) || !isObject(v.group)) return undefined;
  return v as BakePrint;
}

/**
 * The model with bake's own evaluation when Docker can give it (the targets the text
 * builds are asked for by name, so a file without a `default` group works too);
 * the model read from the text otherwise.
 */
export async function withBakePrint(model: BakeModel, options: Omit<BakePrintOptions, 'targets'> = {}): Promise<BakeModel> {
  const targets = builtTargetNames(model);
  if (!targets.length) return model;
  const print = await bakePrint(model.path, { ...options, targets });
  return print ? withPrint(model, print) : model;
}
