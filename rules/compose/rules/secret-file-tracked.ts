/**
 * A secret file that git does not ignore ends up in the repository with the next
 * `git add .`, and from there in every clone and fork (plan §3.3 keeps secrets in
 * files precisely so they stay out of the code). Needs the workspace (the
 * `.gitignore` rules) and the file view (the file exists: a missing one is
 * compose-secret-file-missing's business).
 */
import { basename, dirname, relative, sep } from 'node:path';
import type { Fix } from '../../core/types';
import { composeRule } from '../rule';
import { fileExists, secretFiles, type SecretFile } from '../knowledge/buildPaths';

/**
 * The `.gitignore` line that covers the secret: its folder when the folder is there
 * for secrets (`secrets/`), else the file itself. A secret above the Compose file's
 * folder gets a `.gitignore` beside it (a `.gitignore` only reaches down).
 */
function ignoreFix(composeDir: string, secret: SecretFile): Fix {
  const rel = relative(composeDir, secret.path).split(sep).join('/');
  const folder = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
  let gitignore = '.gitignore';
  let line: string;
  if (rel.startsWith('../')) {
    gitignore = `${folder}/.gitignore`;
    line = `/${basename(secret.path)}`;
  } else if (folder && /secret/i.test(folder.slice(folder.lastIndexOf('/') + 1))) line = `${folder}/`;
  else line = `/${rel}`;
  return { title: `Add ${line} to ${gitignore}`, safe: false, edits: [], otherFiles: [{ path: gitignore, appendLines: [line] }] };
}

export default composeRule(
  { id: 'secret-file-tracked', title: 'Secret file not ignored by git', severity: 'error', plan: '§3.3', fix: 'unsafe' },
  (ctx) => {
    const { files, workspace } = ctx;
    if (!files || !workspace) return;
    const composeDir = dirname(ctx.model.path);
    for (const secret of secretFiles(ctx.model)) {
      if (!fileExists(files, secret.path) || workspace.gitIgnored(secret.path)) continue;
      ctx.report({
        start: secret.value.start,
        end: secret.value.end,
        message: `Secret file "${secret.value.raw}" (secret "${secret.name}") is not ignored by git, so \`git add\` would commit the secret into the repository's history. Add it, or its folder, to .gitignore (and rotate the secret if it was ever committed).`,
        fixes: [ignoreFix(composeDir, secret)],
      });
    }
  },
);
