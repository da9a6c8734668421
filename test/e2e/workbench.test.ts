/**
 * Layerwise in a real VS Code workbench (code-server 4.139 = VS Code 1.139, in chromium),
 * used the way a person does: Ctrl+P to open files, the mouse to hover, Ctrl+. for quick
 * fixes, the command palette, Ctrl+S. Every scenario checks what the screen shows AND
 * what the files hold. What should be found comes from the CLI shipped in the same .vsix
 * (the same engine build as the language server), run on the same text.
 *
 * Dockerfiles, Compose files, a workspace edit that creates a file, and a Docker build
 * whose layer sizes show beside the lines (it needs the test engine of
 * scripts/docker/engine.sh, which run.sh starts; skipped without LAYERWISE_DOCKER_HOST).
 *
 * Run: `bash scripts/e2e/run.sh` (setup, package, this suite), or after `npm run package`:
 * `node --import tsx --test test/e2e/*.test.ts`. Screenshots go to test-results/e2e/.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bakeFromCompose } from '../../client/docker/bakeFromCompose';
import { dockerCli, Fatal, waitFor, Workbench, type AfterText, type CliResult, type ProblemRow } from './harness';
import { dockerEngine, ensureBusyboxImage } from '../docker/dockerEngine';

const WEBSOCKET = 'services/websocket-ingestion/Dockerfile';
const ADMIN = 'services/admin-api/Dockerfile';
const COMPOSE = 'docker-compose.yml';
/** Builds offline: FROM scratch, COPY only (no base image can be pulled). */
const STATIC_SITE = 'services/static-site/Dockerfile';

let wb: Workbench;

/** Runs a scenario: a screenshot when it passes; screenshot, code-server log and output channel when it fails. */
function scenario(name: string, fn: () => Promise<void>, o: { skip?: string | false; timeout?: number } = {}): void {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  it(name, { timeout: o.timeout ?? 180_000, skip: o.skip }, async () => {
    assert.ok(wb, 'the workbench did not start');
    try {
      await fn();
      await wb.screenshot(slug);
    } catch (e) {
      await wb.saveArtifacts(`${slug}-failure`);
      throw e;
    }
  });
}

function key(p: { ruleId: string; line: number; column: number }): string {
  return `${p.line}:${p.column} ${p.ruleId}`;
}

/** The file's text in the workspace (what Ctrl+S wrote). */
function disk(relPath: string): string {
  return fs.readFileSync(path.join(wb.workspace, relPath), 'utf8');
}

/** `12.3 KiB` → bytes (the binary units humanSize prints). */
function sizeBytes(text: string): number {
  const m = /^([\d.]+) (B|KiB|MiB|GiB)$/.exec(text);
  assert.ok(m, `a size: ${text}`);
  return Number(m[1]) * 1024 ** ['B', 'KiB', 'MiB', 'GiB'].indexOf(m[2]);
}

/** Waits until the Problems panel lists exactly `expected` for the file: rules, positions, messages, severities. */
async function problemsToBe(relPath: string, expected: CliResult[]): Promise<ProblemRow[]> {
  const want = JSON.stringify(expected.map(key).sort());
  let rows: ProblemRow[] = [];
  await waitFor(`the Problems panel to list ${want} for ${relPath}`, async () => {
    rows = (await wb.problemsFor(relPath)).filter((r) => r.source === 'layerwise');
    return JSON.stringify(rows.map(key).sort()) === want;
  }).catch((e: Error) => {
    throw new Error(`${e.message}\nlisted: ${JSON.stringify(rows.map(key).sort())}`);
  });
  for (const f of expected) {
    const row = rows.find((r) => key(r) === key(f))!;
    assert.equal(row.message, f.message, `message of ${key(f)}`);
    assert.equal(row.severity, f.severity, `severity of ${key(f)}`);
  }
  return rows;
}

/** Waits until every single-line finding has a squiggle of its severity under exactly its characters. */
async function squigglesUnder(findings: CliResult[]): Promise<void> {
  for (const f of findings.filter((x) => x.endLine === x.line)) {
    const box = await wb.textBox(f.line, f.column, f.endColumn);
    await waitFor(`a ${f.severity} squiggle under ${key(f)} (x ${box.x.toFixed(0)}, width ${box.width.toFixed(0)})`, async () =>
      (await wb.squiggles()).some((s) => s.line === f.line && s.severity === f.severity && Math.abs(s.x - box.x) <= 2 && Math.abs(s.width - box.width) <= 2),
    );
  }
}

