/** `leakguard/publishSets`: every analysed unit's publish set, for the Publish Set view. */
import type { UnitInfo } from '../../../protocol';
import { uriPath } from './convert';
import { isInside } from '../engine/paths';
import { describeInclusion } from '../engine/publish/describe';
import { toolLabel } from '../engine/publish/types';
import type { LeakguardServer } from './server';

export function publishSets(s: LeakguardServer, uri?: string): UnitInfo[] {
  const file = uri ? uriPath(uri) : undefined;
  const out: UnitInfo[] = [];
  for (const f of s.folders) {
    for (const ua of f.result?.units ?? []) {
      if (file && !isInside(ua.unit.root, file)) continue;
      const findingsByFile = new Map<string, string[]>();
      for (const fd of f.result?.findings ?? []) {
        for (const r of [{ file: fd.file }, ...fd.related]) {
          const l = findingsByFile.get(r.file) ?? [];
          l.push(fd.ruleId);
          findingsByFile.set(r.file, l);
        }
      }
      out.push({
        root: ua.unit.root,
        name: ua.unit.name,
        kind: ua.unit.kind,
        tool: ua.publishSet.tool,
        packer: toolLabel(ua.publishSet.tool),
        visibility: ua.visibility,
        files: ua.publishSet.files.map((pf) => ({ path: pf.path, abs: pf.abs, size: pf.size, why: describeInclusion(pf.reason, ua.unit.root), rules: [...new Set(findingsByFile.get(pf.abs) ?? [])] })),
      });
    }
  }
  return out;
}
