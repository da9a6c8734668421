/**
 * Compose quantities as compose-go reads them. Byte sizes (`mem_limit`, `shm_size`,
 * `deploy.resources.limits.memory`...) go through docker/go-units RAMInBytes: a decimal number,
 * an optional single space, then an optional case-insensitive suffix `b`, or `k`/`m`/`g`/`t`/`p`
 * optionally followed by `b` or `ib`; all multiples are binary (1024). The result is truncated to
 * whole bytes. Numbers in YAML are bytes as they are. Hand-written scanners, no regular expressions.
 */

const MULTIPLIERS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Parses the decimal float syntax Go's strconv.ParseFloat takes for plain numbers (sign, digits, dot, exponent). */
function parseDecimal(s: string): number | undefined {
  let i = 0;
  if (s[i] === '+' || s[i] === '-') i++;
  let digits = 0;
  while (i < s.length && isDigit(s[i])) {
    i++;
    digits++;
  }
  if (s[i] === '.') {
    i++;
    while (i < s.length && isDigit(s[i])) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (s[i] === 'e' || s[i] === 'E') {
    i++;
    if (s[i] === '+' || s[i] === '-') i++;
    let exp = 0;
    while (i < s.length && isDigit(s[i])) {
      i++;
      exp++;
    }
    if (exp === 0) return undefined;
  }
  if (i !== s.length) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Bytes for a Compose size (`512m`, `1.5GiB`, `2 g`, `1024`, 1024), or undefined when Compose would reject it. */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? Math.trunc(v) : undefined;
  if (typeof v !== 'string') return undefined;
  // go-units splits after the last digit, dot or space.
  let sep = -1;
  for (let i = v.length - 1; i >= 0; i--) {
    const c = v[i];
    if (isDigit(c) || c === '.' || c === ' ') {
      sep = i;
      break;
    }
  }
  if (sep < 0) return undefined;
  const num = v[sep] === ' ' ? v.slice(0, sep) : v.slice(0, sep + 1);
  const suffix = v.slice(sep + 1).toLowerCase();
  const size = parseDecimal(num);
  if (size === undefined || size < 0) return undefined;
  if (suffix === '' || suffix === 'b') return Math.trunc(size);
  const mul = MULTIPLIERS[suffix[0]];
  if (mul === undefined) return undefined;
  const rest = suffix.slice(1);
  if (rest !== '' && rest !== 'b' && rest !== 'ib') return undefined;
  return Math.trunc(size * mul);
}

/** CPUs for `cpus` / `deploy.resources.*.cpus` (`0.5`, `"0.50"`, `2`), or undefined when not a number. */
export function parseCpus(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  return parseDecimal(v.trim());
}

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P'];

/** Short human size for messages, in the form Compose accepts: 512M, 1.5G, 100B. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  let value = n;
  let unit = 0;
  while (unit < UNITS.length - 1 && Math.abs(value) >= 1024) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  return text + UNITS[unit];
}
