/**
 * What looks like a credential in a Dockerfile (plan §3.3: secrets never in the image).
 *
 * Names: BuildKit's `SecretsUsedInArgOrEnv` check (moby/buildkit
 * frontend/dockerfile/dockerfile2llb/convert.go `getSecretsRegex`) matches these words
 * between `_` or the ends of the name, case-insensitively: `apikey`, `auth`,
 * `credential`, `credentials`, `key`, `password`, `pword`, `passwd`, `secret`, `token`;
 * a name with the word `public` is allowed. So `NPM_TOKEN`, `API_KEY`, `DB_PASSWORD`
 * match and `TOKENIZERS_PARALLELISM`, `MONKEY` do not. Layerwise also allows names
 * whose words say they hold a reference rather than the secret: `file`, `path`,
 * `dir`, `url`, `version`, `name`, `id`, `type`, `length`, `size`, `env`,
 * `location`, `server` (`TOKEN_FILE`, `SECRET_KEY_PATH`, `AUTH_URL`,
 * `SSH_KEY_VERSION`), and GPG key fingerprints (`GPG_KEY`, `*_GPG_KEY`), which the
 * official images publish to verify downloads.
 *
 * Files (COPY/ADD sources, by name):
 *
 * | Kind | Names |
 * |---|---|
 * | environment files | `.env`, `.env.<anything>` except `.example`, `.sample`, `.template`, `.dist`, `.defaults`, `.default`, `.schema` |
 * | private keys | `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519` (and `_sk` variants), `*.key` (not `*.pub`, nor GPG/APT signing keys: `*.gpg.key`, names with `gpg`, `pgp`, `apt`, `signing`, `public`), `.ssh/` |
 * | credential stores | `.git-credentials`, `.netrc`, `.pgpass`, `.docker/config.json`, `.aws/credentials`, `.aws/` |
 *
 * `.npmrc`/`.pypirc` are ordinary manifests unless they hold a token, which a
 * Dockerfile cannot show; only a token the Dockerfile itself writes (`_authToken=`)
 * is reported.
 */

const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
const NOT_SECRET_WORDS = new Set(['public', 'file', 'path', 'dir', 'url', 'version', 'name', 'id', 'type', 'length', 'size', 'env', 'location', 'server', 'gpg', 'pgp']);

/** True when an ENV/ARG name says it holds a credential. */
export function isSecretName(name: string): boolean {
  const words = name.toLowerCase().split('_');
  return words.some((w) => SECRET_WORDS.has(w)) && !words.some((w) => NOT_SECRET_WORDS.has(w));
}

/** A value written out (not `$VAR`/`${VAR}` references alone, not empty). */
export function isLiteralValue(value: string): boolean {
  const rest = value.replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '').trim();
  return rest.length > 0;
}

export type SecretFileKind = 'env' | 'key' | 'credentials';

const ENV_TEMPLATE_SUFFIXES = new Set(['example', 'sample', 'template', 'dist', 'defaults', 'default', 'schema', 'tmpl', 'tpl']);
const SSH_KEYS = /^id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/;
const SIGNING_KEY_WORDS = /gpg|pgp|apt|signing|public|archive|keyring|release/;

/** What a COPY/ADD source is, when it is a file that holds secrets. */
export function secretFile(source: string): SecretFileKind | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) return undefined;
  const path = source.replace(/\/+$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const lower = base.toLowerCase();
  if (lower === '.env') return 'env';
  if (lower.startsWith('.env.')) return ENV_TEMPLATE_SUFFIXES.has(lower.slice(5)) ? undefined : 'env';
  if (SSH_KEYS.test(lower) || lower === '.ssh') return 'key';
  if (lower.endsWith('.key') && !SIGNING_KEY_WORDS.test(lower)) return 'key';
  if (lower === '.git-credentials' || lower === '.netrc' || lower === '.pgpass' || lower === '.aws') return 'credentials';
  const p = path.toLowerCase();
  if (p.endsWith('.docker/config.json') || p.endsWith('.aws/credentials')) return 'credentials';
  return undefined;
}

/** npm/yarn registry credentials in an `.npmrc` line: `//registry/:_authToken=…`, `_auth=…`, `_password=…`. */
export const NPMRC_AUTH = /:?_(authToken|auth|password)=/;
