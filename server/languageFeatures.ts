/**
 * Dockerfile editing features from dockerfile-language-service (completion,
 * hover, formatting, symbols, folding, semantic tokens, signature help,
 * highlights, definition, rename, links) and its syntax validation. The service
 * works on the text alone; every call is guarded so a failure in it returns
 * nothing instead of failing the request, and big texts are refused because some
 * of its features are quadratic (semantic tokens take seconds on 50 KB).
 */
import { DockerfileLanguageServiceFactory, type DockerfileLanguageService } from 'dockerfile-language-service';
import { TokensLegend } from 'dockerfile-language-service/lib/dockerSemanticTokens';
import {
  DiagnosticSeverity,
  MarkupKind,
  SemanticTokenModifiers,
  SemanticTokenTypes,
  type ClientCapabilities,
  type CompletionItem,
  type Diagnostic,
  type DocumentHighlight,
  type DocumentLink,
  type FoldingRange,
  type FormattingOptions,
  type Hover,
  type Location,
  type Position,
  type Range,
  type SemanticTokens,
  type SemanticTokensLegend,
  type SignatureHelp,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';

/** Beyond this the service is not asked at all (validation of 1 MB of noise takes seconds). */
export const MAX_SERVICE_CHARS = 256 * 1024;
/** Semantic tokens are quadratic in the service: 10 KB ≈ 0.3 s, 30 KB ≈ 1 s. Above this the editor keeps its TextMate colours. */
export const MAX_SEMANTIC_TOKEN_CHARS = 32 * 1024;

/**
 * The validator's opinions (casing, MAINTAINER, relative WORKDIR, several CMDs...)
 * are off: Layerwise reports only what would break the build. Errors it still
 * finds are syntax errors.
 */
type ValidatorSettings = NonNullable<Parameters<DockerfileLanguageService['validate']>[1]>;
/** dockerfile-utils' ValidationSeverity.IGNORE (that package is the service's dependency, not ours). */
const IGNORE = 0;
const VALIDATOR_SETTINGS: ValidatorSettings = {
  deprecatedMaintainer: IGNORE,
  directiveCasing: IGNORE,
  emptyContinuationLine: IGNORE,
  instructionCasing: IGNORE,
  instructionCmdMultiple: IGNORE,
  instructionEntrypointMultiple: IGNORE,
  instructionHealthcheckMultiple: IGNORE,
  instructionJSONInSingleQuotes: IGNORE,
  instructionWorkdirRelative: IGNORE,
};

export const SYNTAX_SOURCE = 'dockerfile-utils';

/** The service's semantic token legend, read from the service so indices always match. */
export function semanticTokensLegend(): SemanticTokensLegend {
  const tokenTypes: string[] = [];
  for (const t of Object.values(SemanticTokenTypes)) {
    const i = TokensLegend.getTokenType(t);
    if (typeof i === 'number') tokenTypes[i] = t;
  }
  const tokenModifiers: string[] = [];
  for (const m of Object.values(SemanticTokenModifiers)) {
    const bit = TokensLegend.getTokenModifiers([m]);
    if (bit) tokenModifiers[Math.log2(bit)] = m;
  }
  // Holes would shift every later index: fill them with names the service never uses.
  for (let i = 0; i < tokenTypes.length; i++) tokenTypes[i] ??= `layerwiseUnused${i}`;
  for (let i = 0; i < tokenModifiers.length; i++) tokenModifiers[i] ??= `layerwiseUnused${i}`;
  return { tokenTypes, tokenModifiers };
}

export class DockerfileFeatures {
  private readonly service: DockerfileLanguageService = DockerfileLanguageServiceFactory.createLanguageService();

  constructor(private readonly log: (message: string) => void) {
    this.service.setLogger({ log: (m) => this.log(`dockerfile-language-service: ${m}`) });
  }

  setClientCapabilities(caps: ClientCapabilities): void {
    const item = caps.textDocument?.completion?.completionItem;
    this.service.setCapabilities({
      completion: {
        completionItem: {
          deprecatedSupport: item?.deprecatedSupport,
          documentationFormat: item?.documentationFormat,
          snippetSupport: item?.snippetSupport,
          tagSupport: item?.tagSupport,
        },
      },
      foldingRange: { lineFoldingOnly: caps.textDocument?.foldingRange?.lineFoldingOnly, rangeLimit: caps.textDocument?.foldingRange?.rangeLimit },
      hover: { contentFormat: caps.textDocument?.hover?.contentFormat ?? [MarkupKind.Markdown, MarkupKind.PlainText] },
    });
  }

  /** Runs a service call; a throw is logged and becomes `fallback`. */
  private guard<T>(what: string, text: string, fallback: T, call: () => T, limit = MAX_SERVICE_CHARS): T {
    if (text.length > limit) return fallback;
    try {
      return call() ?? fallback;
    } catch (e) {
      this.log(`dockerfile-language-service ${what} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  }

  /** Errors from the service's validator (syntax the builder rejects), with our source; its warnings are left out. */
  syntaxErrors(text: string): Diagnostic[] {
    const found = this.guard('validate', text, [] as Diagnostic[], () => this.service.validate(text, VALIDATOR_SETTINGS) as Diagnostic[]);
    return found
      .filter((d) => d.severity === DiagnosticSeverity.Error)
      .map((d) => ({ range: d.range, severity: DiagnosticSeverity.Error, source: SYNTAX_SOURCE, message: d.message, ...(d.code !== undefined ? { code: d.code } : {}) }));
  }

  async completion(text: string, position: Position): Promise<CompletionItem[]> {
    if (text.length > MAX_SERVICE_CHARS) return [];
    try {
      return ((await this.service.computeCompletionItems(text, position)) as CompletionItem[]) ?? [];
    } catch (e) {
      this.log(`dockerfile-language-service completion failed: ${e instanceof Error ? e.stack : String(e)}`);
      return [];
    }
  }

  resolveCompletion(item: CompletionItem): CompletionItem {
    return this.guard('completion resolve', '', item, () => this.service.resolveCompletionItem(item as never) as CompletionItem);
  }

  hover(text: string, position: Position): Hover | null {
    return this.guard('hover', text, null, () => this.service.computeHover(text, position) as Hover | null);
  }

  format(text: string, options: FormattingOptions): TextEdit[] {
    return this.guard('format', text, [], () => this.service.format(text, options) as TextEdit[]);
  }

  formatRange(text: string, range: Range, options: FormattingOptions): TextEdit[] {
    return this.guard('range format', text, [], () => this.service.formatRange(text, range, options) as TextEdit[]);
  }

  formatOnType(text: string, position: Position, ch: string, options: FormattingOptions): TextEdit[] {
    return this.guard('on-type format', text, [], () => this.service.formatOnType(text, position, ch, options) as TextEdit[]);
  }

  symbols(uri: string, text: string): SymbolInformation[] {
    return this.guard('symbols', text, [], () => this.service.computeSymbols({ uri }, text) as SymbolInformation[]);
  }

  folding(text: string): FoldingRange[] {
    return this.guard('folding', text, [], () => this.service.computeFoldingRanges(text) as FoldingRange[]);
  }

  semanticTokens(text: string): SemanticTokens {
    return this.guard('semantic tokens', text, { data: [] }, () => this.service.computeSemanticTokens(text) as SemanticTokens, MAX_SEMANTIC_TOKEN_CHARS);
  }

  signatureHelp(text: string, position: Position): SignatureHelp | null {
    return this.guard('signature help', text, null, () => this.service.computeSignatureHelp(text, position) as SignatureHelp);
  }

  highlights(text: string, position: Position): DocumentHighlight[] {
    return this.guard('highlight', text, [], () => this.service.computeHighlightRanges(text, position) as DocumentHighlight[]);
  }

  definition(uri: string, text: string, position: Position): Location | null {
    return this.guard('definition', text, null, () => this.service.computeDefinition({ uri }, text, position) as Location | null);
  }

  prepareRename(text: string, position: Position): Range | null {
    return this.guard('prepare rename', text, null, () => this.service.prepareRename(text, position) as Range | null);
  }

  rename(uri: string, text: string, position: Position, newName: string): WorkspaceEdit | null {
    const edits = this.guard('rename', text, [] as TextEdit[], () => this.service.computeRename({ uri }, text, position, newName) as TextEdit[]);
    return edits.length ? { changes: { [uri]: edits } } : null;
  }

  links(text: string): DocumentLink[] {
    return this.guard('links', text, [], () => this.service.computeLinks(text) as DocumentLink[]);
  }

  resolveLink(link: DocumentLink): DocumentLink {
    return this.guard('link resolve', '', link, () => this.service.resolveLink(link as never) as DocumentLink);
  }
}
