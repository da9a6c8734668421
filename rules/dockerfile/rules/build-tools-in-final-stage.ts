import { dockerfileRule, buildTargets } from '../rule';
import { shippedPackages, type ShippedPackage } from '../knowledge/package-kinds';
import { isDevFile } from '../knowledge/runtime';
import type { Instr, Stage } from '../model';

function stageLabel(stage: Stage): string {
  return stage.name ? `stage \`${stage.name}\`` : 'the final stage';
}

export default dockerfileRule(
  { id: 'build-tools-in-final-stage', title: 'Build tools in the final image', severity: 'warning', plan: '§2.3' },
  (ctx) => {
    const { model } = ctx;
    // A development file (`Dockerfile.dev`, `.devcontainer/`) is meant to hold toolchains.
    if (isDevFile(model.path)) return;
    const byRun = new Map<Instr, ShippedPackage[]>();
    for (const p of shippedPackages(model, 'build', undefined, buildTargets(ctx))) {
      const list = byRun.get(p.instr);
      if (list) list.push(p);
      else byRun.set(p.instr, [p]);
    }
    for (const [instr, list] of byRun) {
      const first = list[0];
      const last = list[list.length - 1];
      // Point at the package words: from the first to the last when they share a line.
      const sameLine = model.lines.positionAt(first.word.start).line === model.lines.positionAt(last.word.end).line;
      const shipped = first.shippedIn;
      const where = instr.stage === shipped || !instr.stage ? stageLabel(shipped) : `${stageLabel(instr.stage)}, which ${stageLabel(shipped)} is built FROM`;
      const names = [...new Set(list.map((p) => `\`${p.name}\``))];
      ctx.report({
        start: first.word.start,
        end: sameLine ? last.word.end : first.word.end,
        message:
          `${names.join(', ')} ${names.length > 1 ? 'are build tools' : 'is a build tool'} (compilers, headers or build systems) installed in ${where}, so ${names.length > 1 ? 'they ship' : 'it ships'} in the image. ` +
          'Install them in a builder stage and COPY only the build output into a slim final stage, or remove them in the same RUN ' +
          '(`apk add --virtual .build-deps … && … && apk del .build-deps`).',
      });
    }
  },
);
