/**
 * `security_opt` entries as Docker reads them: `name:value` or `name=value`
 * (`no-new-privileges` alone means true). One parser for every rule that looks.
 */
import type { ComposeService } from '../model';
import { scalarText, seqItems, span, type Entry, type YNode } from '../../yaml/nodes';

export interface SecurityOption {
  name: string;
  value: string | undefined;
  start: number;
  end: number;
  node: YNode;
}

export function parseSecurityOption(text: string): { name: string; value: string | undefined } {
  const i = text.search(/[:=]/);
  return i < 0 ? { name: text.trim(), value: undefined } : { name: text.slice(0, i).trim(), value: text.slice(i + 1).trim() };
}

export function securityOptions(service: ComposeService): { entry: Entry | undefined; options: SecurityOption[] } {
  const entry = service.get('security_opt');
  const options: SecurityOption[] = [];
  for (const node of seqItems(entry?.value)) {
    const text = scalarText(node);
    const r = span(node);
    if (text === undefined || !r) continue;
    options.push({ ...parseSecurityOption(text), start: r[0], end: r[1], node });
  }
  return { entry, options };
}

/** `no-new-privileges`, `no-new-privileges:true`, `no-new-privileges=true`. */
export function enablesNoNewPrivileges(o: SecurityOption): boolean {
  return o.name === 'no-new-privileges' && (o.value === undefined || o.value.toLowerCase() === 'true');
}
