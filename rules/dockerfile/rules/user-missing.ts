/**
 * The shipped stage runs its process as root: a compromise of the app is a
 * compromise of root in the container, one kernel bug away from the host (plan §3.2).
 */
import { dockerfileRule, type DockerfileContext, buildTargets } from '../rule';
import type { DockerfileModel, Instr, Stage } from '../model';
import { ancestry, copyArgs, isRootUser, shippedStages } from '../query';
import { programArgs, programName } from '../shell';
import { substitute } from '../variables';
import { baseImage } from '../knowledge/base-images';
import { readAccount } from '../knowledge/cache-mounts';
import { APP_USER, PRIVILEGE_DROPPERS, createUserCommand, dropsPrivileges, imageFamily, isDevContainer, runsNonRootByDefault } from '../knowledge/users';
import type { Fix } from '../../core/types';

/** The last instruction with `keyword` in the stage or the stages it is built on. */
function lastOf(chain: readonly Stage[], keyword: string): Instr | undefined {
  for (const s of chain) {
    for (let i = s.instructions.length - 1; i >= 0; i--) if (s.instructions[i].keyword === keyword) return s.instructions[i];
  }
  return undefined;
}

function userOf(instr: Instr): string {
  return substitute(instr.node.getArgumentsContent() ?? '', (n) => instr.state.env.get(n)).trim();
}

/** The words of an ENTRYPOINT/CMD, exec form or shell form. */
function commandWords(instr: Instr | undefined): string[] {
  if (!instr) return [];
  const content = instr.node.getArgumentsContent() ?? '';
  if (content.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed)) return parsed.map(String).flatMap((s) => s.split(/\s+/));
    } catch {
      // Not valid JSON: Docker runs it in a shell; read it as words.
    }
  }
  return instr.args.map((a) => a.value);
}

/** The build installs or copies a privilege-dropping tool (`apk add su-exec`, `COPY gosu …`), which an entrypoint script would use. */
function installsDropper(model: DockerfileModel, chain: readonly Stage[]): boolean {
  for (const s of chain) {
    for (const i of s.instructions) {
      if (i.keyword === 'RUN' && i.commands.some((c) => c.argv.some((w) => PRIVILEGE_DROPPERS.some((d) => w.value === d || w.value.endsWith('/' + d))))) return true;
      if (i.keyword === 'COPY' || i.keyword === 'ADD') {
        const c = copyArgs(model, i);
        if (c?.sources.some((w) => PRIVILEGE_DROPPERS.includes(w.value.slice(w.value.lastIndexOf('/') + 1)))) return true;
      }
    }
  }
  return false;
}

/** The last account a RUN of the chain creates (`adduser`/`useradd`), by name. */
function createdAccount(chain: readonly Stage[]): string | undefined {
  for (const s of chain) {
    for (let k = s.instructions.length - 1; k >= 0; k--) {
      const i = s.instructions[k];
      if (i.keyword !== 'RUN') continue;
      const sub = (w: { value: string } | undefined) => (w ? substitute(w.value, (n) => i.state.env.get(n)) : undefined);
      for (let c = i.commands.length - 1; c >= 0; c--) {
        const program = programName(i.commands[c]);
        if (program !== 'useradd' && program !== 'adduser') continue;
        const name = readAccount(program, programArgs(i.commands[c]), sub)?.name;
        if (name && /^[a-z_][a-z0-9_.-]*\$?$/i.test(name)) return name;
      }
    }
  }
  return undefined;
}

const BUILD_STEPS = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'ONBUILD']);

/** Where the new lines go: before the CMD/ENTRYPOINT that follows the stage's last build step, else after the stage. */
function insertion(model: DockerfileModel, stage: Stage): { offset: number; before: boolean } {
  const ins = stage.instructions;
  let last = 0;
  ins.forEach((i, k) => {
    if (BUILD_STEPS.has(i.keyword)) last = k;
  });
  const start = ins.slice(last + 1).find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (start) {
    // Keep a comment that introduces the CMD next to it: insert above the comment lines.
    const comments = new Set(model.comments.map((c) => c.line));
    let line = start.line;
    const floor = model.lines.positionAt(ins[last].end).line;
    while (line - 1 > floor && comments.has(line - 1)) line--;
    return { offset: model.lines.lineStarts[line], before: true };
  }
  return { offset: ins[ins.length - 1].end, before: false };
}

