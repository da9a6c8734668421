import { dockerfileRule, type DockerfileContext, buildTargets } from '../rule';
import { isRootUser, shippedStages } from '../query';
import type { Stage } from '../model';
import { chooseProbeTool, effectiveHealthcheck, probeText, programsOf, type Healthcheck } from '../knowledge/healthcheck';
import { hasTool, installCommand, stageTools, toolOf, type StageTools } from '../knowledge/image-tools';
import type { Word } from '../shell';
import type { Fix } from '../../core/types';

/** Tools an install fix may add (the interpreters come with their images, not as a probe). */
const INSTALLABLE: Readonly<Record<string, string>> = { curl: 'curl', wget: 'wget', nc: 'netcat-openbsd' };

/** The switch to another tool the image has, for a curl/wget probe of one URL. */
function switchFix(ctx: DockerfileContext, hc: Healthcheck, st: StageTools, missing: string, args: Word[], cmdIndex: number): Fix | undefined {
  const line = hc.command!;
  if (missing !== 'curl' && missing !== 'wget') return undefined;
  const urls = args.filter((w) => /^https?:\/\//.test(w.value));
  if (urls.length !== 1) return undefined;
  const tool = chooseProbeTool((t) => (t === missing ? false : hasTool(st, t)));
  if (!tool) return undefined;
  if (line.execForm) {
    const text = probeText(tool, urls[0].value, false);
    return text ? { title: `Probe with ${tool} instead`, safe: false, edits: [ctx.replace(line.start, line.end, text)] } : undefined;
  }
  // Keep the rest of the shell line (`|| exit 1`).
  const cmd = line.commands[cmdIndex];
  const next = line.commands[cmdIndex + 1];
  const text = probeText(tool, urls[0].value, true, next?.connector !== '||');
  return text ? { title: `Probe with ${tool} instead`, safe: false, edits: [ctx.replace(cmd.start, cmd.end, text)] } : undefined;
}

/** Installs the tool right after the shipped stage's FROM, when the base's package manager is known and the user is root there. */
function installFix(ctx: DockerfileContext, stage: Stage, st: StageTools, missing: string): Fix | undefined {
  const pkg = INSTALLABLE[missing];
  const installer = st.base?.installer;
  if (!pkg || !installer || !st.base?.shell) return undefined;
  const user = stage.from.state.user;
  if (user && !isRootUser(user)) return undefined;
  return {
    title: `Install ${pkg} in the image`,
    safe: false,
    edits: [ctx.insert(stage.from.end, ctx.model.lines.eol + `RUN ${installCommand(installer, pkg)}`)],
  };
}

export default dockerfileRule(
  { id: 'healthcheck-tool-missing', title: 'HEALTHCHECK calls a program the image lacks', severity: 'error', plan: '§6.1', fix: 'unsafe' },
  (ctx) => {
    for (const stage of shippedStages(ctx.model, buildTargets(ctx))) {
      const hc = effectiveHealthcheck(ctx.model, stage);
      if (!hc?.command) continue;
      const st = stageTools(ctx.model, stage);
      if (!st.base) continue; // unknown base image: do not guess
      if (!hc.command.execForm && !st.base.shell) {
        const start = hc.command.start;
        ctx.report({
          start,
          end: hc.command.end,
          message: `${st.base.label} has no /bin/sh, so this shell-form check can never run and the container turns unhealthy. Write it in exec form: \`CMD ["program", "arg"]\`.`,
        });
        continue;
      }
      programsOf(hc.command).forEach(({ program, word, args }, index) => {
        const tool = toolOf(program);
        if (!tool || hasTool(st, tool) !== false) return;
        const fixes = [switchFix(ctx, hc, st, tool, args, index), installFix(ctx, stage, st, tool)].filter((f): f is Fix => !!f);
        ctx.report({
          start: word.start,
          end: word.end,
          message: `\`${tool}\` is not in this image: the base ${st.base!.label} does not ship it and no stage it is built from installs it, so the health check always fails and the container turns unhealthy. Install it or probe with a tool the image has.`,
          fixes,
        });
      });
    }
  },
);
