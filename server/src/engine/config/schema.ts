/**
 * Generated manifests (the rust-analyzer habit: settings and schema come from code, and a test
 * fails when the committed copies are stale): the JSON schema of `.leakguardrc.json` and the
 * per-rule entries of the `leakguard.rules` editor setting, both built from the rule registry's
 * metadata, which the caller passes in (the engine imports no rule).
 */
import type { RuleMeta } from '../types';
import { SEVERITIES } from '../types';
import { PRESET_NAMES } from './presets';

/** Severity names accepted in configuration files and settings. */
export const SEVERITY_SETTINGS: readonly string[] = ['off', ...SEVERITIES];

export const SCHEMA_ID = 'https://github.com/leakguard/leakguard/blob/main/schemas/leakguardrc.schema.json';

type Json = Record<string, unknown>;

const stringList = (description: string): Json => ({ type: 'array', items: { type: 'string' }, description });

function ruleDescription(meta: RuleMeta): string {
  return `${meta.description} Default: ${meta.optIn ? 'off (opt-in)' : meta.defaultSeverity}.`;
}

/** The JSON schema (draft-07) of `.leakguardrc.json` for the given rules. */
export function buildConfigSchema(rules: readonly RuleMeta[], docsUrl: (id: string) => string): Json {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const ruleProps: Json = {};
  for (const meta of sorted) {
    const options: Json = meta.optionsSchema ?? { type: 'object' };
    ruleProps[meta.id] = {
      description: ruleDescription(meta),
      markdownDescription: `${ruleDescription(meta)} [Documentation](${docsUrl(meta.id)})`,
      oneOf: [
        { $ref: '#/definitions/severity' },
        { type: 'array', items: [{ $ref: '#/definitions/severity' }, options], minItems: 1, maxItems: 2, description: '[severity, options]' },
      ],
    };
  }
  const ids = sorted.map((m) => m.id);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'Leakguard configuration (.leakguardrc.json)',
    description: 'Team configuration for Leakguard. Generated from the rule registry by scripts/generate-schema.mjs; do not edit.',
    type: 'object',
    additionalProperties: false,
    definitions: {
      severity: { type: 'string', enum: SEVERITY_SETTINGS, description: '"off" turns the rule off; otherwise the severity of its findings.' },
      rules: {
        type: 'object',
        description: 'Rule id → "off" | "error" | "warning" | "info" | "hint", or ["<severity>", { options }].',
        properties: ruleProps,
        additionalProperties: false,
      },
    },
    properties: {
      $schema: { type: 'string' },
      extends: {
        description: `Configurations this one builds on, applied in order before this file: ${PRESET_NAMES.map((n) => `"${n}"`).join(', ')}, a relative path ("./tools/base.json") or an npm package in node_modules ("@acme/leakguard-config", "@acme/leakguard-config/strict.json"). Later entries and this file win rule by rule; lists concatenate.`,
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
        examples: [...PRESET_NAMES],
      },
      visibility: { type: 'string', enum: ['auto', 'proprietary', 'open-source'], description: 'Whether the packages are proprietary or open source; "auto" derives it from license, private, repository, scopes and registries.' },
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        type: 'array',
        description: 'Rule settings for some files only; later overrides win.',
        items: {
          type: 'object',
          required: ['files'],
          additionalProperties: false,
          properties: {
            files: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }], description: 'Globs relative to the folder of this configuration.' },
            rules: { $ref: '#/definitions/rules' },
          },
        },
      },
      ignore: stringList('Globs (relative to this configuration\'s folder) whose findings are dropped; "RULE:glob" drops one rule only.'),
      internalScopes: stringList('npm scopes that are internal, e.g. "@acme".'),
      internalDomains: stringList('Internal host names; "*.int.acme.dev" matches subdomains.'),
      denyList: {
        type: 'array',
        description: 'Codenames and terms that must never ship: plain terms, regexes (not used in untrusted workspaces), or sha256 hashes of the lower-cased term.',
        items: {
          oneOf: [
            { type: 'string', minLength: 1 },
            {
              type: 'object',
              required: ['pattern'],
              additionalProperties: false,
              properties: {
                pattern: { type: 'string', minLength: 1 },
                regex: { type: 'boolean', description: 'Treat "pattern" as a regular expression, run on a linear-time engine (RE2: no back-references or look-ahead).' },
                caseSensitive: { type: 'boolean' },
                kind: { enum: ['codename', 'flag', 'term'] },
              },
            },
            {
              type: 'object',
              required: ['sha256'],
              additionalProperties: false,
              properties: { sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' }, kind: { enum: ['codename', 'flag', 'term'] } },
            },
          ],
        },
      },
      allowPrompts: stringList('Globs of prompt files that ship on purpose.'),
      allowSourceMaps: { type: 'string', enum: ['never', 'withoutSourcesContent', 'always'], description: 'Which source maps may ship.' },
      locked: { type: 'array', items: { type: 'string', enum: ids }, description: 'Rules that configurations extending this one, editor settings and inline comments cannot turn off, lower or suppress.' },
      baseline: { type: 'string', description: 'Baseline file of accepted findings, relative to this configuration (default .leakguard-baseline.json).' },
      unreleasedFlagPatterns: stringList('Regular expressions (RE2 syntax: no back-references or look-ahead) of unreleased feature-flag keys (not used in untrusted workspaces).'),
      intentionalAgentFiles: stringList('Globs of agent instruction files that ship on purpose.'),
      units: {
        type: 'object',
        additionalProperties: false,
        description: 'Which package.json folders are packaging units. By default a package under a test, fixture, example, e2e or __tests__ folder, or under .yarn/, that is not a workspace of its monorepo root is skipped.',
        properties: {
          include: stringList('Folder globs (relative to this configuration) analysed as units even under test/fixture/example folders.'),
          exclude: stringList('Folder globs (relative to this configuration) never analysed as units.'),
        },
      },
    },
  };
}

/** `contributes.configuration.properties["leakguard.rules"].properties`: one entry per rule id. */
export function buildRuleSettingsProperties(rules: readonly RuleMeta[]): Json {
  const out: Json = {};
  for (const meta of [...rules].sort((a, b) => a.id.localeCompare(b.id))) {
    out[meta.id] = { type: 'string', enum: SEVERITY_SETTINGS, description: ruleDescription(meta) };
  }
  return out;
}
