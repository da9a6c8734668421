/**
 * Where the parts of a `FROM` image reference are written: in the FROM itself, or in
 * the default of a global `ARG` it names (`ARG PY=3.12` … `FROM python:${PY}`). The
 * base-image rules point at, and rewrite, whichever text decides the tag.
 */
import type { DockerfileModel, Instr, Stage } from '../model';
import { declarations, type PropertySpan } from '../properties';

export { declarations, properties, type PropertySpan } from '../properties';

/** The last global ARG (before the first FROM) declaring `name`, with its default. */
export function globalArg(model: DockerfileModel, name: string): PropertySpan | undefined {
  let found: PropertySpan | undefined;
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') break;
    if (instr.keyword !== 'ARG') continue;
    for (const p of declarations(model, instr)) if (p.name === name) found = p;
  }
  return found;
}

/** `$NAME` or `${NAME}` alone → NAME. */
export function soleVariable(text: string): string | undefined {
  const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(text);
  return m ? m[1] ?? m[2] : undefined;
}

/** Where a stage's image tag is decided. */
export type TagSource =
  /** Written in the FROM: offsets of the whole reference as written. */
  | { in: 'from'; start: number; end: number }
  /** The FROM's tag is `${ARG}`: the ARG default is the tag. */
  | { in: 'arg-tag'; arg: PropertySpan }
  /** The whole reference is `${ARG}`: the ARG default is the reference. */
  | { in: 'arg-ref'; arg: PropertySpan }
  /** Some other mix of text and variables: nothing single to point at. */
  | { in: 'mixed' };

export function tagSource(model: DockerfileModel, stage: Stage): TagSource {
  const { raw, start, end } = stage.image;
  if (!raw.includes('$')) return { in: 'from', start, end };
  const whole = soleVariable(raw);
  if (whole) {
    const arg = globalArg(model, whole);
    return arg && arg.value ? { in: 'arg-ref', arg } : { in: 'mixed' };
  }
  const slash = raw.lastIndexOf('/');
  const colon = raw.indexOf(':', slash + 1);
  const at = raw.indexOf('@');
  if (colon < 0 || raw.slice(0, colon).includes('$') || (at >= 0 && at < colon)) return { in: 'mixed' };
  const tagVar = soleVariable(raw.slice(colon + 1, at >= 0 ? at : undefined));
  const arg = tagVar ? globalArg(model, tagVar) : undefined;
  return arg && arg.value ? { in: 'arg-tag', arg } : { in: 'mixed' };
}
