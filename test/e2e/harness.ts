/**
 * Drives a real VS Code workbench: code-server (VS Code 1.139 for the browser) serves
 * a fresh copy of examples/ with dist/layerwise.vsix installed, and Debian's chromium,
 * driven by playwright-core, uses it like a person would (keyboard shortcuts, mouse).
 *
 * Everything is waited for (a DOM condition with a timeout), never slept for. Each
 * workbench lives in its own temp folder (user data, extensions, XDG dirs, HOME);
 * code-server runs in its own process group, killed on stop, on failure and on exit.
 *
 * Prerequisites come from `bash scripts/e2e/setup.sh` (run here when the
 * LAYERWISE_E2E_* variables are not set) and `npm run package` (dist/layerwise.vsix).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { JsonResult } from '../../server/cli/formatters/json';

export const ROOT = path.resolve(__dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const VSIX = process.env.LAYERWISE_E2E_VSIX ?? path.join(ROOT, 'dist', 'layerwise.vsix');

/** How long one UI condition may take; generous for 2 slow cores, never a sleep. */
export const WAIT = Number(process.env.LAYERWISE_E2E_WAIT_MS ?? 30_000);

interface Tools {
  node: string;
  codeServerEntry: string;
  chromium: string;
}

/** Paths from the setup script's `KEY=value` output (or the environment when run.sh exported them). */
function tools(): Tools {
  let env: Record<string, string | undefined> = process.env;
  if (!env.LAYERWISE_E2E_NODE || !env.LAYERWISE_E2E_CODE_SERVER_ENTRY || !env.LAYERWISE_E2E_CHROMIUM) {
    const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'e2e', 'setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    assert.equal(r.status, 0, 'scripts/e2e/setup.sh failed');
    env = Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }
  return { node: env.LAYERWISE_E2E_NODE!, codeServerEntry: env.LAYERWISE_E2E_CODE_SERVER_ENTRY!, chromium: env.LAYERWISE_E2E_CHROMIUM! };
}

/** User settings: a quiet workbench whose editor takes typed text as it is. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  // Typed text must land as typed: no completion, auto-closing or auto-indent rewriting it.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.parameterHints.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.inlineSuggest.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'files.autoSave': 'off',
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
};

/**
 * Runs code-server ("$@") and waits for it; when stdin (a pipe from the test process)
 * closes, stops it with SIGTERM. Either way the whole process group is then killed,
 * this shell included. Background jobs read /dev/null unless told otherwise: fd 3 keeps
 * the real stdin for the reader. The sleep only bounds a code-server ignoring SIGTERM.
 */
const WATCHDOG = `exec 3<&0
"$@" </dev/null 3<&- &
pid=$!
{ read -r _ <&3; kill -TERM "$pid" 2>/dev/null; sleep 10; kill -KILL 0; } &
wait "$pid"
kill -KILL 0`;

/** Process groups and temp folders to clean up if this test process exits without stop() (a failed `before`, Ctrl+C). */
const live = new Set<ChildProcess>();
const temps = new Set<string>();
/** Signals the child's process group; `evenIfExited` also when the leader has exited (the group may not have). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals, evenIfExited = false): void {
  if (child.pid === undefined) return;
  if (!evenIfExited && (child.exitCode !== null || child.signalCode !== null)) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
process.on('exit', () => {
  live.forEach((c) => killGroup(c, 'SIGKILL', true));
  temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true }));
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    live.forEach((c) => killGroup(c, 'SIGKILL'));
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  });
}

/** Thrown from a waitFor check when waiting longer cannot help (code-server exited). */
export class Fatal extends Error {}

/** Polls `check` until it returns a value other than undefined/false, or fails with `what` and the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeout = WAIT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}${last !== undefined && last !== false ? ` (last: ${JSON.stringify(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export interface Squiggle {
  severity: string;
  line: number;
  x: number;
  width: number;
}

export interface ProblemRow {
  /** The file's row above it in the Problems tree: its label (`Dockerfile`) and description (the folder). */
  file: string;
  folder: string;
  severity: string;
  ruleId: string;
  /** Where the rule id links to (the rule's docs page). */
  codeHref: string;
  source: string;
  message: string;
  line: number;
  column: number;
}

