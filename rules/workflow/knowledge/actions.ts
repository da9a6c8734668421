/**
 * The actions that matter to Docker builds in CI, and the inputs the rules read.
 * One table, so every rule agrees on what "a build step", "a scanner" or "the
 * Buildx setup" is.
 */
import type { WorkflowStep } from '../model';

export const BUILD_PUSH = 'docker/build-push-action';
export const BAKE = 'docker/bake-action';
export const SETUP_BUILDX = 'docker/setup-buildx-action';
export const SETUP_QEMU = 'docker/setup-qemu-action';
export const GITHUB_RUNTIME = 'crazy-max/ghaction-github-runtime';
export const GITHUB_SCRIPT = 'actions/github-script';

/** The step runs this action (any ref). */
export function isAction(step: WorkflowStep, repo: string): boolean {
  return step.uses?.kind === 'action' && step.uses.repo === repo && !step.uses.path;
}

/**
 * build-push-action's inputs that hold lists, and how it splits them: `cache-from`,
 * `cache-to`, `outputs`, `build-args` one entry per line (commas belong to the entry);
 * `tags` and `platforms` by lines and commas.
 */
export const LIST_BY_LINE = new Set(['cache-from', 'cache-to', 'outputs', 'build-args', 'secrets', 'labels', 'set']);

/**
 * Vulnerability scanners as actions: which input names the image, and when the
 * step scans an image at all (trivy-action also scans file systems and repos).
 */
export interface ScannerAction {
  repo: string;
  path?: string;
  imageInput: string;
  scansImage(step: WorkflowStep): boolean;
}

export const SCANNER_ACTIONS: readonly ScannerAction[] = [
  { repo: 'aquasecurity/trivy-action', imageInput: 'image-ref', scansImage: (s) => ['image', undefined].includes(s.input('scan-type')?.value?.trim()) },
  { repo: 'anchore/scan-action', imageInput: 'image', scansImage: (s) => s.input('image') !== undefined },
  { repo: 'docker/scout-action', imageInput: 'image', scansImage: (s) => /\bcves\b/.test(s.input('command')?.value ?? '') },
  { repo: 'snyk/actions', path: 'docker', imageInput: 'image', scansImage: () => true },
  { repo: 'crazy-max/ghaction-container-scan', imageInput: 'image', scansImage: () => true },
];

export function scannerAction(step: WorkflowStep): ScannerAction | undefined {
  const u = step.uses;
  if (u?.kind !== 'action') return undefined;
  return SCANNER_ACTIONS.find((s) => s.repo === u.repo && (s.path ?? '') === (u.path ?? ''));
}

/** Scanners run from a shell: program and the words that make it an image scan. */
export const SCANNER_COMMANDS: readonly { program: string; subcommand?: readonly string[] }[] = [
  { program: 'trivy', subcommand: ['image', 'i'] },
  { program: 'grype' },
  { program: 'docker', subcommand: ['scout'] },
  { program: 'snyk', subcommand: ['container'] },
];

/**
 * The runner's CPU from its labels: GitHub's `*-arm` runners and self-hosted `ARM64`
 * labels are arm64; hosted Linux and Windows runners are amd64. Undefined: unknown.
 */
export function runnerArch(labels: readonly string[]): 'amd64' | 'arm64' | undefined {
  const lower = labels.map((l) => l.toLowerCase());
  if (lower.some((l) => l === 'arm64' || l.endsWith('-arm') || l.endsWith('-arm64'))) return 'arm64';
  if (lower.some((l) => l === 'x64' || l === 'amd64' || /^(ubuntu|windows)-/.test(l))) return 'amd64';
  return undefined;
}

/** Platforms a runner of that CPU builds without emulation (x86-64 runs 32-bit x86 natively). */
export const NATIVE_PLATFORMS: Record<'amd64' | 'arm64', readonly string[]> = {
  amd64: ['amd64', '386'],
  arm64: ['arm64'],
};
