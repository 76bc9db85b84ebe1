// Where Berth's repository lives, as electron-builder finds it for publishing: package.json's `repository`, else the
// clone's `origin` remote. The build bakes the same answer into the app (Help › Berth Documentation, the About panel)
// so the menu and the updater never disagree, and nothing names an account by hand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import hostedGitInfo from 'hosted-git-info';

/** The `url` of `[remote "origin"]` in a `.git/config` file's text. */
export function originRemoteUrl(gitConfig) {
  const lines = gitConfig.split(/\r?\n/);
  const start = lines.indexOf('[remote "origin"]');
  if (start === -1) return undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\s*\[/.test(line)) return undefined;
    const match = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}

/** { owner, repo, webUrl } of a repository URL on a known host (GitHub, GitLab, Bitbucket…), or undefined. */
export function parseRepository(url) {
  const info = url ? hostedGitInfo.fromUrl(url) : undefined;
  if (!info?.user || !info.project) return undefined;
  return { owner: info.user, repo: info.project, webUrl: info.browse() };
}

/** The project's repository as electron-builder would publish to it, or undefined when neither source names one. */
export function projectRepository(projectDir = process.cwd()) {
  const manifest = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const declared = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (declared) return parseRepository(declared);
  let gitConfig;
  try {
    gitConfig = readFileSync(path.join(projectDir, '.git', 'config'), 'utf8');
  } catch {
    return undefined;
  }
  return parseRepository(originRemoteUrl(gitConfig));
}