/**
 * The test Docker engine (scripts/docker/engine.sh; scripts/e2e/run.sh starts one unless
 * LAYERWISE_DOCKER_HOST names one): what code-server's extension host gets to run `docker`.
 * Nothing when no engine is configured, so a developer's own DOCKER_HOST is never used.
 */
function dockerEnv(): NodeJS.ProcessEnv {
  const host = process.env.LAYERWISE_DOCKER_HOST;
  if (!host) return {};
  return { DOCKER_HOST: host, ...(process.env.DOCKER_CONFIG ? { DOCKER_CONFIG: process.env.DOCKER_CONFIG } : {}) };
}

/** Runs the engine's docker CLI from the test process; why the Docker scenario is skipped when there is no engine. */
export function dockerCli(): { skip: string } | { docker(args: string[], timeout?: number): { status: number | null; stdout: string; stderr: string } } {
  if (!process.env.LAYERWISE_DOCKER_HOST) return { skip: 'LAYERWISE_DOCKER_HOST is not set: no Docker engine (bash scripts/e2e/run.sh starts one)' };
  const cli = process.env.LAYERWISE_DOCKER_CLI || 'docker';
  const env = { ...process.env, ...dockerEnv(), DOCKER_CONTEXT: undefined, BUILDX_BUILDER: undefined };
  return {
    docker: (args, timeout = 60_000) => {
      const r = spawnSync(cli, args, { env, encoding: 'utf8', timeout });
      return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
    },
  };
}

/** A text shown after the end of a line (an `after` decoration: CSS `::after` content). */
export interface AfterText {
  line: number;
  text: string;
}

export class Workbench {
  readonly tmp: string;
  readonly workspace: string;
  /** examples/ as the workspace started: the oracle's neighbours for the file it lints. */
  readonly pristine: string;
  readonly userData: string;
  /** Where the stand-in `trivy` reads the report it prints. */
  get trivyReport(): string {
    return path.join(this.tmp, 'trivy-report.json');
  }
  readonly logFile: string;
  page!: Page;
  /** The installed extension: its dist/cli.js is the same build as its server, the oracle for what the editor shows. */
  extensionDir = '';
  oracle!: Oracle;
  private browser?: Browser;
  private server?: ChildProcess;
  private env: NodeJS.ProcessEnv;
  private readonly tools: Tools;
  url = '';

  private constructor() {
    this.tools = tools();
    this.tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-e2e-')));
    temps.add(this.tmp);
    this.workspace = path.join(this.tmp, 'workspace');
    this.pristine = path.join(this.tmp, 'pristine');
    this.userData = path.join(this.tmp, 'user-data');
    this.logFile = path.join(this.tmp, 'code-server.log');
    const home = path.join(this.tmp, 'home');
    const xdg = (name: string) => path.join(this.tmp, 'xdg', name);
    for (const d of [home, this.userData, path.join(this.tmp, 'extensions'), ...['config', 'data', 'cache', 'state', 'runtime'].map(xdg)]) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
    this.env = {
      PATH: `${path.dirname(this.tools.node)}:${process.env.PATH}`,
      HOME: home,
      XDG_CONFIG_HOME: xdg('config'),
      XDG_DATA_HOME: xdg('data'),
      XDG_CACHE_HOME: xdg('cache'),
      XDG_STATE_HOME: xdg('state'),
      XDG_RUNTIME_DIR: xdg('runtime'),
      LANG: 'C.UTF-8',
      TMPDIR: os.tmpdir(),
      ...dockerEnv(),
    };
    // The engine's docker CLI (its buildx plugin comes from DOCKER_CONFIG) first on PATH.
    const cli = process.env.LAYERWISE_DOCKER_CLI;
    if (process.env.LAYERWISE_DOCKER_HOST && cli && path.isAbsolute(cli)) this.env.PATH = `${path.dirname(cli)}:${this.env.PATH}`;
  }

