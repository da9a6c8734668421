import { serviceRule, hardeningSeverity, reportOnService } from '../rule';
import { appendItem, insertEntry } from '../../yaml/edit';
import { enablesNoNewPrivileges, securityOptions } from '../knowledge/securityOpt';
import type { TextEdit } from '../../core/types';
import { scalarText, seqItems, writesKey } from '../../yaml/nodes';

const VALUE = 'no-new-privileges:true';

export default serviceRule(
  { id: 'compose-no-new-privileges', title: 'Stop processes from gaining privileges', severity: 'warning', plan: '§3.2', fix: 'unsafe' },
  (ctx, service) => {
    const { entry, options } = securityOptions(service);
    if (options.some(enablesNoNewPrivileges)) return;
    const disabled = options.find((o) => o.name === 'no-new-privileges');
    const severity = hardeningSeverity(service, 'warning');
    if (disabled) {
      ctx.report({
        start: disabled.start,
        end: disabled.end,
        severity,
        message: `Service "${service.name}" turns no-new-privileges off, so a setuid binary in the container can gain root. Set it to true unless the service really needs to escalate.`,
        fixes: entry && !entry.inherited ? [{ title: `Set ${VALUE}`, safe: false, edits: [ctx.replace(disabled.start, disabled.end, VALUE)] }] : [],
      });
      return;
    }
    let edit: TextEdit | undefined;
    // `security_opt: !reset` is a key of the service already: a second one would be a YAML error.
    if (!entry && writesKey(service.node, 'security_opt')) edit = undefined;
    else if (entry && !entry.inherited) edit = appendItem(ctx.model, entry.value, VALUE);
    else {
      // A list merged from an anchor is replaced, not extended, by a key of the service's own: repeat its items.
      const inherited = seqItems(entry?.value).map((n) => scalarText(n)).filter((t): t is string => t !== undefined);
      edit = insertEntry(ctx.model, service.node, 'security_opt', [...inherited, VALUE], { after: ['privileged', 'user', 'read_only', 'cap_add', 'cap_drop'], parentKey: service.key });
    }
    reportOnService(
      ctx,
      service,
      `Service "${service.name}" does not set no-new-privileges: a setuid binary in the container could gain root. Add "${VALUE}" to its security_opt.`,
      edit ? [{ title: `Add ${VALUE} to security_opt`, safe: false, edits: [edit] }] : [],
      severity,
    );
  },
);
