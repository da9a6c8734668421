import { dockerfileRule, type DockerfileContext, buildTargets } from '../rule';
import { shippedStages } from '../query';
import { composeServiceFor } from '../../workspace/crossFile';
import { healthcheckState } from '../../compose/knowledge/healthcheck';
import type { DockerfileModel, Instr, Stage } from '../model';
import { chooseProbeTool, effectiveHealthcheck, exposedPorts, NON_HTTP_PORTS, probeText, programsOf, runsOf, type CommandLine } from '../knowledge/healthcheck';
import { hasTool, stageTools } from '../knowledge/image-tools';
import type { Fix } from '../../core/types';

/** Programs that serve requests when they are what the container runs. */
const SERVERS = new Set([
  'nginx', 'httpd', 'httpd-foreground', 'apache2-foreground', 'caddy', 'traefik', 'envoy', 'haproxy',
  'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress-serve', 'uwsgi', 'granian',
  'puma', 'unicorn', 'rackup', 'http-server', 'serve',
]);
const PYTHON_SERVER_MODULES = new Set(['http.server', 'uvicorn', 'gunicorn', 'hypercorn', 'daphne', 'flask', 'streamlit', 'waitress']);
const START_SCRIPTS = new Set(['start', 'serve', 'start:prod']);

/** True when a command line runs a server (`gunicorn`, `npm start`, `python -m http.server`, `java -jar`...). */
export function runsServer(line: CommandLine): boolean {
  for (const { program, args } of programsOf(line)) {
    const a = args.map((w) => w.value);
    if (isServer(program, a)) return true;
    // `sh -c "exec gunicorn …"`: one level into the script.
    if ((program === 'sh' || program === 'bash') && a[0] === '-c' && a[1]) {
      if (a[1].split(/[\s;&|]+/).some((tok, i, all) => isServer(tok.slice(tok.lastIndexOf('/') + 1), all.slice(i + 1)))) return true;
    }
  }
  return false;
}

function isServer(program: string, a: string[]): boolean {
  if (SERVERS.has(program)) return true;
  if (/^python[0-9.]*$/.test(program)) {
    const m = a.indexOf('-m');
    if (m >= 0 && PYTHON_SERVER_MODULES.has(a[m + 1])) return true;
    return a.some((x) => x.endsWith('manage.py')) && a.includes('runserver');
  }
  if (program === 'flask') return a[0] === 'run';
  if (program === 'node' || program === 'bun' || program === 'deno') return a.some((x) => /(^|\/)server\.[cm]?[jt]s$/.test(x));
  if (program === 'npm' || program === 'yarn' || program === 'pnpm') return START_SCRIPTS.has(a[0]) || (a[0] === 'run' && START_SCRIPTS.has(a[1]));
  // `java -jar app.jar` (options only after it): a service such as Spring Boot; `java -jar tool.jar input` is a CLI.
  if (program === 'java') {
    const jar = a.indexOf('-jar');
    return jar >= 0 && a.slice(jar + 2).every((x) => x.startsWith('-'));
  }
  if (program === 'rails') return a[0] === 'server' || a[0] === 's';
  if (program === 'bundle' && a[0] === 'exec' && a[1]) return isServer(a[1], a.slice(2));
  if (program === 'php') return a[0] === '-S';
  return false;
}

export interface MissingHealthcheck {
  stage: Stage;
  /** The first exposed port, when it resolves. */
  port?: number;
  /** The first exposed port an HTTP probe may target. */
  httpPort?: number;
}

/**
 * The shipped stage of a service image that has no HEALTHCHECK (own or inherited;
 * `HEALTHCHECK NONE` is a choice). `service.healthcheck` is for the Compose wiring:
 * a service that defines its own check needs none in the image.
 */
export function missingHealthcheck(model: DockerfileModel, stage: Stage, service: { healthcheck?: boolean } = {}): MissingHealthcheck | undefined {
  if (service.healthcheck || effectiveHealthcheck(model, stage)) return undefined;
  const { ports, unresolved } = exposedPorts(stage);
  const exposes = ports.length > 0 || unresolved;
  const runs = runsOf(model, stage);
  if (!exposes && !runs.some((r) => runsServer(r.line))) return undefined;
  // The port an HTTP probe can target: TCP, not a well-known non-HTTP port, not PHP-FPM's FastCGI.
  const fastCgi = runs.some((r) => programsOf(r.line).some((p) => p.program.startsWith('php-fpm')));
  const http = fastCgi ? undefined : ports.find((p) => p.protocol === 'tcp' && p.from === p.to && !NON_HTTP_PORTS.has(p.from));
  return { stage, port: ports[0]?.from, httpPort: http?.from };
}

const TIMING = '--interval=30s --timeout=5s --start-period=30s --retries=3';

/** Where the HEALTHCHECK goes: above the stage's first CMD/ENTRYPOINT (and the comments right above it), else after its last instruction. */
function insertion(model: DockerfileModel, stage: Stage): { offset: number; before: boolean } {
  const run = stage.instructions.find((i: Instr) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (!run) return { offset: stage.instructions[stage.instructions.length - 1].end, before: false };
  const commentLines = new Set(model.comments.map((c) => c.line));
  let line = run.line;
  while (line - 1 > stage.from.line && commentLines.has(line - 1)) line--;
  return { offset: model.lines.lineStarts[line], before: true };
}

function fixFor(ctx: DockerfileContext, found: MissingHealthcheck): Fix | undefined {
  const { model } = ctx;
  if (found.httpPort === undefined) return undefined;
  const st = stageTools(model, found.stage);
  const tool = chooseProbeTool((t) => hasTool(st, t));
  const shell = st.base?.shell ?? true;
  const probe = tool && probeText(tool, `http://localhost:${found.httpPort}/`, shell);
  if (!tool || !probe) return undefined;
  const text = `HEALTHCHECK ${TIMING} CMD ${probe}`;
  const eol = model.lines.eol;
  const at = insertion(model, found.stage);
  return {
    title: `Add a HEALTHCHECK probing port ${found.httpPort} with ${tool}`,
    safe: false,
    edits: [ctx.insert(at.offset, at.before ? text + eol : eol + text)],
  };
}

function composeDefinesHealthcheck(ctx: DockerfileContext): boolean {
  return (ctx.workspace?.buildsOf(ctx.model.path) ?? []).some((b) => {
    const service = composeServiceFor(b, ctx.files);
    return !!service && healthcheckState(service) !== 'none';
  });
}

export default dockerfileRule(
  { id: 'healthcheck-missing', title: 'Service image without a HEALTHCHECK', severity: 'info', plan: '§6.1', fix: 'unsafe' },
  (ctx) => {
    // Dev containers are workspaces, not deployed services.
    if (/(^|[\\/])\.devcontainer[\\/]/.test(ctx.model.path)) return;
    // The Compose service that runs this image may define the health check instead.
    if (composeDefinesHealthcheck(ctx)) return;
    for (const stage of shippedStages(ctx.model, buildTargets(ctx))) {
      const found = missingHealthcheck(ctx.model, stage);
      if (!found) continue;
      const fix = fixFor(ctx, found);
      const what = found.port !== undefined ? `serves on port ${found.port}` : 'runs a server';
      ctx.report({
        start: stage.image.start,
        end: stage.image.end,
        message: `This image ${what} but has no HEALTHCHECK, so Docker and Compose (\`depends_on: condition: service_healthy\`) cannot tell a hung service from a healthy one. Add a HEALTHCHECK that probes it, or \`HEALTHCHECK NONE\` to say none is wanted.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
);
