/**
 * `image: postgres` (or `:latest`) is whatever the registry calls latest on the day
 * of the pull: two hosts, or two `up`s a month apart, run different major versions.
 * A service with `build:` is skipped: there `image:` names the image being built.
 */
import { isScalar } from 'yaml';
import { serviceRule, isOverrideFile } from '../rule';
import { imagePinning } from '../knowledge/imageRef';
import { span } from '../../yaml/nodes';

export default serviceRule(
  { id: 'compose-image-unpinned', title: 'Pin service images to a version', severity: 'warning', plan: '§2.1' },
  (ctx, service) => {
    // `extends`, or the base file of an override, may add a `build:` this file does not show.
    if (service.built || service.get('extends') || isOverrideFile(ctx)) return;
    const image = service.get('image');
    const value = image?.value;
    const r = span(value);
    if (!isScalar(value) || typeof value.value !== 'string' || value.value.trim() === '' || !r) return;
    const ref = value.value;
    const { pin, fromDefault } = imagePinning(ref);
    if (pin !== 'latest' && pin !== 'none') return;
    const what = fromDefault
      ? `falls back to ${pin === 'latest' ? '"latest"' : 'no tag ("latest")'} when its variable is unset`
      : pin === 'latest'
        ? 'uses the "latest" tag'
        : 'has no tag, so Docker pulls "latest"';
    ctx.report({
      start: r[0],
      end: r[1],
      message: `Service "${service.name}" image "${ref}" ${what}: each pull may bring a different version. Pin a version tag (and a digest, @sha256:…, for a fully reproducible deploy).`,
    });
  },
);
