/**
 * A service without a health check is "running" as soon as its process starts:
 * `depends_on: condition: service_healthy` cannot wait for it, `docker compose ps`
 * and `up --wait` cannot tell a wedged service from a working one.
 *
 * A built service whose Dockerfile gives the shipped stage (the build's `target`,
 * else the last; own or inherited from the stage it is built FROM) a HEALTHCHECK has
 * one: read through the file view, nothing else to add in the Compose file.
 */
import { isMap } from 'yaml';
import { composeRule, reportOnService } from '../rule';
import type { ComposeModel, ComposeService } from '../model';
import type { FileView } from '../../core/types';
import { entries, entry, scalarText } from '../../yaml/nodes';
import { builtImage } from '../knowledge/buildPaths';
import { healthcheckState } from '../knowledge/healthcheck';
import { effectiveHealthcheck } from '../../dockerfile/knowledge/healthcheck';


/** Services another one waits for with `condition: service_completed_successfully`: one-shot jobs. */
function oneShotServices(model: ComposeModel): Set<string> {
  const out = new Set<string>();
  for (const s of model.services) {
    for (const dep of entries(s.get('depends_on')?.value)) {
      if (scalarText(entry(dep.value, 'condition')?.value) === 'service_completed_successfully') out.add(dep.name);
    }
  }
  return out;
}

/** The built image's shipped stage has a HEALTHCHECK other than `HEALTHCHECK NONE`. */
function imageHasHealthcheck(files: FileView, model: ComposeModel, service: ComposeService): boolean {
  const image = builtImage(files, model, service);
  const hc = image && effectiveHealthcheck(image.dockerfile, image.stage);
  return !!hc && !hc.none;
}

export default composeRule(
  { id: 'compose-healthcheck-missing', title: 'Give each long-running service a health check', severity: 'info', plan: '§6.1' },
  (ctx) => {
    let oneShot: Set<string> | undefined;
    for (const service of ctx.model.services) {
      if (!isMap(service.node)) continue; // a string, a list, nothing: the schema rule reports it
      if (healthcheckState(service) !== 'none') continue;
      // `extends` may bring a healthcheck this file does not show.
      if (service.get('extends')) continue;
      oneShot ??= oneShotServices(ctx.model);
      if (oneShot.has(service.name)) continue;
      if (service.built && ctx.files && imageHasHealthcheck(ctx.files, ctx.model, service)) continue;
      reportOnService(
        ctx,
        service,
        `Service "${service.name}" has no health check: Compose counts it ready as soon as its process starts, so dependants cannot wait for it (condition: service_healthy) and a hung service looks "running". Add a healthcheck with a test that probes it, or "disable: true" if it cannot have one.`,
      );
    }
  },
);
