/**
 * `leakguard init`: a starter `.leakguardrc.json` (internal scopes from `.npmrc` and package names)
 * and a prepublish guard script. Shows the change first; writes only with --yes or a "y" answer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { getNodeValue } from 'jsonc-parser';
import { parseTreeBounded as parseTree } from '../engine/safe/json-depth';
import { jsonSet } from '../engine/fix-helpers';
import { planGuard } from '../engine/build-config/guard';
import { applyEdits, writeAtomic } from './fix';
import { UsageError, type CliIo, type CliDeps } from './io';


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
  const changes = planGuard(manifest.scripts, isExtension);

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
  for (const c of changes) plan.push(`~ package.json scripts["${c.script}"]: ${c.before !== undefined ? JSON.stringify(c.before) : '(none)'} → ${c.after !== undefined ? JSON.stringify(c.after) : '(removed)'}`);
  if (changes.length === 0) plan.push(`= package.json already runs leakguard after its build (${isExtension ? 'vscode:prepublish' : 'postpack'})`);
  else plan.push(isExtension ? '  (vsce runs vscode:prepublish, then packages: the guard runs after the build)' : '  (npm publish runs prepublishOnly → prepack → prepare → postpack, then uploads: the guard sees what ships)');
  io.stdout(plan.join('\n') + '\n');
  const writes = !fs.existsSync(configPath) || changes.length > 0;
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
  let text = manifestText;
  for (const c of changes) text = applyEdits(text, jsonSet(text, ['scripts', c.script], c.after));
  if (text !== manifestText) writeAtomic(manifestPath, text, root);
  io.stdout('Done.\n');
  return 0;
}
