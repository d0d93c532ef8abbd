/**
 * `leakguard init`: a starter `.leakguardrc.json` (internal scopes from `.npmrc` and package names)
 * and a prepublish guard script. Shows the change first; writes only with --yes or a "y" answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { getNodeValue } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../engine/json-depth';
import { jsonSet } from '../engine/fix-helpers';
import { applyEdits, writeAtomic } from './fix';
import type { CliIo, CliDeps } from './main';
import { UsageError } from './main';

const GUARD = 'leakguard check --fail-on error';

export async function runInit(args: string[], io: CliIo, _deps: CliDeps): Promise<number> {
  const yes = args.includes('--yes') || args.includes('-y');
  const positional = args.filter((a) => !a.startsWith('-'));
  const root = path.resolve(io.cwd, positional[0] ?? '.');
  const manifestPath = path.join(root, 'package.json');
  if (!fs.existsSync(manifestPath)) throw new UsageError(`no package.json in ${root}.`);
  const manifestText = fs.readFileSync(manifestPath, 'utf8');
  const errors: never[] = [];
  const tree = parseTree(manifestText, errors);
  const manifest = tree ? (getNodeValue(tree) as Record<string, unknown>) : undefined;
  if (!manifest || typeof manifest !== 'object') throw new UsageError(`${manifestPath} is not a JSON object.`);

  const scopes = new Set<string>();
  const npmrc = path.join(root, '.npmrc');
  if (fs.existsSync(npmrc)) {
    for (const m of fs.readFileSync(npmrc, 'utf8').matchAll(/^\s*(@[\w.-]+):registry\s*=\s*(\S+)/gm)) {
      if (!/registry\.npmjs\.org/.test(m[2])) scopes.add(m[1]);
    }
  }
  if (typeof manifest.name === 'string' && manifest.name.startsWith('@') && manifest.private === true) scopes.add(manifest.name.split('/')[0]);
  const isExtension = !!(manifest.engines as Record<string, unknown> | undefined)?.vscode;
  const scriptName = isExtension ? 'vscode:prepublish' : 'prepublishOnly';
  const scripts = (manifest.scripts ?? {}) as Record<string, string>;
  const existing = scripts[scriptName];
  const newScript = existing ? (existing.includes('leakguard') ? existing : `${GUARD} && ${existing}`) : GUARD;

  const configPath = path.join(root, '.leakguardrc.json');
  const config = {
    $schema: './node_modules/leakguard/schemas/leakguardrc.schema.json',
    extends: ['leakguard:recommended'],
    visibility: 'auto',
    internalScopes: [...scopes],
    internalDomains: [],
    denyList: [],
    rules: {},
  };
  const configText = JSON.stringify(config, null, 2) + '\n';
  const plan: string[] = [];
  if (!fs.existsSync(configPath)) plan.push(`+ create .leakguardrc.json\n${configText.replace(/^/gm, '    ')}`);
  else plan.push('= .leakguardrc.json exists; left as it is');
  if (newScript !== existing) plan.push(`~ package.json scripts["${scriptName}"]: ${existing ? JSON.stringify(existing) : '(none)'} → ${JSON.stringify(newScript)}`);
  else plan.push(`= package.json scripts["${scriptName}"] already runs leakguard`);
  io.stdout(plan.join('\n') + '\n');
  const writes = !fs.existsSync(configPath) || newScript !== existing;
  if (!writes) return 0;
  if (!yes) {
    if (!process.stdin.isTTY) {
      io.stdout('Nothing written. Run again with --yes to apply.\n');
      return 0;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await new Promise<string>((resolve) => rl.question('Apply these changes? [y/N] ', resolve));
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stdout('Nothing written.\n');
      return 0;
    }
  }
  if (!fs.existsSync(configPath)) writeAtomic(configPath, configText, root);
  if (newScript !== existing) writeAtomic(manifestPath, applyEdits(manifestText, jsonSet(manifestText, ['scripts', scriptName], newScript)), root);
  io.stdout('Done.\n');
  return 0;
}
