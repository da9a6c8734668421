import { dockerfileRule, buildTargets } from '../rule';
import { commandsOfPackage, shippedPackages } from '../knowledge/package-kinds';
import { commandTokens, debugEnvIn, devServerIn, effectiveCommands, isDevTarget } from '../knowledge/runtime';
import { shippedStages } from '../query';
import type { Stage } from '../model';

function stageLabel(stage: Stage): string {
  return stage.name ? `stage \`${stage.name}\`` : 'the final stage';
}

const ADVICE = 'Keep development tools in a `development` stage (plan §2.3, §4.2) and ship a stage without them.';

export default dockerfileRule(
  { id: 'dev-tools-in-final-stage', title: 'Development tools in the final image', severity: 'info', plan: '§2.3' },
  (ctx) => {
    const { model } = ctx;
    const exempt = (s: Stage) => isDevTarget(model, s);
    // An image whose command runs the tool (`ENTRYPOINT ["strace"]`) is that tool's image.
    const programs = new Set<string>();
    for (const stage of shippedStages(model, buildTargets(ctx))) {
      for (const i of effectiveCommands(stage)) for (const tok of commandTokens(model, i)) programs.add(tok.value.slice(tok.value.lastIndexOf('/') + 1));
    }
    for (const p of shippedPackages(model, 'dev', exempt, buildTargets(ctx))) {
      if (commandsOfPackage(p.name).some((c) => programs.has(c))) continue;
      const tool = p.ecosystem === 'os' ? 'an editor or debugging/network tool' : 'a test or development tool';
      ctx.report({
        start: p.word.start,
        end: p.word.end,
        message: `\`${p.name}\` is ${tool}, installed where it ships (${stageLabel(p.shippedIn)}): it enlarges the image and its attack surface. ${ADVICE}`,
      });
    }
    const reported = new Set<number>();
    for (const stage of shippedStages(model, buildTargets(ctx))) {
      if (exempt(stage)) continue;
      for (const instr of effectiveCommands(stage)) {
        const hit = devServerIn(commandTokens(model, instr));
        if (!hit || reported.has(hit.token.start)) continue;
        reported.add(hit.token.start);
        ctx.report({ start: hit.token.start, end: hit.token.end, message: `${hit.what}, in the shipped ${stageLabel(stage)}: run the production server there. ${ADVICE}` });
      }
      const env = debugEnvIn(stage);
      if (env && !reported.has(env.start)) {
        reported.add(env.start);
        ctx.report({ start: env.start, end: env.end, message: `${env.what}, in the shipped ${stageLabel(stage)}. ${ADVICE}` });
      }
    }
  },
);
