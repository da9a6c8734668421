/**
 * The rule docs pages shipped with the extension (`rules/docs/<id>.md`): the link
 * a diagnostic carries and the short text a hover shows. Both the bundle
 * (dist/server.js) and the sources (server/*.ts) sit one folder below the package
 * root, so `../rules/docs` works for each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docsRelativePath, docsUrl } from '../rules/core/docs';
import { fsPathToUri } from './paths';

const PACKAGE_ROOT = path.resolve(__dirname, '..');

interface DocsPage {
  file?: string;
  href: string;
  markdown?: string;
}

const pages = new Map<string, DocsPage>();

function page(ruleId: string): DocsPage {
  let p = pages.get(ruleId);
  if (!p) {
    const file = path.join(PACKAGE_ROOT, docsRelativePath(ruleId));
    let markdown: string | undefined;
    try {
      markdown = fs.readFileSync(file, 'utf8');
    } catch {
      /* not shipped: link to the web page, no hover text */
    }
    p = markdown !== undefined ? { file, href: fsPathToUri(file), markdown } : { href: docsUrl(ruleId) };
    pages.set(ruleId, p);
  }
  return p;
}

/** The docs page to link from a diagnostic: the shipped file, or the web page when it is missing. */
export function docsHref(ruleId: string): string {
  return page(ruleId).href;
}

/**
 * A short hover text from the docs page: the title, the first paragraph (why it
 * matters), the bullets (severity, plan, fix) and a link to the whole page. The
 * examples stay on the page.
 */
export function docsSummary(ruleId: string, fallbackTitle?: string): string {
  const p = page(ruleId);
  const link = `[Layerwise docs: ${ruleId}](${p.href})`;
  if (!p.markdown) return `**${fallbackTitle ?? ruleId}** (\`${ruleId}\`)\n\n${link}`;
  const lines = p.markdown.replace(/\r\n?/g, '\n').split('\n');
  const heading = /^#\s+([^:]+):\s*(.*)$/.exec(lines[0] ?? '');
  const title = heading?.[2] || fallbackTitle || ruleId;
  const paragraph: string[] = [];
  const bullets: string[] = [];
  let i = 1;
  while (i < lines.length && !lines[i].trim()) i++;
  for (; i < lines.length && lines[i].trim() && !lines[i].startsWith('- ') && !lines[i].startsWith('#'); i++) paragraph.push(lines[i].trim());
  for (; i < lines.length && !lines[i].startsWith('#'); i++) if (lines[i].startsWith('- ')) bullets.push(lines[i]);
  return [`**${title}** (\`${ruleId}\`)`, paragraph.join(' '), bullets.join('\n'), link].filter(Boolean).join('\n\n');
}
