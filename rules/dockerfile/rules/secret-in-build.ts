/**
 * Credentials given to a build through ENV/ARG or copied files stay in the image:
 * ENV values in its config (`docker inspect`), ARG values in its history, copied
 * files in a layer, even when a later step deletes them (plan §3.3).
 */
import { dockerfileRule, type DockerfileContext, buildTargets } from '../rule';
import type { DockerfileModel, Instr } from '../model';
import { ancestry, copyArgs, shippedStages } from '../query';
import { flagInsertOffset } from '../knowledge/cache-mounts';
import { declarations, type PropertySpan } from '../knowledge/image-refs';
import { NPMRC_AUTH, isLiteralValue, isSecretName, secretFile, type SecretFileKind } from '../knowledge/secrets';
import { DEFAULT_MIN_ENGINE, compareVersions, engineHas, frontendFeature, parseVersion } from '../knowledge/frontend-features';
import type { Fix, TextEdit } from '../../core/types';

const SECRET_MOUNT = 'use `RUN --mount=type=secret,id=…` for build-time secrets and runtime secrets (Compose `secrets:`) for the app';

/** True when the frontend in use understands `--mount=type=secret,env=` (dockerfile 1.10+). */
function secretEnvSupported(ctx: DockerfileContext): boolean {
  const syntax = ctx.model.directives.find((d) => d.name === 'syntax');
  if (syntax) {
    const m = /(?:^|\/)dockerfile(?:-upstream)?:(\d+)(?:\.(\d+))?/.exec(syntax.value.trim());
    if (!m) return false;
    // `docker/dockerfile:1` follows the latest 1.x.
    return m[2] === undefined ? Number(m[1]) >= 1 : compareVersions([Number(m[1]), Number(m[2])], [1, 10]) >= 0;
  }
  const engine = parseVersion(ctx.config.dockerfile?.minEngine) ?? parseVersion(DEFAULT_MIN_ENGINE)!;
  return engineHas(engine, frontendFeature('secret-env'));
}

/** `$NAME` / `${NAME…}` in a text, not followed by more name characters. */
function references(text: string, name: string): boolean {
  for (let i = text.indexOf('$'); i >= 0; i = text.indexOf('$', i + 1)) {
    const braced = text[i + 1] === '{';
    const s = i + (braced ? 2 : 1);
    if (text.startsWith(name, s)) {
      const next = text[s + name.length] ?? '';
      if (braced ? /[}:+\-?#%/]/.test(next) : !/[A-Za-z0-9_]/.test(next)) return true;
    }
  }
  return false;
}

/** Offsets of the whole line(s) of an instruction, its line break included. */
function lineSpan(model: DockerfileModel, instr: Instr): { start: number; end: number } {
  const lines = model.lines;
  const start = lines.lineStarts[instr.line];
  const endLine = lines.positionAt(instr.end).line;
  const end = endLine + 1 < lines.lineStarts.length ? lines.lineStarts[endLine + 1] : model.text.length;
  return { start, end };
}

/**
 * Turns a stage `ARG NAME` that only RUN lines read into a secret mount on each of
 * them: with `env=NAME` where the frontend has it, else at `/run/secrets/<id>` with
 * the variable exported from the file at the start of the command.
 */
function argToSecretFix(ctx: DockerfileContext, instr: Instr, prop: PropertySpan): Fix | undefined {
  const { model } = ctx;
  const stage = instr.stage;
  if (!stage || declarations(model, instr).length !== 1) return undefined;
  const name = prop.name;
  const users: Instr[] = [];
  // Stages built FROM this one may see the value too: they must not read it outside RUN either.
  const scope = model.stages.filter((s) => ancestry(s).includes(stage)).flatMap((s) => s.instructions);
  for (const i of scope) {
    if (i.index <= instr.index) continue;
    // Declared again further on: that declaration gets its own finding and fix.
    if ((i.keyword === 'ARG' || i.keyword === 'ENV') && declarations(model, i).some((q) => q.name === name)) return undefined;
    if (!references(model.text.slice(i.argsStart, i.end), name)) continue;
    if (i.keyword !== 'RUN' || i.execForm) return undefined;
    users.push(i);
  }
  if (!users.length) return undefined;
  const id = name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
  const env = secretEnvSupported(ctx);
  const span = lineSpan(model, instr);
  const edits: TextEdit[] = [ctx.remove(span.start, span.end)];
  for (const run of users) {
    if (env) {
      edits.push(ctx.insert(flagInsertOffset(model, run), ` --mount=type=secret,id=${id},env=${name}`));
      continue;
    }
    if (run.heredocs.length) return undefined;
    let start = run.argsStart;
    while (start < run.end && /\s/.test(model.text[start])) start++;
    edits.push(ctx.insert(flagInsertOffset(model, run), ` --mount=type=secret,id=${id}`));
    edits.push(ctx.insert(start, `export ${name}="$(cat /run/secrets/${id})" && `));
  }
  return {
    title: `Pass \`${name}\` as a build secret (\`docker build --secret id=${id},env=${name}\`)`,
    safe: false,
    edits,
  };
}

const baseName = (p: string) => p.slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1).replace(/\/+$/, '');

