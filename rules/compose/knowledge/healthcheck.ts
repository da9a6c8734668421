/** What a Compose file says about a service's health check: shared by the health rules of both kinds. */
import type { ComposeService } from '../model';
import { entry, isTrue, scalarText, seqItems } from '../../yaml/nodes';

export type HealthcheckState =
  /** No `healthcheck` key at all (own or merged). */
  | 'none'
  /** `disable: true` or `test: ["NONE"]`: a deliberate choice. */
  | 'disabled'
  /** A `test` of its own: Compose can wait for `service_healthy`. */
  | 'test'
  /** Only timings (`interval`, `retries`...): the image's HEALTHCHECK, if any, runs with them. */
  | 'image';

/** What the Compose file says about a service's health check. */
export function healthcheckState(service: ComposeService): HealthcheckState {
  const hc = service.get('healthcheck');
  if (!hc) return 'none';
  if (isTrue(entry(hc.value, 'disable')?.value)) return 'disabled';
  const test = entry(hc.value, 'test');
  if (!test) return 'image';
  const first = scalarText(seqItems(test.value)[0]) ?? scalarText(test.value);
  return first === 'NONE' ? 'disabled' : 'test';
}
