#!/usr/bin/env node
/**
 * Generates schemas/leakguardrc.schema.json and the per-rule entries of the `leakguard.rules`
 * setting in package.json from the rule registry. `npm run schema`; test/engine/schema.test.ts
 * fails when either is stale. Only that one key of package.json is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (rel) => tsImport(pathToFileURL(path.join(root, rel)).href, import.meta.url);
const registry = await load('rules/index.ts');
const gen = await load('server/src/engine/config/schema.ts');
const pick = (m, name) => m[name] ?? m.default?.[name];
const metas = pick(registry, 'allRules').map((r) => r.meta);

const schemaFile = path.join(root, 'schemas/leakguardrc.schema.json');
fs.mkdirSync(path.dirname(schemaFile), { recursive: true });
fs.writeFileSync(schemaFile, `${JSON.stringify(pick(gen, 'buildConfigSchema')(metas, pick(registry, 'docsUrl')), null, 2)}\n`);

const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
const setting = pkg.contributes?.configuration?.properties?.['leakguard.rules'];
if (!setting) throw new Error('package.json has no contributes.configuration.properties["leakguard.rules"]');
setting.properties = pick(gen, 'buildRuleSettingsProperties')(metas);
fs.writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`wrote ${path.relative(root, schemaFile)} and package.json leakguard.rules (${metas.length} rules)`);
