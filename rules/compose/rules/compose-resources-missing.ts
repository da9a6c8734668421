import { isMap } from 'yaml';
import type { ComposeModel, ComposeService } from '../model';
import { composeRule, reportOnService } from '../rule';
import { serviceResources, type ResourceForm, type ServiceResources } from '../knowledge/resources';
import { addUnder, formFor, type PlainMap } from '../knowledge/resourceEdits';
import { formatBytes, parseBytes } from '../units';
import type { TextEdit } from '../../core/types';

/** Starting points to profile from (plan §7.1 tunes them to the 90th percentile + 20%). */
const MEMORY_LIMIT = '512M';
const MEMORY_RESERVATION = '256M';
const CPU_LIMIT = '1.0';

function fixFor(model: ComposeModel, service: ComposeService, r: ServiceResources, form: ResourceForm, missingMemory: boolean, missingCpu: boolean) {
  // A limit below an existing reservation would be refused: start at the reservation then.
  const reserved = Math.max(0, ...r.memoryReservations.map((s) => parseBytes(s.text) ?? 0));
  const memory = reserved > (parseBytes(MEMORY_LIMIT) ?? 0) ? formatBytes(reserved) : MEMORY_LIMIT;
  const reserve = missingMemory && r.memoryReservations.length === 0;
  const added: string[] = [];
  let edits: TextEdit[] | undefined;
  if (form === 'deploy') {
    const limits: PlainMap = {};
    if (missingMemory) limits.memory = memory;
    if (missingCpu) limits.cpus = CPU_LIMIT;
    const resources: PlainMap = { limits };
    // Only memory is reserved: CPU reservations mean something to Swarm only.
    if (reserve) resources.reservations = { memory: MEMORY_RESERVATION };
    edits = addUnder(model, service.node, service.key, { deploy: { resources } }, []);
    if (missingMemory) added.push(`limits.memory ${memory}`);
    if (reserve) added.push(`reservations.memory ${MEMORY_RESERVATION}`);
    if (missingCpu) added.push(`limits.cpus ${CPU_LIMIT}`);
  } else {
    const keys: PlainMap = {};
    if (missingMemory) keys.mem_limit = memory;
    if (reserve) keys.mem_reservation = MEMORY_RESERVATION;
    if (missingCpu) keys.cpus = CPU_LIMIT;
    edits = addUnder(model, service.node, service.key, keys, ['cpus', 'mem_reservation', 'mem_limit', 'memswap_limit', 'cpu_shares', 'cpu_quota']);
    added.push(...Object.entries(keys).map(([k, v]) => `${k} ${v}`));
  }
  if (!edits?.length) return [];
  const where = form === 'deploy' ? ' under deploy.resources' : '';
  return [{ title: `Add starting-point resource limits${where} (${added.join(', ')}); profile and adjust`, safe: false, edits }];
}

export default composeRule(
  { id: 'compose-resources-missing', title: 'Give each service a memory and CPU limit', severity: 'info', plan: '§7.1', fix: 'unsafe' },
  (ctx) => {
    const all = ctx.model.services.map((service) => ({ service, resources: serviceResources(service) }));
    const fileForms = new Set(all.flatMap((s) => [...s.resources.forms]));
    for (const { service, resources: r } of all) {
      // `extends` may bring the limits from another service or file.
      if (!isMap(service.node) || service.get('extends')) continue;
      const missingMemory = r.memoryLimits.length === 0;
      const missingCpu = r.cpuLimits.length === 0 && !r.cpuQuota;
      if (!missingMemory && !missingCpu) continue;
      const what = missingMemory && missingCpu ? 'no memory limit and no CPU limit' : missingMemory ? 'no memory limit' : 'no CPU limit';
      const set = [missingMemory ? 'memory' : '', missingCpu ? 'cpus' : ''].filter(Boolean).join(' and ');
      reportOnService(
        ctx,
        service,
        `Service "${service.name}" has ${what}: a leak or a busy loop in it can take the host's ${missingMemory ? 'memory' : 'CPU'} from every other service. ` +
          `Set deploy.resources.limits ${set} (or ${[missingMemory ? 'mem_limit' : '', missingCpu ? 'cpus' : ''].filter(Boolean).join(' / ')}) from profiling under load.`,
        fixFor(ctx.model, service, r, formFor(r, fileForms), missingMemory, missingCpu),
      );
    }
  },
);
