import { isScalar } from 'yaml';
import { composeRule } from '../rule';
import { serviceResources, type ResourceSetting } from '../knowledge/resources';
import { formatBytes, parseBytes, parseCpus } from '../units';
import { hasInterpolation } from '../interpolation';

interface Quantity {
  setting: ResourceSetting;
  value: number;
}

/** Known values only: interpolated (`${MEM:-1g}`) and unreadable ones are left to Compose. */
function quantities(settings: ResourceSetting[], parse: (v: unknown) => number | undefined): Quantity[] {
  const out: Quantity[] = [];
  for (const setting of settings) {
    if (hasInterpolation(setting.text)) continue;
    // Numbers stay numbers (bytes / CPUs as written); strings go through Compose's parser.
    const node = setting.entry.value;
    const value = parse(isScalar(node) ? node.value : setting.text);
    if (value !== undefined) out.push({ setting, value });
  }
  return out;
}

/** The lowest positive limit: 0 means "no limit" to Docker. */
function bindingLimit(limits: Quantity[]): Quantity | undefined {
  let best: Quantity | undefined;
  for (const l of limits) if (l.value > 0 && (!best || l.value < best.value)) best = l;
  return best;
}

export default composeRule(
  { id: 'compose-reservation-exceeds-limit', title: 'Resource reservations must not exceed their limits', severity: 'error', plan: '§7.1' },
  (ctx) => {
    // A reservation in an anchor is shared by the services that merge it: report it once.
    const reported = new Set<number>();
    for (const service of ctx.model.services) {
      const r = serviceResources(service);
      const check = (reservations: Quantity[], limits: Quantity[], what: string, show: (n: number) => string, consequence: string) => {
        const limit = bindingLimit(limits);
        if (!limit) return;
        for (const reservation of reservations) {
          if (reservation.value <= limit.value || reported.has(reservation.setting.start)) continue;
          reported.add(reservation.setting.start);
          ctx.report({
            start: reservation.setting.start,
            end: reservation.setting.end,
            message:
              `Service "${service.name}" reserves ${show(reservation.value)} of ${what} (${reservation.setting.path}) but is limited to ${show(limit.value)} (${limit.setting.path}): ` +
              `${consequence} Keep the reservation at or below the limit (size the limit from profiling, the reservation below it).`,
          });
        }
      };
      check(
        quantities(r.memoryReservations, parseBytes),
        quantities(r.memoryLimits, parseBytes),
        'memory',
        formatBytes,
        'Docker refuses to create a container whose memory reservation is above its limit.',
      );
      check(
        quantities(r.cpuReservations, parseCpus),
        quantities(r.cpuLimits, parseCpus),
        'CPU',
        (n) => `${n} CPU${n === 1 ? '' : 's'}`,
        'The service can never use what it reserves, and a scheduler holds back CPUs it cannot use.',
      );
    }
  },
);
