/** Client settings (`leakguard.*`): defaults, validation, and the rule severity overrides they give. */
import type { SeveritySetting } from '../engine/types';

export interface ServerSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: Record<string, SeveritySetting>;
  maxFileSizeMB: number;
  codeAction: { disableRuleComment: { location: 'separateLine' | 'sameLine' } };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  run: 'onType',
  rules: {},
  maxFileSizeMB: 0,
  codeAction: { disableRuleComment: { location: 'separateLine' } },
};

export function mergeSettings(s: Partial<ServerSettings>): ServerSettings {
  return {
    enable: s.enable !== false,
    run: s.run === 'onSave' ? 'onSave' : 'onType',
    rules: s.rules && typeof s.rules === 'object' ? s.rules : {},
    maxFileSizeMB: typeof s.maxFileSizeMB === 'number' && s.maxFileSizeMB > 0 ? s.maxFileSizeMB : 0,
    codeAction: { disableRuleComment: { location: s.codeAction?.disableRuleComment?.location === 'sameLine' ? 'sameLine' : 'separateLine' } },
  };
}

/** `leakguard.rules` as engine severity overrides (`warn` is accepted for `warning`; unknown values are ignored). */
export function ruleOverridesOf(settings: ServerSettings): Map<string, SeveritySetting> {
  const m = new Map<string, SeveritySetting>();
  for (const [k, v] of Object.entries(settings.rules ?? {})) {
    const sev = (v as string) === 'warn' ? 'warning' : v;
    if (['off', 'error', 'warning', 'info', 'hint'].includes(sev as string)) m.set(k, sev as SeveritySetting);
  }
  return m;
}