  /** Starts code-server with the .vsix installed and a browser showing a fresh copy of examples/. */
  static async start(): Promise<Workbench> {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run \`bash scripts/e2e/run.sh\` (or \`npm run package\`) first`);
    const wb = new Workbench();
    try {
      await wb.launch();
      return wb;
    } catch (e) {
      await wb.saveArtifacts('startup-failure');
      await wb.stop();
      throw e;
    }
  }

  private codeServerArgs(): string[] {
    const config = path.join(this.tmp, 'config.yaml');
    if (!fs.existsSync(config)) fs.writeFileSync(config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
    return [
      this.tools.codeServerEntry,
      '--config', config,
      '--user-data-dir', this.userData,
      '--extensions-dir', path.join(this.tmp, 'extensions'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
  }

  private async launch(): Promise<void> {
    fs.cpSync(path.join(ROOT, 'examples'), this.pristine, { recursive: true });
    fs.cpSync(this.pristine, this.workspace, { recursive: true });
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    // Trivy cannot be installed here: its setting names a stand-in that prints the report a
    // test writes to `trivyReport` (nothing before, so a scan without one fails like a bad run).
    const fakeTrivy = path.join(this.tmp, 'fake-trivy');
    fs.writeFileSync(fakeTrivy, `#!/bin/sh\nexec cat '${this.trivyReport}'\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, 'layerwise.trivy.path': fakeTrivy }, null, 2));

    const install = spawnSync(this.tools.node, [...this.codeServerArgs(), '--install-extension', VSIX], { env: this.env, encoding: 'utf8', timeout: 120_000 });
    assert.match(`${install.stdout}${install.stderr}`, /successfully installed/i, `installing ${VSIX} failed:\n${install.stdout}\n${install.stderr}`);
    const extensions = path.join(this.tmp, 'extensions');
    const installed = fs.readdirSync(extensions).find((d) => d.startsWith('layerwise.layerwise-'));
    assert.ok(installed, `no layerwise extension in ${extensions}`);
    this.extensionDir = path.join(extensions, installed);
    this.oracle = new Oracle(this.extensionDir, this.pristine);

    const log = fs.openSync(this.logFile, 'a');
    // code-server gets its own process group (detached) under a watchdog shell: its stdin
    // is a pipe from this process, so when it closes (stop(), or this process dying in
    // any way, even SIGKILL), the shell stops code-server and kills the group: the
    // extension host, the Layerwise language server, the pty host, the file watcher.
    this.server = spawn('bash', ['-c', WATCHDOG, 'code-server-watchdog', this.tools.node, ...this.codeServerArgs(), '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--log', 'info'], {
      env: this.env,
      cwd: this.tmp,
      detached: true,
      stdio: ['pipe', log, log],
    });
    fs.closeSync(log);
    live.add(this.server);
    const server = this.server;
    const port = await waitFor('code-server to listen', () => {
      if (server.exitCode !== null || server.signalCode !== null) throw new Fatal(`code-server exited (${server.exitCode ?? server.signalCode}):\n${this.serverLog()}`);
      return /HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/.exec(this.serverLog())?.[1];
    }, 60_000);
    this.url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(this.workspace)}`;

    // Its own HOME and XDG dirs too: Debian's chromium keeps crash reports under ~/.config.
    this.browser = await chromium.launch({
      executablePath: this.tools.chromium,
      env: { ...process.env, HOME: this.env.HOME, XDG_CONFIG_HOME: this.env.XDG_CONFIG_HOME, XDG_CACHE_HOME: this.env.XDG_CACHE_HOME, XDG_DATA_HOME: this.env.XDG_DATA_HOME },
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
    });
    const context = await this.browser.newContext({ viewport: { width: 1600, height: 1700 } });
    this.page = await context.newPage();
    await this.page.goto(this.url);
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 90_000 });
    // The explorer lists the folder once the remote extension host side is connected.
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'services' }).first().waitFor({ timeout: 90_000 });
  }

  serverLog(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  /** The Layerwise output channel as written to disk by the workbench (found without the UI, so it works after a UI failure). */
  outputChannelLog(): string {
    return this.logFiles(/layerwise/i);
  }

  /** Log files under the workbench's logs folder whose name matches. */
  logFiles(name: RegExp): string {
    const found: string[] = [];
    const walk = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (name.test(e.name) && e.name.endsWith('.log')) found.push(p);
      }
    };
    walk(path.join(this.userData, 'logs'));
    return found.map((f) => `==> ${path.relative(this.userData, f)}\n${fs.readFileSync(f, 'utf8')}`).join('\n');
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name}.png`);
    await this.page?.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** On failure: a screenshot, the code-server log and the Layerwise output channel, under test-results/e2e/. */
  async saveArtifacts(name: string): Promise<void> {
    fs.mkdirSync(RESULTS, { recursive: true });
    try {
      await this.screenshot(`${name}`);
    } catch (e) {
      fs.writeFileSync(path.join(RESULTS, `${name}.screenshot-error.txt`), String(e));
    }
    fs.writeFileSync(path.join(RESULTS, `${name}.code-server.log`), this.serverLog());
    fs.writeFileSync(path.join(RESULTS, `${name}.layerwise-output.log`), this.outputChannelLog() || '(no Layerwise output channel log found)\n');
    fs.writeFileSync(path.join(RESULTS, `${name}.extension-host.log`), this.logFiles(/exthost/i) || '(no extension host log found)\n');
  }

  async stop(): Promise<void> {
    try {
      await this.browser?.close();
    } catch {
      /* the browser is gone already */
    }
    const server = this.server;
    if (server) {
      const exited = new Promise<void>((resolve) => (server.exitCode !== null || server.signalCode !== null ? resolve() : server.once('exit', () => resolve())));
      server.stdin?.end(); // the watchdog's cue: code-server gets SIGTERM, then the group SIGKILL
      const timer = setTimeout(() => killGroup(server, 'SIGKILL', true), 15_000);
      await exited;
      clearTimeout(timer);
      // Should the watchdog itself have died first, nothing of the group may stay.
      killGroup(server, 'SIGKILL', true);
      live.delete(server);
    }
    temps.delete(this.tmp);
    fs.rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Processes still running that were started for this workbench (their command line names its temp folder). */
  leftoverProcesses(): string[] {
    const out: string[] = [];
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (cmd.includes(this.tmp)) out.push(`${pid} ${cmd.slice(0, 200)}`);
      } catch {
        /* exited meanwhile */
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- UI helpers

  /**
   * Runs a command from the palette by its full label (e.g. `Layerwise: Show Output`).
   * The palette lists what is registered when it opens, and an extension's commands
   * appear once the extension host has read its manifest: until the command is listed,
   * close the palette and open it again, as a person would.
   */
  async runCommand(label: string, timeout = WAIT, o: { asks?: boolean } = {}): Promise<void> {
    await waitFor(`"${label}" to be the first palette entry`, async () => {
      await this.openPalette(label);
      try {
        await waitFor(`"${label}" in the palette`, async () => (await this.quickInputRowLabel(0)) === label, 3_000);
        return true;
      } catch {
        await this.closeQuickInput();
        return false;
      }
    }, timeout);
    await this.page.keyboard.press('Enter');
    // A command that asks (a quick pick, an input box) reuses the widget: the caller waits for its question.
    if (!o.asks) await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT });
  }

  /**
   * Waits until the quick input asks `question` (its placeholder, or its prompt message for an
   * input box) and `ready` holds for it, then answers with Enter (the first row, or the
   * prefilled value).
   */
  async answerQuickInput(question: string, ready: (o: { value: string; rows: string[] }) => boolean = () => true): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    let seen: unknown;
    await waitFor(`the quick input to ask "${question}"`, async () => {
      if (!(await widget.isVisible())) return false;
      const asked = `${(await input.getAttribute('placeholder')) ?? ''} ${(await input.getAttribute('aria-label')) ?? ''} ${await widget.locator('.quick-input-message').innerText().catch(() => '')}`;
      const value = await input.inputValue();
      const rows = (await widget.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      seen = { asked, value, rows };
      return asked.includes(question) && ready({ value, rows });
    }).catch((e: Error) => {
      throw new Error(`${e.message}\nseen: ${JSON.stringify(seen)}`);
    });
    await this.page.keyboard.press('Enter');
  }

  /** Ctrl+Shift+P and types `text`; returns the rows locator. */
  async openPalette(text: string): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: WAIT });
    // The palette opens with `>`; keep it and type after it.
    await waitFor('the command palette prefix', async () => (await input.inputValue()).startsWith('>'));
    await this.page.keyboard.type(text);
    await waitFor('the palette to take the text', async () => (await input.inputValue()) === `>${text}`);
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  async quickInputRowLabel(index: number): Promise<string | undefined> {
    const row = this.page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[data-index="${index}"] .label-name`);
    if ((await row.count()) === 0) return undefined;
    return (await row.first().innerText()).replace(/\s+/g, ' ').trim();
  }

  async closeQuickInput(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT });
  }

  /** Ctrl+P, the workspace-relative path, Enter; waits until that file is the active editor. */
  async openFile(relPath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ timeout: WAIT });
    await this.page.keyboard.type(relPath);
    const description = path.dirname(relPath);
    await waitFor(`quick open to list ${relPath} first`, async () => {
      const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row[data-index="0"]');
      if ((await row.count()) === 0) return false;
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      return text.includes(path.basename(relPath)) && text.includes(description);
    });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT });
    await waitFor(`${relPath} to be the active editor`, async () => (await this.activeEditorUri())?.endsWith('/' + relPath));
    await this.activeEditor().locator('.view-lines').waitFor({ timeout: WAIT });
    await this.focusEditor();
  }

  activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-container .monaco-editor').first();
  }

  async activeEditorUri(): Promise<string | undefined> {
    const ed = this.activeEditor();
    if ((await ed.count()) === 0) return undefined;
    return (await ed.getAttribute('data-uri')) ?? undefined;
  }

  /** Ctrl+1 (focus the first editor group): back to the editor without moving its cursor. */
  async focusEditor(): Promise<void> {
    await waitFor('the editor to have focus', async () => {
      if (await this.activeEditor().evaluate((el) => el.classList.contains('focused'))) return true;
      await this.page.keyboard.press('Control+1');
      return false;
    });
  }

  /** The text the active editor shows, line by line (the file is short enough to be rendered whole). */
  async editorLines(): Promise<string[]> {
    return this.activeEditor().evaluate((ed) => {
      const lines = [...ed.querySelectorAll<HTMLElement>('.view-lines .view-line')];
      return lines
        .map((l) => ({ top: parseFloat(l.style.top), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text);
    });
  }

  /** Line count shown in the gutter: checks the whole file is rendered before reading it. */
  async editorText(): Promise<string> {
    const lines = await this.editorLines();
    const numbers = await this.activeEditor().evaluate((ed) => ed.querySelectorAll('.margin-view-overlays .line-numbers').length);
    assert.equal(lines.length, numbers, 'every line of the file should be rendered (the file should fit the editor)');
    return lines.join('\n');
  }

  /**
   * Texts that decorations put after the end of lines in the active editor (1-based line,
   * from the gutter): rendered as CSS `::after` content on an element of the line, read
   * with getComputedStyle.
   */
  async afterTexts(): Promise<AfterText[]> {
    return this.activeEditor().evaluate((ed) => {
      const lineAt = new Map<string, number>();
      for (const n of ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
        lineAt.set((n.parentElement as HTMLElement).style.top, Number(n.textContent));
      }
      const out: AfterText[] = [];
      for (const view of ed.querySelectorAll<HTMLElement>('.view-lines .view-line')) {
        const line = lineAt.get(view.style.top) ?? 0;
        for (const el of view.querySelectorAll<HTMLElement>('span')) {
          const content = getComputedStyle(el, '::after').content;
          if (!content || content === 'none' || content === 'normal') continue;
          // `"text"` with CSS escapes; the decorations here hold plain text.
          const text = content.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
          if (text) out.push({ line, text });
        }
      }
      return out.sort((a, b) => a.line - b.line);
    });
  }

  /** Squiggles in the active editor: severity, 1-based line (from the gutter) and where they are on screen. */
  async squiggles(): Promise<Squiggle[]> {
    return this.activeEditor().evaluate((ed) => {
      const lineAt = new Map<string, number>();
      for (const n of ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
        lineAt.set((n.parentElement as HTMLElement).style.top, Number(n.textContent));
      }
      return [...ed.querySelectorAll<HTMLElement>('.view-overlays [class*="squiggly-"]')].map((s) => {
        const b = s.getBoundingClientRect();
        return {
          severity: /squiggly-(\w+)/.exec(s.className)?.[1] ?? '',
          line: lineAt.get((s.parentElement as HTMLElement).style.top) ?? 0,
          x: b.x,
          width: b.width,
        };
      });
    });
  }

  /**
   * Where characters [column, endColumn) (1-based, as the Problems panel and the CLI
   * count) of a line are on screen, measured on the rendered text.
   */
  async textBox(line: number, column: number, endColumn: number): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.activeEditor().evaluate(
      (ed, [line, column, endColumn]) => {
        let top: string | undefined;
        for (const n of ed.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')) {
          if (Number(n.textContent) === line) top = (n.parentElement as HTMLElement).style.top;
        }
        const view = [...ed.querySelectorAll<HTMLElement>('.view-lines .view-line')].find((l) => l.style.top === top);
        if (!view) return null;
        const range = document.createRange();
        const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
        let seen = 0;
        let started = false;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const len = node.textContent?.length ?? 0;
          if (!started && column - 1 <= seen + len) {
            range.setStart(node, column - 1 - seen);
            started = true;
          }
          if (started && endColumn - 1 <= seen + len) {
            range.setEnd(node, endColumn - 1 - seen);
            const b = range.getBoundingClientRect();
            return { x: b.x, y: b.y, width: b.width, height: b.height };
          }
          seen += len;
        }
        return null;
      },
      [line, column, endColumn] as const,
    );
    if (!box) throw new Error(`line ${line} columns ${column}-${endColumn} are not rendered`);
    return box;
  }

  /** Moves the mouse over those characters and waits for the editor hover holding `text`. */
  async hover(line: number, column: number, endColumn: number, text: string): Promise<Locator> {
    const box = await this.textBox(line, column, endColumn);
    // From outside the editor first, so the hover opens anew for this spot.
    await this.page.mouse.move(1, 1);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = this.page.locator('.monaco-hover', { hasText: text }).filter({ visible: true }).first();
    await hover.waitFor({ timeout: WAIT });
    return hover;
  }

  /** Clicks on those characters: the cursor goes there, as a person would put it. */
  async clickText(line: number, column: number, endColumn: number): Promise<void> {
    const box = await this.textBox(line, column, endColumn);
    await this.page.mouse.click(box.x + Math.min(3, box.width / 2), box.y + box.height / 2);
  }

  /** The visible text of the panel's Output view. */
  async outputText(): Promise<string> {
    const view = this.page.locator('.part.panel .monaco-editor .view-lines').filter({ visible: true }).first();
    if ((await view.count()) === 0) return '';
    return (await view.innerText()).replace(/\u00a0/g, ' ');
  }

  /** Ctrl+S, then waits until the file on disk holds `expected` and the tab is no longer dirty. */
  async save(relPath: string, expected: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    const file = path.join(this.workspace, relPath);
    await waitFor(`${relPath} to be saved with the editor's text`, () => fs.readFileSync(file, 'utf8') === expected);
    await waitFor('the tab to lose its dirty mark', async () => (await this.page.locator('.part.editor .tab.active.dirty').count()) === 0);
  }

  /** Opens the Problems panel with Ctrl+Shift+M (unless it is showing) and reads every row. */
  async problems(): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ timeout: WAIT });
    }
    return panel.evaluate((root) => {
      const rows = [...root.querySelectorAll<HTMLElement>('.monaco-list-row')].sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
      // No helper functions in here: tsx names them with a `__name` call the page lacks.
      const out: ProblemRow[] = [];
      let file = '';
      let folder = '';
      for (const row of rows) {
        const level = row.getAttribute('aria-level');
        const part: Record<string, string> = {};
        for (const [key, selector] of Object.entries({ name: '.label-name', description: '.label-description', code: '.marker-code', source: '.marker-source', message: '.marker-message', position: '.marker-line' })) {
          part[key] = (row.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
        }
        if (level === '1') {
          file = part.name;
          folder = part.description;
        } else if (level === '2') {
          const pos = /\[Ln (\d+), Col (\d+)\]/.exec(part.position);
          out.push({
            file,
            folder,
            severity: /\b(error|warning|info)\b/.exec(row.querySelector('.marker-icon')?.className ?? '')?.[1] ?? '',
            ruleId: part.code,
            codeHref: row.querySelector('.marker-code')?.closest('a')?.getAttribute('href') ?? '',
            source: part.source,
            message: part.message,
            line: pos ? Number(pos[1]) : 0,
            column: pos ? Number(pos[2]) : 0,
          });
        }
      }
      return out;
    });
  }

  /**
   * Problems rows for one workspace-relative file. The panel's filter box gets a glob
   * for that file first, so its rows are not pushed out of view (the list renders only
   * the rows it shows) by other files' problems.
   */
  async problemsFor(relPath: string): Promise<ProblemRow[]> {
    await this.problems();
    const filter = this.page.locator('.part.panel .viewpane-filter-container input').filter({ visible: true }).first();
    const glob = `**/${relPath}`;
    if ((await filter.inputValue()) !== glob) await filter.fill(glob);
    const folder = path.dirname(relPath);
    // A file at the workspace root has no folder description.
    const inFolder = (p: ProblemRow) => (folder === '.' ? p.folder === '' : p.folder === folder || p.folder.endsWith(folder));
    return (await this.problems()).filter((p) => p.file === path.basename(relPath) && inFolder(p));
  }
}

