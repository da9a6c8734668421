/**
 * Finds and reads `.layerwise.yaml` by walking up from a file's folder. Node-only
 * (uses fs), shared by the language server and the CLI; the engine itself stays pure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig, CONFIG_FILE_NAMES, DEFAULT_CONFIG, type LoadedConfig } from '../core/config';
import { allRules } from '../index';

export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(allRules.map((r) => r.meta.id));

/** The nearest config file at or above `dir`, stopping at `stopAt` (a workspace root) when given. */
export function findConfigFile(dir: string, stopAt?: string): string | undefined {
  let current = path.resolve(dir);
  const stop = stopAt ? path.resolve(stopAt) : undefined;
  for (let depth = 0; depth < 64; depth++) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(current, name);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        /* not here */
      }
    }
    if (stop && current === stop) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
  return undefined;
}

export interface ConfigFileResult extends LoadedConfig {
  file?: string;
}

/** Reads a config file; a missing or unreadable file gives the defaults and a problem. */
export function readConfigFile(file: string): ConfigFileResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const pos = { line: 0, character: 0 };
    return { file, config: DEFAULT_CONFIG, problems: [{ message: `Cannot read ${file}: ${(e as Error).message}`, range: { start: pos, end: pos }, severity: 'error' }] };
  }
  return { file, ...parseConfig(text, KNOWN_RULE_IDS) };
}

/** The config that applies to a file: nearest `.layerwise.yaml`, or the defaults. */
export function configForFile(filePath: string, stopAt?: string): ConfigFileResult {
  const file = findConfigFile(path.dirname(filePath), stopAt);
  return file ? readConfigFile(file) : { config: DEFAULT_CONFIG, problems: [] };
}
