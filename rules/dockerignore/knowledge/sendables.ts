/**
 * Things a build context should not send: what they look like in a path, which
 * project kind writes them (so they are judged even when this machine has none),
 * and the `**​/` pattern that excludes them at any depth (plan §2.2).
 *
 * Deliberately absent: `dist/`, `build/`, `target/`, `lib/`: build output that
 * Dockerfiles very often COPY (the plan's own template excludes `build/` and `lib/`,
 * which breaks `COPY build/ …` and Python packages named `lib`). `dockerignore-missing`
 * may offer them as hints; nothing here reports them.
 */
import { compilePattern } from '../matcher';

export type ProjectKind = 'python' | 'node';

export type SendableCategory = 'vcs' | 'dependencies' | 'python-cache' | 'virtualenv' | 'secrets' | 'test-output' | 'logs' | 'editor' | 'os';

export interface Sendable {
  /** What it is called in messages: `__pycache__`, `*.pyc`, `.env`. */
  name: string;
  /** A folder or a file of that name (the name may be a one-segment glob). */
  type: 'dir' | 'file';
  /** The pattern that excludes it at any depth. */
  pattern: string;
  /** A concrete name the glob matches, to recognise a user's pattern as meaning this (`*.py[cod]` → `x.pyc`). */
  sample: string;
  category: SendableCategory;
  /** Written at any depth by every project of this kind (Python: beside each package), so judged without the disk. */
  generatedBy?: ProjectKind;
  /** Always appears below the root when it appears at all: a root-only pattern for it is a mistake even without a listing. */
  anyDepth: boolean;
  /** `dockerignore-incomplete` reports it when the context holds it (editor and OS files are only offered by `dockerignore-missing`). */
  report: boolean;
  /** Names the glob matches that are meant to be sent (`.env.example` is a template, not a secret). */
  except?: readonly string[];
}

/** Templates of `.env` files: committed on purpose, often copied, never secret. */
export const ENV_TEMPLATES: readonly string[] = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults'];

export const SENDABLES: readonly Sendable[] = [
  { name: '.git', type: 'dir', pattern: '**/.git', sample: '.git', category: 'vcs', anyDepth: false, report: true },
  { name: 'node_modules', type: 'dir', pattern: '**/node_modules', sample: 'node_modules', category: 'dependencies', generatedBy: 'node', anyDepth: true, report: true },
  { name: '.env', type: 'file', pattern: '**/.env', sample: '.env', category: 'secrets', anyDepth: false, report: true },
  { name: '.env.*', type: 'file', pattern: '**/.env.*', sample: '.env.local', category: 'secrets', anyDepth: false, report: true, except: ENV_TEMPLATES },
  { name: '__pycache__', type: 'dir', pattern: '**/__pycache__', sample: '__pycache__', category: 'python-cache', generatedBy: 'python', anyDepth: true, report: true },
  { name: '*.pyc', type: 'file', pattern: '**/*.pyc', sample: 'module.pyc', category: 'python-cache', anyDepth: true, report: true },
  { name: '.venv', type: 'dir', pattern: '**/.venv', sample: '.venv', category: 'virtualenv', anyDepth: true, report: true },
  { name: 'venv', type: 'dir', pattern: '**/venv', sample: 'venv', category: 'virtualenv', anyDepth: false, report: true },
  { name: '.pytest_cache', type: 'dir', pattern: '**/.pytest_cache', sample: '.pytest_cache', category: 'test-output', anyDepth: false, report: true },
  { name: '.mypy_cache', type: 'dir', pattern: '**/.mypy_cache', sample: '.mypy_cache', category: 'python-cache', anyDepth: false, report: true },
  { name: '.ruff_cache', type: 'dir', pattern: '**/.ruff_cache', sample: '.ruff_cache', category: 'python-cache', anyDepth: false, report: true },
  { name: '.tox', type: 'dir', pattern: '**/.tox', sample: '.tox', category: 'test-output', anyDepth: false, report: true },
  { name: '.coverage', type: 'file', pattern: '**/.coverage', sample: '.coverage', category: 'test-output', anyDepth: false, report: true },
  { name: 'htmlcov', type: 'dir', pattern: '**/htmlcov', sample: 'htmlcov', category: 'test-output', anyDepth: false, report: true },
  { name: 'coverage', type: 'dir', pattern: '**/coverage', sample: 'coverage', category: 'test-output', anyDepth: false, report: true },
  { name: '.nyc_output', type: 'dir', pattern: '**/.nyc_output', sample: '.nyc_output', category: 'test-output', anyDepth: false, report: true },
  { name: '*.log', type: 'file', pattern: '**/*.log', sample: 'debug.log', category: 'logs', anyDepth: false, report: true },
  { name: '.idea', type: 'dir', pattern: '**/.idea', sample: '.idea', category: 'editor', anyDepth: false, report: false },
  { name: '.vscode', type: 'dir', pattern: '**/.vscode', sample: '.vscode', category: 'editor', anyDepth: false, report: false },
  { name: '.DS_Store', type: 'file', pattern: '**/.DS_Store', sample: '.DS_Store', category: 'os', anyDepth: false, report: false },
  { name: 'Thumbs.db', type: 'file', pattern: '**/Thumbs.db', sample: 'Thumbs.db', category: 'os', anyDepth: false, report: false },
];

