/**
 * A service's resource limits and reservations, read in both forms Compose
 * accepts today: `deploy.resources.{limits,reservations}.{memory,cpus}` and the
 * service-level `mem_limit` / `mem_reservation` / `cpus` (Compose rejects a service
 * whose two forms disagree). One reader for every rule that looks at resources.
 */
import { isMap } from 'yaml';
import type { ComposeService } from '../model';
import { entry, isEmptyNode, scalarText, span, type Entry, type YNode } from '../../yaml/nodes';

export type ResourceForm = 'deploy' | 'service';

export interface ResourceSetting {
  form: ResourceForm;
  /** Where it is set, as a user would name it: `deploy.resources.limits.memory`, `mem_limit`. */
  path: string;
  entry: Entry;
  /** The value as written (numbers as their source text). */
  text: string;
  start: number;
  end: number;
}

export interface ServiceResources {
  memoryLimits: ResourceSetting[];
  memoryReservations: ResourceSetting[];
  cpuLimits: ResourceSetting[];
  cpuReservations: ResourceSetting[];
  /** `cpu_quota` also caps CPU time (with `cpu_period`); it counts as a CPU limit but has no comparable value. */
  cpuQuota: Entry | undefined;
  /** The forms this service writes its settings in. */
  forms: Set<ResourceForm>;
}

function setting(e: Entry | undefined, form: ResourceForm, path: string): ResourceSetting | undefined {
  if (!e || isEmptyNode(e.value)) return undefined;
  const text = scalarText(e.value);
  const r = span(e.value);
  if (text === undefined || !r) return undefined;
  return { form, path, entry: e, text, start: r[0], end: r[1] };
}

function present<T>(items: (T | undefined)[]): T[] {
  return items.filter((i): i is T => i !== undefined);
}

export function serviceResources(service: ComposeService): ServiceResources {
  const resources = entry(service.get('deploy')?.value, 'resources')?.value;
  const limits = entry(resources, 'limits')?.value;
  const reservations = entry(resources, 'reservations')?.value;
  const deploySetting = (map: YNode | null | undefined, group: string, key: string) =>
    setting(entry(map, key), 'deploy', `deploy.resources.${group}.${key}`);
  const own = (key: string) => setting(service.get(key), 'service', key);
  const out: ServiceResources = {
    memoryLimits: present([deploySetting(limits, 'limits', 'memory'), own('mem_limit')]),
    memoryReservations: present([deploySetting(reservations, 'reservations', 'memory'), own('mem_reservation')]),
    cpuLimits: present([deploySetting(limits, 'limits', 'cpus'), own('cpus')]),
    cpuReservations: present([deploySetting(reservations, 'reservations', 'cpus')]),
    cpuQuota: isEmptyNode(service.get('cpu_quota')?.value) ? undefined : service.get('cpu_quota'),
    forms: new Set(),
  };
  for (const s of [...out.memoryLimits, ...out.memoryReservations, ...out.cpuLimits, ...out.cpuReservations]) out.forms.add(s.form);
  if (isMap(resources) && (isMap(limits) || isMap(reservations))) out.forms.add('deploy');
  return out;
}


