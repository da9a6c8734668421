/**
 * One answer to "what does Layerwise say about this document right now": its
 * entry (model), settings, config and findings. Diagnostics, code actions and
 * hover all go through here, so they agree with each other.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG, type LayerwiseConfig } from '../rules/core/config';
import type { ConfigFileResult } from '../rules/node/configFile';
import type { Finding } from '../rules/core/types';
import type { ConfigCache } from './configCache';
import type { DocumentCache, DocumentEntry } from './documents';
import { isIgnored } from './ignore';
import type { WorkspaceFolders } from './paths';
import type { Settings } from './settings';
import type { WorkspaceFiles } from './workspaceFiles';
import type { Workspace } from '../rules/workspace/types';

export interface Analysis {
  doc: TextDocument;
  entry: DocumentEntry;
  settings: Settings;
  configFile?: string;
  /** The config file's config with the client's `layerwise.rules` over it. */
  config: LayerwiseConfig;
  /** False when disabled, ignored by the config, or not a kind the engine lints. */
  active: boolean;
  findings: Finding[];
}

/** `layerwise.rules` from the client wins over the config file's severities (options stay). */
function withClientRules(config: LayerwiseConfig, rules: Settings['rules'], memo: WeakMap<LayerwiseConfig, Map<string, LayerwiseConfig>>): LayerwiseConfig {
  const ids = Object.keys(rules);
  if (ids.length === 0) return config;
  const key = JSON.stringify(rules);
  let byKey = memo.get(config);
  if (!byKey) memo.set(config, (byKey = new Map()));
  let merged = byKey.get(key);
  if (!merged) {
    merged = { ...config, rules: { ...config.rules } };
    for (const id of ids) merged.rules[id] = { severity: rules[id], options: config.rules[id]?.options ?? {} };
    byKey.set(key, merged);
  }
  return merged;
}

export class Analyzer {
  private readonly merged = new WeakMap<LayerwiseConfig, Map<string, LayerwiseConfig>>();
  private readonly reportedRuleErrors = new Set<string>();

  constructor(
    private readonly cache: DocumentCache,
    private readonly configs: ConfigCache,
    private readonly folders: WorkspaceFolders,
    private readonly log: (message: string) => void,
    readonly files?: WorkspaceFiles,
    readonly workspace: () => Workspace | undefined = () => undefined,
  ) {}

  /** A throwing rule is skipped by the engine; say so once per rule and message, not per keystroke. */
  readonly onRuleError = (ruleId: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const key = `${ruleId}\0${message}`;
    if (this.reportedRuleErrors.has(key)) return;
    this.reportedRuleErrors.add(key);
    this.log(`Rule ${ruleId} failed and was skipped: ${error instanceof Error ? error.stack : message}`);
  };

  configFor(entry: DocumentEntry): ConfigFileResult | undefined {
    if (!entry.fsPath) return undefined;
    return this.configs.forFile(entry.fsPath, this.folders.rootOf(entry.fsPath));
  }

  /** Synchronous once the settings are known, so nothing can change the document in between. */
  analyze(doc: TextDocument, settings: Settings): Analysis {
    const entry = this.cache.get(doc);
    const loaded = entry.model ? this.configFor(entry) : undefined;
    const config = withClientRules(loaded?.config ?? DEFAULT_CONFIG, settings.rules, this.merged);
    const active = settings.enable && !!entry.model && !(entry.fsPath && loaded && isIgnored(loaded.config, loaded.file, entry.fsPath));
    const findings = active ? this.cache.findings(entry, config, this.onRuleError, this.files, this.workspace()) : [];
    return { doc, entry, settings, configFile: loaded?.file, config, active, findings };
  }
}
