/**
 * Where a rule's documentation lives. The editor links to the page shipped in the
 * extension (works offline); SARIF and other outside consumers get the web URL.
 */
export const DOCS_BASE_URL = 'https://github.com/layerwise-dev/layerwise/blob/main/rules/docs/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Path of the docs page relative to the package root (`rules/docs/<id>.md`). */
export function docsRelativePath(ruleId: string): string {
  return `rules/docs/${ruleId}.md`;
}
