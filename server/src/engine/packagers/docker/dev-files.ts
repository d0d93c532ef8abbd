/**
 * Files of a build context that have no business in an image and that no secret or source-map rule
 * reports: version-control folders (history, remotes with tokens), build caches that hold copies of
 * the sources (`node_modules/.cache`, `.next/cache`, `.turbo`, ...), `*.tsbuildinfo` (every source
 * path of the project), Terraform state and shell histories.
 */
const DEV_FOLDER = /(^|\/)(\.git|\.hg|\.svn|\.bzr|node_modules\/\.cache|\.next\/cache|\.turbo|\.parcel-cache|\.nx\/cache|\.angular\/cache|\.pytest_cache|\.mypy_cache|\.ruff_cache|\.tox|\.terraform)\//;
const DEV_FILE = /(^|\/)([^/]+\.tsbuildinfo|[^/]+\.tfstate(\.backup)?|\.eslintcache|\.stylelintcache|\.(bash|zsh|python|node_repl|psql|mysql|sqlite)_history)$/;

/** The dev folder a path is inside (`.git`, `app/node_modules/.cache`), or the file itself for dev files; undefined otherwise. */
export function devFileGroup(rel: string): { folder?: string; glob?: string; label: string } | undefined {
  const m = DEV_FOLDER.exec(rel);
  if (m) {
    const folder = rel.slice(0, m.index + m[0].length - 1).replace(/^\//, '');
    return { folder, label: `${folder}/` };
  }
  const f = DEV_FILE.exec(rel);
  if (f) {
    const base = f[2];
    const glob = /\.tsbuildinfo$/.test(base) ? '*.tsbuildinfo' : /\.tfstate/.test(base) ? '*.tfstate*' : base;
    return { glob, label: rel };
  }
  return undefined;
}
