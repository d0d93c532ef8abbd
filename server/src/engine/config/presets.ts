/**
 * Built-in configuration presets for `extends`: `leakguard:recommended` and `leakguard:strict`.
 *
 * Presets are computed from the rules' metadata passed in by the caller (the engine imports no
 * rule), so a new rule is covered by both presets without touching this file.
 */
import type { RuleMeta, Severity } from '../types';

/** The metadata a preset needs about each rule. */
export type PresetRuleMeta = Pick<RuleMeta, 'id' | 'family' | 'defaultSeverity' | 'optIn'>;

/** What a preset contributes: explicit rule severities and scalar settings. */
export interface PresetLayer {
  name: string;
  rules: Map<string, Severity>;
  allowSourceMaps?: 'never' | 'withoutSourcesContent' | 'always';
}

export const PRESET_PREFIX = 'leakguard:';
export const PRESET_NAMES: readonly string[] = ['leakguard:recommended', 'leakguard:strict'];

const RANK: Record<Severity, number> = { hint: 1, info: 2, warning: 3, error: 4 };

/**
 * The layer of a built-in preset, or undefined for an unknown name.
 *
 * - `leakguard:recommended` sets nothing: every rule keeps its default severity and the visibility
 *   policy still scales source-map and prompt rules.
 * - `leakguard:strict` sets every rule explicitly to at least `warning`, every `sourcemap-*` and
 *   `secret-*` rule to `error`, and `allowSourceMaps: "never"`. Opt-in rules (the one that talks to
 *   a registry) stay opt-in: a preset must not turn on network access.
 */
export function presetLayer(name: string, rules: readonly PresetRuleMeta[]): PresetLayer | undefined {
  if (name === 'leakguard:recommended') return { name, rules: new Map() };
  if (name !== 'leakguard:strict') return undefined;
  const out = new Map<string, Severity>();
  for (const meta of rules) {
    if (meta.optIn) continue;
    if (meta.family === 'sourcemap' || meta.family === 'secret') out.set(meta.id, 'error');
    else out.set(meta.id, RANK[meta.defaultSeverity] >= RANK.warning ? meta.defaultSeverity : 'warning');
  }
  return { name, rules: out, allowSourceMaps: 'never' };
}