const nameTests = new Map(SENDABLES.map((s) => [s, compilePattern(s.name)!] as const));

/** Whether one path segment is this sendable (a folder name or file name). */
export function isSendableName(s: Sendable, segment: string): boolean {
  return nameTests.get(s)!.test(segment) && !s.except?.includes(segment);
}

/** The sendable a one-segment pattern means (`__pycache__/`, `*.py[cod]`, `node_modules`), if any. */
export function sendableForPattern(pattern: string): Sendable | undefined {
  if (pattern.includes('/')) return undefined;
  const p = compilePattern(pattern);
  if (!p || p.error) return undefined;
  // A pattern that fits several entries (`*`, `.*`) means none of them in particular.
  const fits = SENDABLES.filter((s) => p.test(s.sample));
  return fits.length === 1 ? fits[0] : undefined;
}

/**
 * Entries so common that a `.dockerignore` carries them whether or not the context
 * has them today: `dockerignore-dead-pattern` never reports them (by last segment).
 */
export const DEFENSIVE_NAMES: ReadonlySet<string> = new Set([
  ...SENDABLES.map((s) => s.name),
  ...ENV_TEMPLATES,
  '.gitignore', '.gitattributes', '.gitmodules', '.github', '.gitlab-ci.yml', '.hg', '.svn',
  '.dockerignore', 'Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml',
  '.env.local', '.env.production', '.env.development', '.env.test',
  'npm-debug.log', 'yarn-error.log', '.npm', '.yarn', '.pnpm-store', '.cache', '.parcel-cache', '.next', '.nuxt', '.turbo',
  'dist', 'build', 'target', 'out', 'tmp', 'temp', 'logs', '.eggs', '.hypothesis', '.ipynb_checkpoints',
  '.terraform', '.idea', '.vscode', '.vs', '.history', '*.swp', '*.swo', '*~', '.DS_Store', 'Thumbs.db', 'desktop.ini',
  // GitHub's Python .gitignore template, which .dockerignore files (the plan's §2.2 one too) copy whole.
  '.Python', 'develop-eggs', 'downloads', 'eggs', 'lib', 'lib64', 'parts', 'sdist', 'var', 'wheels', '.installed.cfg', 'MANIFEST',
  'pip-wheel-metadata', 'share', 'pip-log.txt', 'pip-delete-this-directory.txt', 'test-reports', 'test-results', 'junit.xml',
]);

/** Project kinds a context is, from the files that define a project (tracked sources, not generated ones). */
export function projectKindsOf(files: readonly { path: string }[]): Set<ProjectKind> {
  const kinds = new Set<ProjectKind>();
  for (const f of files) {
    const base = f.path.slice(f.path.lastIndexOf('/') + 1);
    if (base === 'package.json') kinds.add('node');
    else if (base === 'pyproject.toml' || base === 'setup.py' || base === 'setup.cfg' || base === 'Pipfile' || /^requirements[\w.-]*\.txt$/.test(base)) kinds.add('python');
  }
  return kinds;
}
