import { dockerfileRule } from '../rule';
import { HEALTHCHECK_DEFAULTS, readHealthcheck, timingFlag, type TimingFlag } from '../knowledge/healthcheck';

const MIN_INTERVAL = 5_000;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** A set duration, or Docker's default for an absent or zero one. */
function effective(flag: TimingFlag | undefined, fallback: number): number | undefined {
  if (!flag) return fallback;
  return flag.ms === 0 ? fallback : flag.ms;
}

export default dockerfileRule(
  { id: 'healthcheck-timing', title: 'HEALTHCHECK timing that misreports health', severity: 'info', plan: '§6.1', fix: 'unsafe' },
  (ctx) => {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'HEALTHCHECK') continue;
      const hc = readHealthcheck(ctx.model, instr);
      if (hc.none || !hc.command) continue;
      const interval = timingFlag(hc, 'interval');
      const timeout = timingFlag(hc, 'timeout');
      if (!timingFlag(hc, 'start-period')) {
        const keywordEnd = instr.start + 'HEALTHCHECK'.length;
        const at = hc.flags.length ? hc.flags[hc.flags.length - 1].end : keywordEnd;
        ctx.report({
          start: instr.start,
          end: keywordEnd,
          message: `HEALTHCHECK has no --start-period: failures while the service starts count toward --retries, so a slow start can mark it unhealthy (and stop services that wait for it) before it ever served. Set --start-period to its start-up time.`,
          fixes: [{ title: 'Add `--start-period=30s`', safe: false, edits: [ctx.insert(at, ' --start-period=30s')] }],
        });
      }
      if (interval?.ms !== undefined && interval.ms > 0 && interval.ms < MIN_INTERVAL) {
        ctx.report({
          start: interval.flag.start,
          end: interval.flag.end,
          message: `A check every ${seconds(interval.ms)} runs the probe in the container that often, costing CPU and log lines for little gain; use --interval of 5s or more (30s is Docker's default).`,
        });
      }
      // Only when the user chose one of them: Docker's own defaults (30s/30s) are not this file's doing.
      if (!interval && !timeout) continue;
      const i = effective(interval, HEALTHCHECK_DEFAULTS.interval);
      const t = effective(timeout, HEALTHCHECK_DEFAULTS.timeout);
      if (i === undefined || t === undefined || t < i) continue;
      // With the default timeout, only an interval chosen below it is this file's doing.
      const timeoutSet = !!timeout?.ms;
      if (!timeoutSet && i >= HEALTHCHECK_DEFAULTS.timeout) continue;
      const where = timeoutSet ? timeout! : interval ?? timeout!;
      const tText = timeoutSet ? `--timeout ${seconds(t)}` : `The default --timeout (${seconds(t)})`;
      const iText = interval && interval.ms ? `--interval ${seconds(i)}` : `the default --interval (${seconds(i)})`;
      ctx.report({
        start: where.flag.start,
        end: where.flag.end,
        message: `${tText} is not shorter than ${iText}: a hanging probe is waited on longer than the time between checks, so an unresponsive service is reported late. Set --timeout below --interval.`,
      });
    }
  },
);
