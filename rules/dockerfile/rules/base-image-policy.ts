/**
 * The project standardises a base image per family in `.layerwise.yaml`
 * (`baseImages: { python: python:3.12-alpine }`, plan §2.1); a `FROM` of that family
 * with another tag or variant drifts from it.
 */
import { dockerfileRule, type DockerfileContext } from '../rule';
import { splitImage, type Stage } from '../model';
import { normalizeRepository } from '../knowledge/base-images';
import { tagSource, type PropertySpan } from '../knowledge/image-refs';
import type { Fix } from '../../core/types';

interface Standard {
  ref: string;
  tag: string;
  digest?: string;
}

function standards(baseImages: Readonly<Record<string, string>>): Map<string, Standard> {
  const out = new Map<string, Standard>();
  for (const ref of Object.values(baseImages)) {
    if (typeof ref !== 'string' || !ref.trim() || ref.includes('$')) continue;
    const s = splitImage(ref.trim());
    out.set(normalizeRepository(s.repository), { ref: ref.trim(), tag: s.tag ?? 'latest', digest: s.digest });
  }
  return out;
}

/** `3.12.4-alpine3.20` → ['3.12.4', '-alpine3.20']. */
function splitTag(tag: string): [string, string] {
  const m = /^[0-9]+(?:\.[0-9]+)*/.exec(tag);
  return m ? [m[0], tag.slice(m[0].length)] : ['', tag];
}

/** The tag is the standard's, or a more precise pin of it (`3.12.4-alpine3.20` for `3.12-alpine`). */
function meetsStandard(tag: string, std: Standard): boolean {
  if (tag === std.tag) return true;
  const [v, variant] = splitTag(tag);
  const [sv, svariant] = splitTag(std.tag);
  if (!sv || !v.startsWith(sv + '.')) return false;
  return variant === svariant || (variant.startsWith(svariant) && /^[0-9.]+$/.test(variant.slice(svariant.length)));
}

/** `repo:tag[@digest]` keeping the repository as the file writes it (`docker.io/library/python` stays). */
function rewrite(writtenRef: string, std: Standard): string {
  return `${splitImage(writtenRef).repository}:${std.tag}${std.digest ? '@' + std.digest : ''}`;
}

/** Replaces an ARG default, keeping its quotes. */
function argEdit(ctx: DockerfileContext, arg: PropertySpan, value: string) {
  const q = ctx.model.text[arg.valueStart];
  const quoted = (q === '"' || q === "'") && arg.valueEnd - arg.valueStart >= 2;
  return quoted ? ctx.replace(arg.valueStart + 1, arg.valueEnd - 1, value) : ctx.replace(arg.valueStart, arg.valueEnd, value);
}

/** The number of FROM lines that name `${name}`/`$name`: a default shared by several FROMs is not this stage's alone. */
function fromUses(stages: readonly Stage[], name: string): number {
  const re = new RegExp(`\\$(\\{${name}[}:+-]|${name}(?![A-Za-z0-9_]))`);
  return stages.filter((s) => re.test(s.image.raw)).length;
}

export default dockerfileRule(
  { id: 'base-image-policy', title: 'Use the base image the project standardised', severity: 'warning', plan: '§2.1', fix: 'unsafe' },
  (ctx) => {
    const { model } = ctx;
    const policy = standards(ctx.config.baseImages ?? {});
    if (policy.size === 0) return;
    const reported = new Set<number>();
    for (const stage of model.stages) {
      const image = stage.image;
      if (stage.parent || image.unresolved || !image.resolved || image.resolved.toLowerCase() === 'scratch') continue;
      const family = normalizeRepository(image.repository);
      const std = policy.get(family);
      if (!std) continue;
      if (meetsStandard(image.tag ?? 'latest', std) && (!std.digest || image.digest === std.digest)) continue;
      const message = `The project standardises \`${family}\` on \`${std.ref}\` (.layerwise.yaml baseImages, plan §2.1); this stage uses \`${image.resolved}\`.`;
      const title = `Use \`${std.ref}\``;
      const src = tagSource(model, stage);
      let start = image.start;
      let end = image.end;
      let fix: Fix | undefined;
      if (src.in === 'from') {
        fix = { title, safe: false, edits: [ctx.replace(image.start, image.end, rewrite(image.raw, std))] };
      } else if (src.in === 'arg-tag' || src.in === 'arg-ref') {
        start = src.arg.valueStart;
        end = src.arg.valueEnd;
        const value = src.in === 'arg-tag' ? (std.digest ? undefined : std.tag) : rewrite(src.arg.value ?? '', std);
        // The FROM's own digest would still pin the old tag; a default other FROMs share is not ours to change.
        if (value !== undefined && !image.digest && fromUses(model.stages, src.arg.name) === 1) fix = { title, safe: false, edits: [argEdit(ctx, src.arg, value)] };
      }
      if (reported.has(start)) continue;
      reported.add(start);
      ctx.report({ start, end, message, fixes: fix ? [fix] : [] });
    }
  },
);