function exact(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The CLI's view of a file (1-based positions), as the oracle the editor must agree with. */
export type CliResult = Omit<JsonResult, 'file'>;

/** Runs the CLI shipped in the installed .vsix (the same engine build as the server under test). */
export class Oracle {
  /** `examples` is the untouched copy of examples/ the workspace started from. */
  constructor(
    private readonly extensionDir: string,
    private readonly examples: string,
  ) {}

  get cli(): string {
    return path.join(this.extensionDir, 'dist', 'cli.js');
  }

  /** The docs page the extension ships for a rule, if any. */
  docsPage(ruleId: string): string | undefined {
    const file = path.join(this.extensionDir, 'rules', 'docs', `${ruleId}.md`);
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  }

  /** Lints one file from the workspace root, so the CLI's workspace model is the editor's (same builds, contexts). */
  lint(root: string, file: string): CliResult[] {
    const r = spawnSync(process.execPath, [this.cli, 'lint', file, '--format', 'json', '--exit-zero'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, `layerwise lint failed: ${r.stderr}`);
    return (JSON.parse(r.stdout).results as CliResult[]).map(({ ruleId, severity, message, line, column, endLine, endColumn, fixable }) => ({ ruleId, severity, message, line, column, endLine, endColumn, fixable }));
  }

  /** What the CLI finds in `text` at `relPath` of a scratch copy of examples/ (same config, same neighbours). */
  lintText(relPath: string, text: string, extraFiles: Record<string, string> = {}): CliResult[] {
    return this.scratch(relPath, text, (file, root) => this.lint(root, file), extraFiles);
  }

  /** What `layerwise lint --fix` makes of `text` at `relPath` of a scratch copy of examples/. */
  fix(relPath: string, text: string): string {
    return this.scratch(relPath, text, (file) => {
      const r = spawnSync(process.execPath, [this.cli, 'lint', file, '--fix', '--exit-zero'], { cwd: this.scratchRoot, encoding: 'utf8' });
      assert.equal(r.status, 0, `layerwise lint --fix failed: ${r.stderr}`);
      return fs.readFileSync(file, 'utf8');
    });
  }

  private scratchRoot = '';

  private scratch<T>(relPath: string, text: string, fn: (file: string, root: string) => T, extraFiles: Record<string, string> = {}): T {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-e2e-oracle-')));
    try {
      fs.cpSync(this.examples, dir, { recursive: true });
      for (const [rel, content] of Object.entries(extraFiles)) fs.writeFileSync(path.join(dir, rel), content);
      const file = path.join(dir, relPath);
      fs.writeFileSync(file, text);
      this.scratchRoot = dir;
      return fn(file, dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
