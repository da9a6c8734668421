/**
 * A secret read from a file that is not there stops `docker compose up` for every
 * service that uses it. Secret files are kept out of git on purpose, so a fresh clone
 * lacks the git-ignored ones: those are expected to be missing and are not reported.
 * A missing path that git does not ignore is a wrong path, or a secret nobody set up.
 * Needs the workspace (what git ignores) and the file view (what exists).
 */
import { dirname } from 'node:path';
import { composeRule } from '../rule';
import { suggestion } from '../validate';
import { fileExists, folderContents, missingPart, secretFiles, shownPath } from '../knowledge/buildPaths';

export default composeRule(
  { id: 'compose-secret-file-missing', title: 'Secret file missing and not git-ignored', severity: 'warning', plan: '§3.3' },
  (ctx) => {
    const { files, workspace } = ctx;
    if (!files || !workspace) return;
    const base = dirname(ctx.model.path);
    for (const secret of secretFiles(ctx.model)) {
      if (fileExists(files, secret.path) || workspace.gitIgnored(secret.path)) continue;
      const miss = missingPart(files, base, secret.value.value!, 'file');
      let where = '';
      if (miss && !miss.notAFolder) {
        const close = suggestion(miss.name, folderContents(files, miss.dir).files.concat(folderContents(files, miss.dir).folders));
        where = ` (${shownPath(base, miss.dir)} has no "${miss.name}"${close ? `; did you mean "${close}"?` : ''})`;
      }
      ctx.report({
        start: secret.value.start,
        end: secret.value.end,
        message: `Secret "${secret.name}" reads "${secret.value.raw}", which does not exist${where}, and git does not ignore that path, so it is not a local secret a fresh clone lacks: services using the secret fail to start. Fix the path, or create the file and git-ignore it.`,
      });
    }
  },
);
