#!/usr/bin/env node
/**
 * The package.json npm publishes differs from the one VS Code reads (issue #17 item 9): npm always
 * packs `main`, and `main` is the extension's entry (dist/extension.js), which nothing in the CLI
 * or the language server uses. `prepack` runs `strip` after the build: it keeps the manifest aside
 * and writes one without `main`; `postpack` runs `restore`. A backup left by an interrupted pack is
 * restored first, so the working copy is never left stripped.
 *
 *   node scripts/npm-manifest.mjs strip | restore
 */
import * as fs from 'node:fs';

const MANIFEST = 'package.json';
const BACKUP = '.package.json.leakguard-prepack';
const mode = process.argv[2];

function restore() {
  if (fs.existsSync(BACKUP)) fs.renameSync(BACKUP, MANIFEST);
}

if (mode === 'restore') {
  restore();
} else if (mode === 'strip') {
  restore();
  const text = fs.readFileSync(MANIFEST, 'utf8');
  const manifest = JSON.parse(text);
  delete manifest.main;
  fs.writeFileSync(BACKUP, text);
  fs.writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
} else {
  console.error('usage: node scripts/npm-manifest.mjs strip|restore');
  process.exit(2);
}
