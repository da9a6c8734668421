/** Command-line parsing for `layerwise lint`: strict, so a typo is a usage error, not a silent default. */
import { parseArgs } from 'node:util';
import type { Severity } from '../../rules/core/types';

export type OutputFormat = 'stylish' | 'json' | 'sarif';
export const FORMATS: readonly OutputFormat[] = ['stylish', 'json', 'sarif'];
const FAIL_ON: readonly Severity[] = ['error', 'warning', 'info'];

export interface LintOptions {
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  fixUnsafe: boolean;
  config?: string;
  /** Warnings allowed before failing; undefined = no limit. */
  maxWarnings?: number;
  quiet: boolean;
  exitZero: boolean;
  failOn: Severity;
  /** undefined = decide from the terminal and NO_COLOR. */
  color?: boolean;
}

export type ParsedCommand =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'lint'; options: LintOptions }
  | { command: 'usage-error'; message: string };

const optionSpec = {
  format: { type: 'string', short: 'f' },
  fix: { type: 'boolean' },
  'fix-unsafe': { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'exit-zero': { type: 'boolean' },
  'fail-on': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof optionSpec; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: optionSpec, allowPositionals: true, strict: true });
  } catch (e) {
    // Node's messages are good ("Unknown option '--foo'..."); keep the first line.
    return { command: 'usage-error', message: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return { command: 'usage-error', message: 'Missing command: use `layerwise lint [paths...]`.' };
  if (command !== 'lint') return { command: 'usage-error', message: `Unknown command "${command}": use \`layerwise lint [paths...]\`.` };

  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) return { command: 'usage-error', message: `--format must be one of ${FORMATS.join(', ')} (got "${format}").` };
  const failOn = values['fail-on'] ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) return { command: 'usage-error', message: `--fail-on must be one of ${FAIL_ON.join(', ')} (got "${failOn}").` };
  let maxWarnings: number | undefined;
  const rawMax = values['max-warnings'];
  if (rawMax !== undefined) {
    if (!/^\d+$/.test(rawMax.trim()) || !Number.isSafeInteger(Number(rawMax))) {
      return { command: 'usage-error', message: `--max-warnings must be a whole number of 0 or more (got "${rawMax}").` };
    }
    maxWarnings = Number(rawMax);
  }
  if (values.config !== undefined && values.config.trim() === '') return { command: 'usage-error', message: '--config needs a file path.' };
  if (values.color && values['no-color']) return { command: 'usage-error', message: '--color and --no-color contradict each other.' };
  const fixUnsafe = values['fix-unsafe'] ?? false;
  return {
    command: 'lint',
    options: {
      paths: paths.length ? paths : ['.'],
      format: format as OutputFormat,
      fix: (values.fix ?? false) || fixUnsafe,
      fixUnsafe,
      config: values.config,
      maxWarnings,
      quiet: values.quiet ?? false,
      exitZero: values['exit-zero'] ?? false,
      failOn: failOn as Severity,
      color: values['no-color'] ? false : values.color ? true : undefined,
    },
  };
}

export function helpText(version: string): string {
  return `Layerwise ${version}: lints Dockerfiles for build-cache, layer and image-size problems.

Usage: layerwise lint [options] [paths...]

Lints the named files and walks the named directories (default: the current one),
skipping node_modules and .git. Walked files are picked by name: Dockerfile*,
Containerfile*, *.dockerfile, compose files, .dockerignore, .github/workflows/*.yml
(only Dockerfiles have rules today; the others are skipped). A file named explicitly
is linted as a Dockerfile unless its name says otherwise. Each file uses the nearest
.layerwise.yaml above it; its "ignore:" globs (relative to that file's folder) skip files.

Options:
  -f, --format <name>     stylish (default), json or sarif (SARIF 2.1.0, for GitHub code scanning)
      --fix               apply the safe fixes (they keep what the image does), write the files,
                          then report what remains
      --fix-unsafe        also apply the fixes that change behaviour (implies --fix)
  -c, --config <file>     use this config for every file instead of the nearest .layerwise.yaml
      --max-warnings <n>  fail when there are more than n warnings
      --fail-on <level>   the lowest severity that fails: error (default), warning or info
  -q, --quiet             report errors only (warnings and infos are then not counted either)
      --exit-zero         exit 0 even when findings reach the threshold (usage and config
                          errors still exit 2)
      --color, --no-color force colors on or off (default: on for a terminal, off when NO_COLOR is set)
  -h, --help              show this help
  -v, --version           print the version

Exit codes:
  0  no finding reaches the failure threshold
  1  a finding is at or above --fail-on, or there are more warnings than --max-warnings
  2  usage or config error: unknown option, bad value, path not found, unreadable or
     invalid config, unreadable file

JSON output (--format json) is one object:
  {"results":[{"file","ruleId","severity","message","line","column","endLine","endColumn","fixable"}]}
  Positions are 1-based, paths relative to the working directory; "fixable" is true when the
  finding offers any fix (safe ones are applied by --fix, the others by --fix-unsafe).
`;
}
