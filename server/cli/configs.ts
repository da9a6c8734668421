/**
 * The config for each linted file: the `--config` file for all, or the nearest
 * `.layerwise.yaml` above it (each read once), with its `ignore:` matcher.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ignoreMatcher } from '../../rules/node/ignoreGlobs';
import { findConfigFile, readConfigFile, type ConfigFileResult } from '../../rules/node/configFile';
import { DEFAULT_CONFIG, type ConfigProblem, type LayerwiseConfig } from '../../rules/core/config';

export interface ResolvedConfig {
  config: LayerwiseConfig;
  /** The config file, when there is one. */
  file?: string;
  isIgnored(absPath: string): boolean;
  /** The config file has errors (what is valid was kept, the rest is defaults). */
  broken: boolean;
}

export interface ConfigReport {
  file: string;
  problems: ConfigProblem[];
}

const NONE: ResolvedConfig = { config: DEFAULT_CONFIG, isIgnored: () => false, broken: false };

export class ConfigResolver {
  private readonly byFile = new Map<string, ResolvedConfig>();
  private readonly byDir = new Map<string, string | undefined>();
  /** Every config file read, with its problems (each file once). */
  readonly reports: ConfigReport[] = [];

  /** The `--config` file, absolute. */
  private readonly fixedConfig?: string;

  constructor(
    private readonly given: string | undefined,
    cwd: string,
  ) {
    this.fixedConfig = given === undefined ? undefined : path.resolve(cwd, given);
  }

  /** Reads the `--config` file up front; returns why it cannot be used, if it cannot. */
  loadFixed(): string | undefined {
    if (!this.fixedConfig) return undefined;
    const abs = this.fixedConfig;
    try {
      if (!fs.statSync(abs).isFile()) return `--config ${this.given} is not a file.`;
      fs.accessSync(abs, fs.constants.R_OK);
    } catch (e) {
      return `Cannot read --config ${this.given}: ${(e as Error).message}`;
    }
    this.load(abs);
    return undefined;
  }

  forFile(absPath: string): ResolvedConfig {
    if (this.fixedConfig) return this.byFile.get(this.fixedConfig) ?? NONE;
    const dir = path.dirname(absPath);
    let file: string | undefined;
    if (this.byDir.has(dir)) file = this.byDir.get(dir);
    else {
      file = findConfigFile(dir);
      this.byDir.set(dir, file);
    }
    return file ? (this.byFile.get(file) ?? this.load(file)) : NONE;
  }

  private load(abs: string): ResolvedConfig {
    const result: ConfigFileResult = readConfigFile(abs);
    if (result.problems.length) this.reports.push({ file: abs, problems: result.problems });
    const resolved: ResolvedConfig = {
      config: result.config,
      file: abs,
      isIgnored: ignoreMatcher(path.dirname(abs), result.config.ignore),
      broken: result.problems.some((p) => p.severity === 'error'),
    };
    this.byFile.set(abs, resolved);
    return resolved;
  }
}
