/**
 * A RUN with a cache mount whose own commands turn that cache off or wipe it: the
 * mount stays empty and every build downloads again. Several of the plan's own
 * examples do this (`pip install --no-cache-dir` under a pip cache mount, `npm cache
 * clean --force` under an npm one). The mount already keeps the cache out of the
 * layer, so the clean-up has nothing left to do but harm: the fix removes it.
 */
import { dockerfileRule } from '../rule';
import { analyzeRun, findDefeats, mountCovers, removalEdits, type Defeat } from '../knowledge/cache-mounts';

function describe(d: Defeat): string {
  const mount = `the cache mount on ${d.target}`;
  const tool = d.tool?.name;
  switch (d.kind) {
    case 'flag':
      return `\`${d.text}\` turns ${tool}'s cache off, so ${mount} stays empty and every build downloads again. The mount already keeps the cache out of the layer: drop the flag.`;
    case 'assignment':
    case 'export':
      return `\`${d.text}\` turns ${tool}'s cache off, so ${mount} stays empty and every build downloads again. The mount already keeps the cache out of the layer: drop the setting.`;
    case 'env':
      return `\`${d.text}\` is set for this RUN (ENV, ARG or the base image) and turns ${tool}'s cache off, so ${mount} stays empty. Unset it for this command (\`env -u ${d.text.split('=')[0]} …\`) or drop the ENV.`;
    case 'wipe':
      return `\`${d.text}\` empties ${mount} that this RUN fills, so the next build downloads everything again. The mount already keeps the cache out of the layer: drop the clean-up.`;
    case 'rm':
      return d.removal === 'none'
        ? `\`rm ${d.text}\` deletes the contents of ${mount} (and fails on its mount point). Remove only what must not stay in the layer.`
        : `\`rm ${d.text}\` deletes what ${mount} keeps between builds. The mount already keeps it out of the layer: drop the \`rm\`.`;
  }
}

export default dockerfileRule(
  { id: 'cache-mount-defeated', title: 'Do not turn off or wipe a mounted cache', severity: 'warning', plan: '§1.1', fix: 'safe' },
  (ctx) => {
    const model = ctx.model;
    for (const instr of model.instructions) {
      const a = analyzeRun(model, instr);
      if (!a || !a.mounts.some((m) => m.target)) continue;
      const defeats = findDefeats(
        model,
        a,
        a.mounts.flatMap((m) => (m.target ? [{ target: m.target }] : [])),
      );
      for (const d of defeats) {
        const edits = d.removal === 'none' ? undefined : removalEdits(model, a, [d]);
        // apk's `--no-cache` becomes `--update` when nothing else refreshes the index.
        const replacement = edits?.find((e) => e.text !== '')?.text;
        const title = replacement ? `Replace \`${d.text}\` with \`${replacement}\`` : `Remove \`${d.command ?? d.text}\``;
        ctx.report({
          start: d.start,
          end: d.end,
          message: describe(d),
          fixes: edits ? [{ title, safe: true, edits: edits.map((e) => ctx.replace(e.start, e.end, e.text)) }] : [],
        });
      }
      // Debian and Ubuntu images delete downloaded packages after every apt install.
      const apt = a.tools.find((t) => t.tool.prepare);
      if (!apt || a.dockerCleanOff || instr.execForm) continue;
      const archives = apt.needs.find((n) => n.spec.key === 'archives');
      const mount = archives && a.mounts.find((m) => mountCovers(m, archives));
      if (!mount || !apt.tool.prepare) continue;
      const firstApt = a.commands.find((c) => c.tool === apt.tool) ?? apt.fetches[0];
      ctx.report({
        start: mount.mount.flag.start,
        end: mount.mount.flag.end,
        message: `${apt.tool.prepare.why}, so the cache mount on ${mount.target} stays empty. Remove that hook in the RUN first: \`${apt.tool.prepare.text}\`.`,
        fixes: [
          {
            title: `Disable docker-clean before apt runs (unsafe: it changes the image's apt configuration)`,
            safe: false,
            edits: [ctx.insert(firstApt.cmd.start, `${apt.tool.prepare.text} && `)],
          },
        ],
      });
    }
  },
);
