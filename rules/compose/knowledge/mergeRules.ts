/**
 * How Compose merges an override into its base, as far as "does this override
 * repeat the base?" needs it (compose-go's `override` package):
 * - mappings merge key by key;
 * - `environment`, `labels`, `annotations`, `build.args`, `sysctls` merge by name,
 *   whether written as a list of `NAME=value` or as a mapping;
 * - most sequences merge by item, dropping repeats (ports, volumes, secrets…);
 * - a few replace the base's value as a whole (command, entrypoint, health test).
 */

/** Keys holding `NAME=value` lists or mappings, merged by name. */
export const MERGED_BY_NAME = new Set(['environment', 'labels', 'annotations', 'args', 'sysctls', 'extra_hosts']);

/** Sequences whose items are merged (a repeated item adds nothing). */
export const MERGED_BY_ITEM = new Set([
  'ports',
  'expose',
  'volumes',
  'secrets',
  'configs',
  'cap_add',
  'cap_drop',
  'security_opt',
  'dns',
  'dns_search',
  'dns_opt',
  'env_file',
  'tmpfs',
  'devices',
  'volumes_from',
  'links',
  'external_links',
  'profiles',
  'group_add',
  'cache_from',
  'cache_to',
]);

/** Values an override replaces whole: equal only when equal as a whole. */
export const REPLACED_WHOLE = new Set(['command', 'entrypoint', 'test']);
