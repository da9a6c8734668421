/**
 * How firmly a Compose `image:` names one image. The reference is split by the
 * Dockerfile model's `splitImage` (a registry port is not a tag); Compose
 * interpolation is resolved to its written defaults first, so `app:${TAG:-latest}`
 * reads as `app:latest` while `app:${TAG}` and `${IMAGE}` stay unknown.
 */
import { splitImage } from '../../dockerfile/model';
import { interpolations } from '../interpolation';

export type ImagePin =
  /** `@sha256:…`: one image, whatever the tag says. */
  | 'digest'
  /** A tag other than `latest`. */
  | 'tag'
  /** `:latest` written out. */
  | 'latest'
  /** No tag: Docker pulls `latest`. */
  | 'none'
  /** A variable without a default decides the tag (or may carry one). */
  | 'unknown';

export interface ImagePinning {
  pin: ImagePin;
  /** The tag (or its absence) was read from an interpolation default (`${TAG:-latest}`, `${IMAGE:-app}`), which the environment may override. */
  fromDefault: boolean;
}

/** Stands for text a variable with no default decides. */
const UNKNOWN = '\u0000';
/** Brackets text that came from a default. */
const DEFAULT = '\u0001';

/** `s` with every interpolation replaced by its `:-`/`-` default (bracketed by DEFAULT), or UNKNOWN. */
function withDefaults(s: string, depth: number): string {
  let out = '';
  let pos = 0;
  for (const p of interpolations(s)) {
    out += s.slice(pos, p.start).replaceAll('$$', '$');
    out += (p.op === ':-' || p.op === '-') && depth < 8 ? DEFAULT + withDefaults(p.arg ?? '', depth + 1) + DEFAULT : UNKNOWN;
    pos = p.end;
  }
  return out + s.slice(pos).replaceAll('$$', '$');
}

export function imagePinning(image: string): ImagePinning {
  const { repository, tag, digest } = splitImage(withDefaults(image, 0));
  if (digest !== undefined) return { pin: 'digest', fromDefault: digest.includes(DEFAULT) };
  if (tag !== undefined) {
    const plain = tag.replaceAll(DEFAULT, '');
    if (plain === '' || tag.includes(UNKNOWN)) return { pin: 'unknown', fromDefault: false };
    return { pin: plain === 'latest' ? 'latest' : 'tag', fromDefault: tag.includes(DEFAULT) };
  }
  // `${IMAGE}` or `org/${NAME}` may carry a tag; `${REGISTRY}/postgres` cannot.
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  if (name.includes(UNKNOWN)) return { pin: 'unknown', fromDefault: false };
  return { pin: 'none', fromDefault: name.includes(DEFAULT) };
}
