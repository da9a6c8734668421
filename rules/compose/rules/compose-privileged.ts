import { serviceRule } from '../rule';
import { isTrue, span } from '../../yaml/nodes';

export default serviceRule(
  { id: 'compose-privileged', title: 'Do not run privileged containers', severity: 'error', plan: '§3.2' },
  (ctx, service) => {
    const privileged = service.get('privileged');
    const r = span(privileged?.value);
    if (!privileged || !r || !isTrue(privileged.value)) return;
    ctx.report({
      start: span(privileged.key)?.[0] ?? r[0],
      end: r[1],
      message: `Service "${service.name}" runs privileged: it gets every capability and the host's devices, so escaping the container is trivial. Grant only the capabilities it needs with cap_add, and devices with devices:.`,
    });
  },
);
