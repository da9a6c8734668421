/**
 * The client settings (`layerwise.*` in package.json's contributes.configuration),
 * read per document through workspace/configuration and cached until
 * didChangeConfiguration. Clients without workspace/configuration get the settings
 * pushed with didChangeConfiguration or passed in initializationOptions.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { RuleSetting } from '../rules/core/config';

export interface Settings {
  enable: boolean;
  /** Severity per rule id, over `.layerwise.yaml`. */
  rules: Record<string, RuleSetting>;
  languageFeatures: { enable: boolean };
  /** Milliseconds between a change and the lint. */
  lintDelay: number;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  enable: true,
  rules: {},
  languageFeatures: { enable: true },
  lintDelay: 200,
}) as Settings;

const RULE_SETTINGS = new Set<string>(['off', 'info', 'warning', 'error']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Turns whatever the client sent into Settings, keeping `base` for anything missing
 * or mistyped. Accepts both the nested shape (`languageFeatures: { enable }`) and
 * flat dotted keys (`"languageFeatures.enable"`), which some clients send.
 */
export function normalizeSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS): Settings {
  if (!isRecord(raw)) return base;
  const out: Settings = { ...base, rules: { ...base.rules }, languageFeatures: { ...base.languageFeatures } };
  if (typeof raw.enable === 'boolean') out.enable = raw.enable;
  if (isRecord(raw.rules)) {
    out.rules = {};
    for (const [id, v] of Object.entries(raw.rules)) if (typeof v === 'string' && RULE_SETTINGS.has(v)) out.rules[id] = v as RuleSetting;
  }
  const lf = isRecord(raw.languageFeatures) ? raw.languageFeatures.enable : raw['languageFeatures.enable'];
  if (typeof lf === 'boolean') out.languageFeatures.enable = lf;
  if (typeof raw.lintDelay === 'number' && Number.isFinite(raw.lintDelay)) out.lintDelay = Math.min(5000, Math.max(0, raw.lintDelay));
  return out;
}

/** Per-document settings with a cache; `reset` on didChangeConfiguration. */
export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private global: Settings;

  constructor(
    private readonly connection: Connection,
    private readonly pull: boolean,
    initial: Settings,
  ) {
    this.global = initial;
  }

  /** Forgets the cache; `pushed` is the `settings` of didChangeConfiguration (used when the client cannot be asked). */
  reset(pushed?: unknown): void {
    this.cache.clear();
    if (!this.pull && isRecord(pushed)) this.global = normalizeSettings(pushed.layerwise ?? pushed, this.global);
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.global);
    let p = this.cache.get(uri);
    if (!p) {
      p = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'layerwise' }).then(
        (raw: unknown) => normalizeSettings(raw, this.global),
        (e: unknown) => {
          this.connection.console.warn(`Cannot read the layerwise settings: ${e instanceof Error ? e.message : String(e)}; using defaults.`);
          return this.global;
        },
      );
      this.cache.set(uri, p);
    }
    return p;
  }
}