function userFix(ctx: DockerfileContext, stage: Stage, chain: readonly Stage[], root: Stage): Fix {
  const { model } = ctx;
  const eol = model.lines.eol;
  const at = insertion(model, stage);
  const add = (title: string, newLines: string[]): Fix => ({
    title,
    safe: false,
    edits: [ctx.insert(at.offset, at.before ? newLines.map((l) => l + eol).join('') : newLines.map((l) => eol + l).join(''))],
  });
  const created = createdAccount(chain);
  if (created) return add(`Run as \`${created}\` (created above)`, [`USER ${created}`]);
  const { repository, tag } = root.image;
  const shipped = baseImage(repository)?.accounts?.[0];
  if (shipped) return add(`Run as \`${shipped.name}\` (uid ${shipped.uid}, which the base image has)`, [`USER ${shipped.name}`]);
  const family = root.image.resolved.toLowerCase() === 'scratch' ? 'unknown' : imageFamily(repository, tag);
  if (family === 'distroless') return add('Run as `nonroot` (uid 65532, which distroless images have)', ['USER nonroot']);
  const create = createUserCommand(family);
  if (create) return add(`Create a system user \`${APP_USER.name}\` (uid ${APP_USER.uid}) and run as it`, [`RUN ${create}`, `USER ${APP_USER.name}`]);
  return add(`Run as uid ${APP_USER.uid} (no account: files the app writes must be writable by that uid)`, [`USER ${APP_USER.uid}`]);
}

function isWindows(stage: Stage): boolean {
  const ref = stage.image.resolved.toLowerCase();
  return ref.startsWith('mcr.microsoft.com/windows') || /nanoserver|windowsservercore|ltsc20/.test(ref);
}

export default dockerfileRule(
  { id: 'user-missing', title: 'Run the final stage as a non-root user', severity: 'warning', plan: '§3.2', hadolint: ['DL3002'], fix: 'unsafe' },
  (ctx) => {
    const { model } = ctx;
    for (const stage of shippedStages(model, buildTargets(ctx))) {
      const chain = ancestry(stage);
      const root = chain[chain.length - 1];
      if (root.image.unresolved || isWindows(root) || isDevContainer(model.path, root.image.repository)) continue;
      const user = lastOf(chain, 'USER');
      const value = user ? userOf(user) : undefined;
      if (value !== undefined && (value.includes('$') || !isRootUser(value))) continue;
      if (!user && runsNonRootByDefault(root.image.repository, root.image.tag)) continue;
      const name = stage.name ? `\`${stage.name}\`` : 'final';
      const why = user ? `The ${name} stage switches back to \`USER ${value}\`` : `The ${name} stage sets no \`USER\``;
      const entry = lastOf(chain, 'ENTRYPOINT');
      const drops = dropsPrivileges([...commandWords(entry), ...commandWords(lastOf(chain, 'CMD'))]) || (!!entry && installsDropper(model, chain));
      const range = !user ? { start: stage.from.start, end: stage.from.end } : user.args.length ? { start: user.args[0].start, end: user.args[user.args.length - 1].end } : { start: user.start, end: user.end };
      if (drops) {
        ctx.report({ ...range, severity: 'info', message: `${why}, so its entrypoint starts as root; it appears to drop privileges (gosu/su-exec/setpriv…). Check it always does, or set \`USER\` to a non-root account.` });
        continue;
      }
      ctx.report({
        ...range,
        message: `${why}, so the container runs as root: a compromised process owns the container. Create an unprivileged user and switch to it with \`USER\` before \`CMD\`.`,
        fixes: [userFix(ctx, stage, chain, root)],
      });
    }
  },
);