describe('Layerwise in a VS Code workbench', { timeout: 900_000 }, () => {
  before(async () => {
    wb = await Workbench.start();
    try {
      // The extension activates on a workspace with Dockerfiles; its output channel says
      // when the language server is up. Nothing is asserted before that.
      // While the window is still starting, "Show Output" sometimes reveals nothing (the
      // channel exists; running the command again shows it): try again, as a person would.
      let tries = 0;
      await waitFor('the Layerwise output channel to report the language server started', async () => {
        if (tries++) console.log(`# "Layerwise: Show Output" showed nothing within 10 s; running it again (try ${tries})`);
        await wb.runCommand('Layerwise: Show Output', 120_000);
        return waitFor('the output channel to show the start', async () => /Layerwise [\d.]+ language server started/.test(await wb.outputText()), 10_000).catch(() => false);
      }, 180_000);
    } catch (e) {
      await wb.saveArtifacts('activation-failure');
      throw e;
    }
  }, { timeout: 300_000 });

  after(async () => {
    if (!wb) return;
    await wb.stop();
    assert.deepEqual(wb.leftoverProcesses(), [], 'code-server, its extension host and the language server should all be gone');
  });

  scenario('Problems: a Dockerfile shows squiggles and the Problems panel lists its findings', async () => {
    const text = disk(WEBSOCKET);
    const expected = wb.oracle.lintText(WEBSOCKET, text);
    const ids = new Set(expected.map((f) => f.ruleId));
    // The file carries the plan's own mistakes: a pip cache mount defeated by --no-cache-dir, apk without a cache.
    assert.ok(ids.has('cache-mount-defeated') && ids.has('cache-mount-missing'), `the CLI should find both on ${WEBSOCKET}: ${[...ids]}`);

    await wb.openFile(WEBSOCKET);
    await wb.page.locator('.part.editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 60_000 });
    assert.equal(await wb.editorText(), text, 'the editor shows the file as it is on disk');
    await squigglesUnder(expected);
    const rows = await problemsToBe(WEBSOCKET, expected);
    for (const r of rows) assert.match(r.codeHref, new RegExp(`rules/docs/${r.ruleId}\\.md$`), `${r.ruleId} links to its docs page`);
  });

  scenario('Problems: a Compose file lists the plan §3.2/§3.3 findings the CLI finds', async () => {
    const text = disk(COMPOSE);
    const expected = wb.oracle.lintText(COMPOSE, text);
    const must = expected.filter((f) => f.ruleId === 'compose-unconfined' || f.ruleId === 'compose-secret-in-environment');
    // The plan's own §3.2 example keeps seccomp:unconfined, and its env holds INFLUXDB_TOKEN=changeme.
    assert.equal(must.length, 2, `the CLI should flag seccomp:unconfined and the token: ${expected.map(key)}`);
    await wb.openFile(COMPOSE);
    await wb.page.locator('.part.editor .view-overlays [class*="squiggly-"]').first().waitFor({ timeout: 60_000 });
    // The window is tall enough for every row: the panel must list exactly what the CLI finds.
    const rows = await problemsToBe(COMPOSE, expected);
    for (const r of rows) assert.match(r.codeHref, new RegExp(`rules/docs/${r.ruleId}\\.md$`), `${r.ruleId} links to its docs page`);
  });

  scenario('Hover: a squiggle explains the rule and links to its docs page, which opens', async () => {
    await wb.openFile(WEBSOCKET);
    const defeated = wb.oracle.lintText(WEBSOCKET, disk(WEBSOCKET)).find((f) => f.ruleId === 'cache-mount-defeated')!;
    const hover = await wb.hover(defeated.line, defeated.column, defeated.endColumn, 'Layerwise docs: cache-mount-defeated');
    await wb.screenshot('hover-cache-mount-defeated');
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.ok(text.includes(defeated.message), `the hover shows the finding's message: ${text}`);
    assert.match(text, /\(cache-mount-defeated\)/, 'the hover names the rule');
    const page = wb.oracle.docsPage('cache-mount-defeated');
    if (page) {
      // The docs page's first paragraph (why it matters) is in the hover, markdown rendered.
      const why = page.split(/\r?\n\r?\n/)[1].replace(/\s+/g, ' ').replace(/[`*_]/g, '').slice(0, 60);
      assert.ok(text.includes(why), `the hover explains the rule ("${why}…"): ${text}`);
    }
    const link = hover.locator('a', { hasText: 'Layerwise docs: cache-mount-defeated' });
    // Links to files carry their target in data-href (href stays empty); web links in href.
    const target = (await link.getAttribute('data-href')) || (await link.getAttribute('href'));
    assert.match(target ?? '', /rules\/docs\/cache-mount-defeated\.md$/);

    // A finding whose docs page ships in the .vsix: the hover's link opens that page in the workbench.
    const shipped = wb.oracle.lintText(ADMIN, disk(ADMIN)).find((f) => f.endLine === f.line && wb.oracle.docsPage(f.ruleId));
    assert.ok(shipped, `some finding on ${ADMIN} should have a docs page in the .vsix`);
    await wb.openFile(ADMIN);
    await squigglesUnder([shipped]);
    const linkText = `Layerwise docs: ${shipped.ruleId}`;
    const hover2 = await wb.hover(shipped.line, shipped.column, shipped.endColumn, linkText);
    await hover2.locator('a', { hasText: linkText }).click();
    await waitFor(`the docs page of ${shipped.ruleId} to open`, async () => (await wb.activeEditorUri())?.endsWith(`/rules/docs/${shipped.ruleId}.md`));
    const heading = wb.oracle.docsPage(shipped.ruleId)!.split(/\r?\n/)[0];
    await waitFor(`the docs page to show "${heading}"`, async () => (await wb.editorLines())[0] === heading);
  });

  scenario('Quick fix: Ctrl+. fixes cache-mount-defeated, then "Fix All Problems in File" fixes the rest', async () => {
    const original = disk(WEBSOCKET);
    const before = wb.oracle.lintText(WEBSOCKET, original);
    const defeated = before.find((f) => f.ruleId === 'cache-mount-defeated')!;
    assert.equal(original.split('\n')[defeated.line - 1].slice(defeated.column - 1, defeated.endColumn - 1), '--no-cache-dir');
    await wb.openFile(WEBSOCKET);
    await problemsToBe(WEBSOCKET, before);

    await wb.focusEditor();
    await wb.clickText(defeated.line, defeated.column, defeated.endColumn);
    await wb.page.keyboard.press('Control+.');
    const menu = wb.page.locator('.action-widget:not(.action-list-submenu-panel)');
    const fix = menu.locator('.monaco-list-row.action', { hasText: 'Remove `--no-cache-dir`' });
    await fix.waitFor();
    // The rule's fix is the preferred action, the one Enter applies.
    await waitFor('the fix to be the focused entry', async () => (await fix.getAttribute('class'))?.split(' ').includes('focused'));
    await wb.screenshot('quick-fix-menu');
    await wb.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });

    const fixed = original.replace('pip install --no-cache-dir --user', 'pip install --user');
    assert.notEqual(fixed, original);
    await waitFor('the editor to show the fixed text', async () => (await wb.editorText()) === fixed);
    // The squiggle goes; the Problems panel agrees with the CLI on the fixed text.
    const afterFix = wb.oracle.lintText(WEBSOCKET, fixed);
    assert.ok(!afterFix.some((f) => f.ruleId === 'cache-mount-defeated'));
    await problemsToBe(WEBSOCKET, afterFix);
    await waitFor(`no warning squiggle left on line ${defeated.line}`, async () => !(await wb.squiggles()).some((s) => s.line === defeated.line && s.severity === 'warning'));
    await wb.save(WEBSOCKET, fixed);

    // "Fix all" from the palette: the same result as `layerwise lint --fix` on that text.
    const allFixed = wb.oracle.fix(WEBSOCKET, fixed);
    assert.notEqual(allFixed, fixed, 'there should be safe fixes left in the file');
    await wb.runCommand('Layerwise: Fix All Problems in File');
    await waitFor('the editor to show every safe fix applied', async () => (await wb.editorText()) === allFixed);
    await wb.save(WEBSOCKET, allFixed);
    const remaining = wb.oracle.lintText(WEBSOCKET, allFixed);
    assert.ok(remaining.length < afterFix.length, 'fix-all should leave fewer problems');
    await problemsToBe(WEBSOCKET, remaining);
    assert.equal(wb.oracle.fix(WEBSOCKET, allFixed), allFixed, 'nothing is left for fix-all');
  });

  scenario('Typing: a new bad line gets its squiggle while typing, and loses it when deleted', async () => {
    const original = disk(ADMIN);
    assert.ok(original.endsWith('\n'));
    const typed = 'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask';
    const edited = original + typed;
    const newLine = edited.split('\n').length;
    const expected = wb.oracle.lintText(ADMIN, edited);
    const defeated = expected.find((f) => f.ruleId === 'cache-mount-defeated' && f.line === newLine);
    assert.ok(defeated, `the CLI should flag --no-cache-dir on line ${newLine}: ${JSON.stringify(expected)}`);

    await wb.openFile(ADMIN);
    await problemsToBe(ADMIN, wb.oracle.lintText(ADMIN, original));
    await wb.focusEditor();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.type(typed);
    await waitFor('the editor to show the typed line', async () => (await wb.editorText()) === edited);
    await squigglesUnder([defeated]);
    await problemsToBe(ADMIN, expected);
    await wb.screenshot('typing-new-squiggle');
    await wb.save(ADMIN, edited);

    // Deleting the line (Ctrl+Shift+K) takes its squiggle and its problem away.
    await wb.focusEditor();
    await wb.page.keyboard.press('Control+Shift+K');
    const back = original.replace(/\n$/, '');
    await waitFor('the editor to lose the typed line', async () => (await wb.editorText()) === back);
    await waitFor(`no squiggle on line ${newLine}`, async () => !(await wb.squiggles()).some((s) => s.line === newLine));
    await problemsToBe(ADMIN, wb.oracle.lintText(ADMIN, back));
    await wb.save(ADMIN, back);
  });

  scenario('Workspace edit: the dockerignore-missing fix creates a .dockerignore, and the finding goes', async () => {
    const IGNORE = 'services/admin-api/.dockerignore';
    const text = disk(ADMIN);
    const before = wb.oracle.lintText(ADMIN, text);
    const missing = before.find((f) => f.ruleId === 'dockerignore-missing');
    assert.ok(missing, `the CLI should find no .dockerignore for ${ADMIN}: ${before.map(key)}`);
    assert.ok(!fs.existsSync(path.join(wb.workspace, IGNORE)));
    await wb.openFile(ADMIN);
    await problemsToBe(ADMIN, before);

    await wb.focusEditor();
    await wb.clickText(missing.line, missing.column, missing.endColumn);
    await wb.page.keyboard.press('Control+.');
    const menu = wb.page.locator('.action-widget:not(.action-list-submenu-panel)');
    await menu.locator('.monaco-list-row.action', { hasText: 'Create .dockerignore for what this context holds' }).click();
    await menu.waitFor({ state: 'hidden' });
    await waitFor(`${IGNORE} to be created`, async () => fs.existsSync(path.join(wb.workspace, IGNORE)));
    // The edit writes the text into the new file's editor model; open it, check it, save it.
    await wb.openFile(IGNORE);
    let created = '';
    await waitFor(`${IGNORE} to hold the tailored patterns`, async () => {
      created = await wb.editorText();
      return /^\*\*\/\.git$/m.test(created) && /^\*\*\/__pycache__$/m.test(created);
    });
    await wb.save(IGNORE, created);
    await wb.openFile(ADMIN);
    // The finding goes from the Dockerfile; the Problems panel agrees with the CLI on the new workspace.
    const after = wb.oracle.lintText(ADMIN, text, { [IGNORE]: disk(IGNORE) });
    assert.ok(!after.some((f) => f.ruleId === 'dockerignore-missing'));
    await problemsToBe(ADMIN, after);
  });

  scenario('Generate docker-bake.hcl from Compose: an unsaved editor with one target per built service', async () => {
    // What the command must write: the same module over the workspace's Compose files, base before override.
    const names = ['docker-compose.yml', 'docker-compose.prod.yml'];
    const expected = bakeFromCompose(names.map((n) => ({ path: path.join(wb.workspace, n), text: disk(n) })), wb.workspace);
    assert.match(expected, /target "websocket-ingestion"/);
    await wb.runCommand('Layerwise: Generate docker-bake.hcl from Compose');
    // The editor renders the lines that fit: they must be the expected text's first lines, in order.
    const want = expected.split('\n');
    let shown: string[] = [];
    await waitFor('the generated bake file in an untitled editor', async () => {
      if (!(await wb.activeEditorUri())?.startsWith('untitled:')) return false;
      shown = await wb.editorLines();
      return shown.length >= 10 && JSON.stringify(shown) === JSON.stringify(want.slice(0, shown.length));
    }).catch((e: Error) => {
      throw new Error(`${e.message}\nshown:\n${shown.join('\n')}\nexpected:\n${expected}`);
    });
  });

  scenario('Commands: the palette lists the Layerwise commands; Restart Language Server brings the problems back', async () => {
    const rows = await wb.openPalette('Layerwise');
    const labels = ['Layerwise: Restart Language Server', 'Layerwise: Show Output', 'Layerwise: Fix All Problems in File'];
    let seen: string[] = [];
    await waitFor('the palette to list the Layerwise commands', async () => {
      seen = (await rows.locator('.label-name').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
      return labels.every((l) => seen.includes(l));
    }).catch((e: Error) => {
      throw new Error(`${e.message}\nlisted: ${JSON.stringify(seen)}`);
    });
    await wb.screenshot('commands-palette');
    await wb.closeQuickInput();

    await wb.openFile(WEBSOCKET);
    const expected = wb.oracle.lintText(WEBSOCKET, disk(WEBSOCKET));
    await problemsToBe(WEBSOCKET, expected);
    await wb.runCommand('Layerwise: Show Output');
    const starts = async () => ((await wb.outputText()).match(/language server started/g) ?? []).length;
    const first = await waitFor('the output channel to show the first start', async () => (await starts()) || false);
    await wb.runCommand('Layerwise: Restart Language Server');
    await wb.page.locator('.part.statusbar', { hasText: 'Layerwise: language server restarted' }).waitFor({ timeout: 60_000 });
    await waitFor('the output channel to show the server starting again', async () => (await starts()) > first);
    await problemsToBe(WEBSOCKET, expected);
  });

  const docker = dockerCli();

  /** Builds static-site from the palette as a person does; resolves when the log reports it built. */
  async function buildStaticSite(tag: string): Promise<RegExpExecArray> {
    const log = () => wb.logFiles(/Layerwise Build/);
    const before = (log().match(/Built /g) ?? []).length;
    await wb.openFile(STATIC_SITE);
    await wb.runCommand('Layerwise: Build Image with Cache', undefined, { asks: true });
    // The context: the Dockerfile's folder comes first (the workspace folder second); the tag: the folder's name.
    await wb.answerQuickInput('Build context', ({ rows }) => rows[0] === 'services/static-site');
    await wb.answerQuickInput('Tag for the built image', ({ value }) => value === tag);
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 30_000 });
    const built = new RegExp(`Built ${tag.replace(/[.:]/g, '\\$&')} in [^\n]*: (\\d+) of (\\d+) steps cached`, 'g');
    return waitFor(`build ${before + 1} to be reported in the log`, () => {
      const text = log();
      const all = [...text.matchAll(built)];
      if (text.includes(`Building ${tag} failed`)) throw new Fatal(`the build failed:\n${text}`);
      return (text.match(/Built /g) ?? []).length > before && all.length ? (all[all.length - 1] as RegExpExecArray) : false;
    }, 240_000);
  }

  scenario(
    'Docker: Build Image with Cache from the palette (timings per line), Show Layer Sizes from its CodeLens (beside the lines, view, chart), Scan with a stand-in Trivy',
    async () => {
      assert.ok(!('skip' in docker));
      const TAG = 'static-site:dev';
      // A fresh tag: the image inspected below is the one this build made.
      docker.docker(['image', 'rm', '--force', TAG]);
      const lines = disk(STATIC_SITE).split('\n');
      const lineOf = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix)) + 1;
      const siteLine = lineOf('COPY site/');
      const bigLine = lineOf('COPY big.txt');
      assert.ok(siteLine > 0 && bigLine > 0, `${STATIC_SITE} should COPY site/ and big.txt`);

      await buildStaticSite(TAG);
      await wb.page.locator('.notifications-toasts .notification-toast', { hasText: `Layerwise: Built ${TAG}` }).waitFor({ timeout: 30_000 });
      const inspect = docker.docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', TAG]);
      assert.equal(inspect.status, 0, `docker image inspect ${TAG}: ${inspect.stderr}`);
      assert.equal((JSON.parse(inspect.stdout) as string[]).length, 2, 'two COPY layers (FROM scratch has none)');
      await wb.screenshot('docker-build-done');
      // Per-instruction timing: `cached` or the step's time at the end of both COPY lines.
      const timing = /^(cached|[\d.]+ s|\d+ min \d+ s)$/;
      await waitFor('build timings at the end of both COPY lines', async () => {
        const t = (await wb.afterTexts()).filter((x) => timing.test(x.text));
        return t.some((x) => x.line === siteLine) && t.some((x) => x.line === bigLine);
      }, 30_000).catch(async (e: Error) => {
        throw new Error(`${e.message}\nafter-line texts: ${JSON.stringify(await wb.afterTexts())}`);
      });

      // Show Layer Sizes from the CodeLens above FROM ("Build stage | Layer sizes"), as a person would.
      await wb.focusEditor();
      const lens = wb.activeEditor().locator('.contentWidgets .codelens-decoration a', { hasText: 'Layer sizes' });
      await lens.first().waitFor({ timeout: 30_000 });
      assert.equal(await wb.activeEditor().locator('.contentWidgets .codelens-decoration a', { hasText: 'Build stage' }).count(), 1, 'one "Build stage" lens: one stage');
      await lens.first().click();
      const size = /^([\d.]+ (?:B|KiB|MiB|GiB)) · ([\d.]+) %$/;
      let sizes: AfterText[] = [];
      await waitFor('layer sizes at the end of both COPY lines', async () => {
        sizes = (await wb.afterTexts()).filter((t) => size.test(t.text));
        return sizes.some((t) => t.line === siteLine) && sizes.some((t) => t.line === bigLine);
      }, 60_000).catch(async (e: Error) => {
        throw new Error(`${e.message}\nafter-line texts: ${JSON.stringify(await wb.afterTexts())}`);
      });
      assert.deepEqual(sizes.map((t) => t.line), [siteLine, bigLine], `sizes only on the lines that made a layer: ${JSON.stringify(sizes)}`);
      const bytes = (t: AfterText) => sizeBytes(size.exec(t.text)![1]);
      const [site, big] = sizes;
      assert.ok(bytes(big) > bytes(site), `COPY big.txt holds the biggest layer: ${JSON.stringify(sizes)}`);
      // big.txt is 200 KB of text; the layer holds it and little else.
      const file = fs.statSync(path.join(wb.workspace, 'services/static-site/big.txt')).size;
      assert.ok(bytes(big) >= file * 0.99 && bytes(big) < file * 1.5, `the big.txt layer's size (${big.text}) should be about ${file} bytes`);
      assert.ok(Number(size.exec(big.text)![2]) > 90, `big.txt is most of the image: ${big.text}`);

      // The "Image Layers" view in the Explorer: one row per layer, the largest first.
      await wb.page.keyboard.press('Control+Shift+E');
      const header = wb.page.locator('.pane-header', { hasText: 'Image Layers' });
      await header.waitFor({ timeout: 30_000 });
      if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
      const pane = wb.page.locator('.pane', { has: header });
      let rows: string[] = [];
      await waitFor('the Image Layers view to list both COPY layers', async () => {
        rows = (await pane.locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        return rows.length === 2;
      }).catch((e: Error) => {
        throw new Error(`${e.message}\nrows: ${JSON.stringify(rows)}`);
      });
      assert.ok(rows[0].includes('COPY big.txt /data/') && rows[0].includes(size.exec(big.text)![1]), `the largest row first: ${JSON.stringify(rows)}`);
      assert.ok(rows[1].includes('COPY site/ /site/'), `then the site: ${JSON.stringify(rows)}`);

      // The chart beside the editor (a webview without scripts): one labelled bar per layer,
      // the largest first, nothing cut off at the panel's right edge.
      const chart = await waitFor('the layer chart in its webview', async () => {
        // The chart's own frame: its heading names the image (the workbench around it has SVGs too).
        for (const frame of wb.page.frames()) {
          if (!(await frame.locator('h2', { hasText: TAG }).count().catch(() => 0))) continue;
          if ((await frame.locator('svg[role="img"] rect').count().catch(() => 0)) >= 2) return frame;
        }
        return false;
      }, 30_000);
      const bars = chart.locator('svg[role="img"] g');
      const labels = (await bars.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      assert.ok(labels[0].startsWith('COPY big.txt /data/') && labels[1].startsWith('COPY site/ /site/'), `the chart's bars, largest first: ${JSON.stringify(labels)}`);
      const body = (await chart.locator('body').boundingBox())!;
      for (const part of await chart.locator('svg[role="img"] rect, svg[role="img"] text').all()) {
        const box = await part.boundingBox();
        if (!box) continue;
        assert.ok(box.x + box.width <= body.x + body.width + 1, `"${await part.textContent()}" ends at ${box.x + box.width}, past the panel's edge ${body.x + body.width}`);
      }
      const [bigBar, siteBar] = [(await bars.nth(0).locator('rect').boundingBox())!, (await bars.nth(1).locator('rect').boundingBox())!];
      assert.ok(bigBar.width > siteBar.width * 5, `the big.txt bar is much longer: ${bigBar.width} vs ${siteBar.width}`);
      await wb.screenshot('docker-layers-chart');
      await wb.focusEditor();

      // Scan: Trivy cannot be installed here, so a stand-in on the trivy.path setting replays a
      // report in Trivy's JSON format for this image's real layers: one finding in the big.txt
      // layer, one the report gives no layer for (it goes on FROM).
      const diffIds = JSON.parse(inspect.stdout) as string[];
      const report = {
        SchemaVersion: 2,
        ArtifactName: TAG,
        Results: [
          {
            Target: TAG,
            Vulnerabilities: [
              { VulnerabilityID: 'CVE-2099-0001', PkgName: 'bigdata', InstalledVersion: '1.0', FixedVersion: '1.1', Severity: 'HIGH', Title: 'stand-in finding', Layer: { DiffID: diffIds[1] } },
              { VulnerabilityID: 'CVE-2099-0002', PkgName: 'unknown-origin', InstalledVersion: '2.0', Severity: 'CRITICAL', Title: 'stand-in finding' },
            ],
          },
        ],
      };
      fs.writeFileSync(wb.trivyReport, JSON.stringify(report));
      await wb.runCommand('Layerwise: Scan Image for Vulnerabilities');
      let scanRows: ProblemRow[] = [];
      await waitFor('the two findings in the Problems panel', async () => {
        scanRows = (await wb.problemsFor(STATIC_SITE)).filter((r) => r.source === 'layerwise-scan');
        return scanRows.length === 2;
      }, 60_000).catch((e: Error) => {
        throw new Error(`${e.message}\nrows: ${JSON.stringify(scanRows)}`);
      });
      const lineOfId = (id: string) => scanRows.find((r) => r.ruleId === id)?.line;
      assert.equal(lineOfId('CVE-2099-0001'), bigLine, `the big.txt layer's finding on its COPY line: ${JSON.stringify(scanRows)}`);
      assert.equal(lineOfId('CVE-2099-0002'), lineOf('FROM'), `a finding without a layer on FROM: ${JSON.stringify(scanRows)}`);
      await wb.screenshot('docker-scan-done');
    },
    { skip: 'skip' in docker ? docker.skip : false, timeout: 420_000 },
  );

  scenario(
    'Show Build History: a rebuild comes all from the cache, and the history lists both builds with the trend',
    async () => {
      const again = await buildStaticSite('static-site:dev');
      assert.equal(again[1], again[2], `the rebuild should come all from the cache: ${again[0]}`);
      await wb.runCommand('Layerwise: Show Build History');
      // A read-only markdown preview (a webview): its table rows, newest first.
      let text = '';
      await waitFor('the build history preview to list static-site twice', async () => {
        // The preview's own frame: the one whose rendered page has the history's heading (the
        // workbench around it can show the same words elsewhere, e.g. in the Outline view).
        for (const frame of wb.page.frames()) {
          if (!(await frame.locator('h1', { hasText: 'Layerwise build history' }).count().catch(() => 0))) continue;
          text = await frame.locator('body').innerText({ timeout: 1_000 }).catch(() => '');
          if ((text.match(/static-site:dev/g) ?? []).length >= 2) return true;
        }
        return false;
      }).catch((e: Error) => {
        throw new Error(`${e.message}\nshown: ${text}`);
      });
      assert.match(text, /services\/static-site\/Dockerfile/);
      assert.match(text, /Trend:/, `the page shows the trend: ${text}`);
      const rows = text.split('\n').filter((l) => l.includes('static-site:dev'));
      assert.match(rows[0], /2\/2/, `the newest build first, all cached: ${rows[0]}`);
      assert.match(rows[1], /0\/2/, `then the first, none cached: ${rows[1]}`);
    },
    { skip: 'skip' in docker ? docker.skip : false, timeout: 360_000 },
  );

  scenario(
    'Bake All Services: bakes the bake file in the editor with the real engine and reports it',
    async () => {
      assert.ok(!('skip' in docker));
      // The examples' own bake file builds images from a registry; this one builds offline.
      const BAKE = 'services/static-site/docker-bake.hcl';
      fs.writeFileSync(path.join(wb.workspace, BAKE), ['group "default" {', '  targets = ["static-site"]', '}', '', 'target "static-site" {', '  context = "."', '  tags    = ["static-site:baked"]', '}', ''].join('\n'));
      docker.docker(['image', 'rm', '--force', 'static-site:baked']);
      // Run on the bake file in the editor (the workspace has two; the one shown is the one meant).
      await wb.openFile(BAKE);
      await wb.runCommand('Layerwise: Bake All Services');
      const baked = `Baked ${BAKE} in `;
      await waitFor(`the log to report ${BAKE} baked`, () => {
        const log = wb.logFiles(/Layerwise Build/);
        if (/Bake failed/.test(log)) throw new Fatal(`bake failed:\n${log}`);
        return log.includes(baked);
      }, 240_000);
      await wb.page.locator('.notifications-toasts .notification-toast', { hasText: `Layerwise: ${baked}` }).waitFor({ timeout: 30_000 });
      const inspect = docker.docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', 'static-site:baked']);
      assert.equal(inspect.status, 0, `the baked image should exist: ${inspect.stderr}`);
    },
    { skip: 'skip' in docker ? docker.skip : false, timeout: 360_000 },
  );

  scenario(
    'Suggest Resource Limits: samples the running service, cancel keeps the samples, the limits go into the Compose file',
    async () => {
      const engine = dockerEngine();
      assert.ok(!('skip' in engine), 'skip' in engine ? engine.skip : '');
      assert.ok(!('skip' in docker));
      const image = await ensureBusyboxImage(engine);
      const HELD_MIB = 64;
      const name = 'layerwise-e2e-profiled';
      docker.docker(['rm', '--force', name]);
      // Labelled as Compose labels the containers of websocket-ingestion in this workspace's
      // Compose file; it holds 64 MiB in a shell variable (the loop keeps the shell alive).
      const started = docker.docker(['run', '-d', '--name', name, '--label', 'com.docker.compose.service=websocket-ingestion', '--label', `com.docker.compose.project.config_files=${path.join(wb.workspace, COMPOSE)}`, image, 'sh', '-c', `x=$(yes aaaaaaaaaaaaaaa | head -c ${HELD_MIB * 1024 * 1024}); echo ready; while :; do sleep 3600; done`]);
      assert.equal(started.status, 0, started.stderr);
      try {
        await waitFor('the container to hold its memory', () => docker.docker(['logs', name]).stdout.includes('ready'), 60_000);
        await wb.openFile(COMPOSE);
        const original = await wb.editorText();
        await wb.runCommand('Layerwise: Suggest Resource Limits', undefined, { asks: true });
        await wb.answerQuickInput('Sample 1 container(s) for how long?', ({ rows }) => rows[0] === '30 seconds');
        const progress = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'measuring resource use' });
        await waitFor('three samples', async () => /\b([3-9]|\d\d+) samples\b/.test(await progress.innerText({ timeout: 1_000 }).catch(() => '')), 90_000);
        await progress.getByRole('button', { name: 'Cancel' }).click();
        const offer = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Layerwise suggests websocket-ingestion' });
        await offer.waitFor({ timeout: 30_000 });
        const said = (await offer.innerText()).replace(/\s+/g, ' ');
        const m = /websocket-ingestion: memory (\d+)M \(reserve (\d+)M\), cpus ([\d.]+)/.exec(said);
        assert.ok(m, `the suggestion: ${said}`);
        const [limit, reserve] = [Number(m[1]), Number(m[2])];
        assert.ok(limit >= HELD_MIB && limit <= HELD_MIB * 1.3 + 8, `limit ${limit}M for ${HELD_MIB} MiB held`);
        assert.ok(reserve >= HELD_MIB * 0.9 && reserve <= limit, `reservation ${reserve}M`);
        await offer.getByRole('button', { name: 'Apply to the Compose File' }).click();
        // The file's own keys (deploy.resources), now with the measured numbers.
        await waitFor('the Compose file to carry the suggested limits', async () => {
          const text = await wb.editorText();
          return text !== original && text.includes(`memory: ${limit}M`) && text.includes(`memory: ${reserve}M`) && !text.includes('memory: 384M');
        });
      } finally {
        docker.docker(['rm', '--force', name]);
      }
    },
    { skip: 'skip' in docker ? docker.skip : false, timeout: 300_000 },
  );
});
