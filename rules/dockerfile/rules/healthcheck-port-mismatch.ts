import { dockerfileRule, buildTargets } from '../rule';
import { shippedStages } from '../query';
import { effectiveHealthcheck, exposedPorts, isExposed, probedPorts } from '../knowledge/healthcheck';

export default dockerfileRule(
  { id: 'healthcheck-port-mismatch', title: 'HEALTHCHECK probes a port the image does not expose', severity: 'warning', plan: '§6.1', fix: 'unsafe' },
  (ctx) => {
    for (const stage of shippedStages(ctx.model, buildTargets(ctx))) {
      const hc = effectiveHealthcheck(ctx.model, stage);
      if (!hc?.command) continue;
      const { ports, unresolved } = exposedPorts(stage);
      // Nothing exposed, or a port we cannot read: nothing to compare with.
      if (!ports.length || unresolved) continue;
      const single = ports.length === 1 && ports[0].from === ports[0].to ? ports[0].from : undefined;
      const listed = ports.map((p) => (p.from === p.to ? `${p.from}` : `${p.from}-${p.to}`)).join(', ');
      for (const probe of probedPorts(ctx.model, hc)) {
        if (probe.port === undefined || isExposed(ports, probe.port)) continue;
        ctx.report({
          start: probe.start,
          end: probe.end,
          message: `The health check probes port ${probe.port}, but the image exposes only ${listed}: if the service listens where it says, the check always fails and the container turns unhealthy. Probe the port the service listens on (or EXPOSE it).`,
          fixes:
            single !== undefined && probe.literal
              ? [{ title: `Probe port ${single}`, safe: false, edits: [ctx.replace(probe.start, probe.end, String(single))] }]
              : [],
        });
      }
    }
  },
);
