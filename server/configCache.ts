/**
 * `.layerwise.yaml` per folder, read once and kept until a config file changes
 * (didChangeWatchedFiles) or is edited in the editor (its unsaved text wins over
 * the disk while it is open). Lookups never throw: a vanished folder or an
 * unreadable file gives the defaults.
 */
import * as path from 'node:path';
import { parseConfig, CONFIG_FILE_NAMES, DEFAULT_CONFIG } from '../rules/core/config';
import { findConfigFile, readConfigFile, KNOWN_RULE_IDS, type ConfigFileResult } from '../rules/node/configFile';

const NO_CONFIG: ConfigFileResult = Object.freeze({ config: DEFAULT_CONFIG, problems: [] });

export function isConfigFileName(p: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(p));
}

export class ConfigCache {
  /** Folder (+ stop root) → nearest config file, or null for none. */
  private readonly nearest = new Map<string, string | null>();
  /** Config file → what it says. */
  private readonly loaded = new Map<string, ConfigFileResult>();
  /** Text of config files open in the editor. */
  private readonly overlays = new Map<string, string>();

  /** `onLoad` hears every (re)read, so the server can publish the file's problems. */
  constructor(private readonly onLoad: (file: string, result: ConfigFileResult) => void) {}

  /** The config for a file (walks up from its folder, stopping at `stopAt`, the workspace folder root). */
  forFile(filePath: string, stopAt?: string): ConfigFileResult {
    const dir = path.dirname(filePath);
    const key = `${dir}\0${stopAt ?? ''}`;
    let file = this.nearest.get(key);
    if (file === undefined) {
      try {
        file = findConfigFile(dir, stopAt) ?? null;
      } catch {
        file = null;
      }
      this.nearest.set(key, file);
    }
    return file ? this.read(file) : NO_CONFIG;
  }

  /** Reads (or re-reads) one config file, overlay first. */
  read(file: string): ConfigFileResult {
    let result = this.loaded.get(file);
    if (!result) {
      const text = this.overlays.get(file);
      result = text !== undefined ? { file, ...parseConfig(text, KNOWN_RULE_IDS) } : readConfigFile(file);
      this.loaded.set(file, result);
      this.onLoad(file, result);
    }
    return result;
  }

  /** The editor's text of an open config file (undefined when it closes: the disk counts again). */
  setOverlay(file: string, text: string | undefined): void {
    if (text === undefined) this.overlays.delete(file);
    else this.overlays.set(file, text);
    this.loaded.delete(file);
  }

  /** A config file was created, changed or deleted: forget where configs are and what that one says. */
  invalidate(file?: string): void {
    this.nearest.clear();
    if (file) this.loaded.delete(file);
    else this.loaded.clear();
  }
}
