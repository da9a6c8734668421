/**
 * Which environment variable names say "this is a credential", and which values
 * embed one. Names are split into words on `_`, `-`, `.` and camelCase
 * (`DB_PASSWORD`, `db-password`, `dbPassword` → DB PASSWORD), and words are
 * matched whole, so `AUTHOR` is not `AUTH` and `PASSTHROUGH` is not `PASS`.
 */

/** Words that name a credential wherever they appear in the name. */
const CREDENTIAL_WORDS = new Set([
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASSPHRASE',
  'SECRET',
  'SECRETS',
  'TOKEN',
  'TOKENS',
  'APIKEY', // `APIKEY`, `apikey`
  'CREDENTIAL',
  'CREDENTIALS',
  'CREDS',
]);

/**
 * Words that name a credential only as the last word of a longer name: `DB_PWD`,
 * `REDIS_PASS`, `BASIC_AUTH` are credentials, but `PWD` alone is the shell's working
 * directory, and `AUTH_TYPE` / `AUTH_PROVIDER` / `PASS_MIN_DAYS` are settings.
 */
const LAST_WORD_CREDENTIALS = new Set(['PWD', 'PASS', 'AUTH']);

/** `<word>_KEY` pairs that are keys to something (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`...); a bare `KEY` is not enough. */
const KEY_QUALIFIERS = new Set(['API', 'PRIVATE', 'ACCESS', 'SECRET', 'ENCRYPTION', 'SIGNING', 'MASTER', 'AUTH', 'LICENSE', 'SERVICE', 'ACCOUNT']);

/**
 * A last word that says the variable configures or locates a credential rather
 * than holding it: `TOKEN_TTL=3600`, `DB_PASSWORD_FILE=/run/secrets/db`,
 * `SECRET_NAME=prod`, `AUTH_URL=https://...`, `PASSWORD_MIN_LENGTH=12`.
 */
const NOT_A_CREDENTIAL_LAST_WORDS = new Set([
  'TTL',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'LIFETIME',
  'TIMEOUT',
  'LENGTH',
  'LEN',
  'URL',
  'URI',
  'HOST',
  'HOSTNAME',
  'PORT',
  'USER',
  'USERNAME',
  'NAME',
  'ID',
  'PATH',
  'FILE',
  'DIR',
  'ENABLED',
  'ENABLE',
  'DISABLED',
  'DISABLE',
  'TYPE',
  'MODE',
  'METHOD',
  'PROVIDER',
  'HEADER',
  'ALGORITHM',
  'ISSUER',
  'AUDIENCE',
  'POLICY',
  'REQUIRED',
]);

/** Last words of variables that hold a URL or connection string, which may carry `user:password@`. */
const URL_LAST_WORDS = new Set(['URL', 'URI', 'DSN']);

function isUpper(c: string): boolean {
  return c >= 'A' && c <= 'Z';
}

function isLower(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/** `DB_PASSWORD` / `db-password` / `dbPassword` / `DBPassword` → `['DB', 'PASSWORD']`. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c === '_' || c === '-' || c === '.') {
      if (current) words.push(current);
      current = '';
      continue;
    }
    // camelCase boundary: `bP` in dbPassword, or `BP` followed by lower case in DBPassword.
    const prev = name[i - 1] ?? '';
    const next = name[i + 1] ?? '';
    if (current && isUpper(c) && (isLower(prev) || (isUpper(prev) && next >= 'a' && next <= 'z'))) {
      words.push(current);
      current = '';
    }
    current += c;
  }
  if (current) words.push(current);
  return words.map((w) => w.toUpperCase());
}

/** True when a variable of this name holds a credential (`DB_PASSWORD`, `INFLUXDB_TOKEN`, `AWS_SECRET_ACCESS_KEY`). */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  const last = words[words.length - 1];
  if (NOT_A_CREDENTIAL_LAST_WORDS.has(last)) return false;
  if (words.length > 1 && LAST_WORD_CREDENTIALS.has(last)) return true;
  for (let i = 0; i < words.length; i++) {
    if (CREDENTIAL_WORDS.has(words[i])) return true;
    if (words[i] === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1])) return true;
  }
  return false;
}

/** True for names that hold a URL or DSN, where a password can hide in `scheme://user:password@host`. */
export function isUrlName(name: string): boolean {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (URL_LAST_WORDS.has(last)) return true;
  // CONNECTION_STRING, CONN_STR
  const prev = words[words.length - 2];
  return (prev === 'CONNECTION' || prev === 'CONN') && (last === 'STRING' || last === 'STR');
}

/**
 * Offsets (in `value`) of the password in `scheme://user:password@host...`, or
 * undefined when the URL carries none. Only the authority part is looked at.
 */
export function urlPassword(value: string): { start: number; end: number } | undefined {
  const scheme = value.indexOf('://');
  if (scheme < 0) return undefined;
  // Scan the authority, skipping `${...}` so `${USER:-app}` or `${X:-a/b}` do not split it.
  let colon = -1;
  let at = -1;
  let depth = 0;
  for (let i = scheme + 3; i < value.length; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth > 0) {
      if (c === '}') depth--;
    } else if (c === '/' || c === '?' || c === '#') break;
    else if (c === ':' && colon < 0) colon = i;
    else if (c === '@') at = i;
  }
  if (at < 0 || colon < 0 || colon > at || colon + 1 === at) return undefined;
  return { start: colon + 1, end: at };
}

/** Values that are switches, not secrets (`REDIS_AUTH: "yes"`, `BASIC_AUTH=false`). */
export function isSwitchValue(value: string): boolean {
  return /^(?:true|false|yes|no|on|off|none|null|disabled|enabled)$/i.test(value.trim());
}