/**
 * Registry credentials in a RUN: written literally (error), or expanded from a
 * variable into an `.npmrc` (`echo … > .npmrc`, `npm config set …:_authToken`) that
 * the same RUN does not delete, so the token stays in the layer (warning).
 */
function checkRun(ctx: DockerfileContext, instr: Instr): void {
  const cmds = instr.commands;
  cmds.forEach((cmd, k) => {
    const program = cmd.argv[cmd.programIndex]?.value ?? '';
    for (const w of cmd.argv) {
      const m = NPMRC_AUTH.exec(w.value);
      const npmConfig = !m && (program === 'npm' || program === 'yarn' || program === 'pnpm') && /:_(authToken|auth|password)$/.test(w.value);
      if (!m && !npmConfig) continue;
      const value = m ? w.value.slice(m.index + m[0].length) : cmd.argv[cmd.argv.indexOf(w) + 1]?.value ?? '';
      if (isLiteralValue(value)) {
        ctx.report({
          start: w.start,
          end: w.end,
          message: `A registry credential is written literally in a RUN: it stays in the Dockerfile, the image history and the layer. ${SECRET_MOUNT[0].toUpperCase()}${SECRET_MOUNT.slice(1)}.`,
        });
        continue;
      }
      if (!value) continue;
      // Where the token lands: the redirect target, or the user's ~/.npmrc for `npm config set`.
      const target = m ? cmd.redirects.find((r) => r.op.startsWith('>') && r.target)?.target?.value : '.npmrc';
      if (!target) continue;
      const file = baseName(target);
      const removed = cmds.slice(k + 1).some((c) => {
        const p = c.argv[c.programIndex]?.value;
        const args = c.argv.slice(c.programIndex + 1).map((a) => baseName(a.value));
        return (p === 'rm' && args.includes(file)) || ((p === 'npm' || p === 'pnpm') && args[0] === 'config' && args[1] === 'delete');
      });
      if (removed) continue;
      ctx.report({
        start: w.start,
        end: w.end,
        severity: 'warning',
        message: `The token is written into \`${file}\`, which stays in this layer: delete it in the same RUN, or let npm read it from the environment (\`//registry/:_authToken=\${NPM_TOKEN}\` in a committed .npmrc) with \`RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN\`.`,
      });
    }
  });
}

const FILE_WHY: Record<SecretFileKind, string> = {
  env: 'an environment file, which usually holds credentials,',
  key: 'a private key',
  credentials: 'a credential store',
};

export default dockerfileRule(
  { id: 'secret-in-build', title: 'Keep secrets out of the image', severity: 'error', plan: '§3.3', fix: 'unsafe' },
  (ctx) => {
    const { model } = ctx;
    const shipped = new Set(shippedStages(model, buildTargets(ctx)).flatMap(ancestry));
    for (const instr of model.instructions) {
      const kw = instr.keyword;
      if (kw === 'ENV' || kw === 'ARG') {
        for (const p of declarations(model, instr)) {
          if (!isSecretName(p.name)) continue;
          const literal = p.value !== null && isLiteralValue(p.value);
          // A global ARG reaches no RUN unless a stage declares it again: only a literal default is a leak (into the Dockerfile itself).
          if (!instr.stage && !literal) continue;
          if (kw === 'ENV' && !literal && !p.value) continue;
          // An absolute path names where the secret is (`*_CONFIG=/kaniko/.config/…json`), not the secret.
          if (literal && /^\/[^\s:]*$/.test(p.value ?? '')) continue;
          const where = kw === 'ENV' ? 'is stored in the image config (`docker inspect` shows it)' : 'is recorded in the image history (`docker history`)';
          const what = literal ? `\`${p.name}\` is set to a literal value in the Dockerfile and` : `\`${p.name}\` looks like a credential; its value`;
          const fix = kw === 'ARG' ? argToSecretFix(ctx, instr, p) : undefined;
          ctx.report({
            start: p.nameStart,
            end: p.nameEnd,
            severity: literal ? 'error' : 'warning',
            message: `${what} ${where}: ${SECRET_MOUNT}.`,
            fixes: fix ? [fix] : [],
          });
        }
      } else if (kw === 'COPY' || kw === 'ADD') {
        // `COPY --from=stage` copies between stages: the secret file is judged where it entered.
        if (instr.flags.some((f) => f.name.toLowerCase() === 'from')) continue;
        const c = copyArgs(model, instr);
        for (const src of c?.sources ?? []) {
          const kind = secretFile(src.value);
          if (!kind) continue;
          const stays = instr.stage && shipped.has(instr.stage) ? 'stays in a layer of the image' : 'stays in the build cache and in this stage’s layers';
          ctx.report({
            start: src.start,
            end: src.end,
            severity: kind === 'env' ? 'warning' : 'error',
            message: `\`${src.value}\` is ${FILE_WHY[kind]} and ${stays} even if deleted later: mount it with \`RUN --mount=type=secret,id=…\`, or exclude it in .dockerignore.`,
          });
        }
      } else if (kw === 'RUN') {
        checkRun(ctx, instr);
      }
    }
  },
);
