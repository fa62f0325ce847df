// Hold reason checks: the plant's table is usable (unique codes, every cause qloop derives has
// exactly one code) and every hold in the file carries one of its codes (SOP-QA-010 §5.1).
import { HOLD_CAUSES, SOP_QA_010_HOLD_REASONS } from './hold-reasons';
import type { IssueReporter } from './issues';
import type { PlantDataset } from './schema';

export function checkHoldReasons(plant: PlantDataset, report: IssueReporter): void {
  const table = plant.holdReasons ?? SOP_QA_010_HOLD_REASONS;
  const codes = new Map<string, number>();
  const causes = new Map<string, number>();
  plant.holdReasons?.forEach((entry, i) => {
    const first = codes.get(entry.code);
    if (first !== undefined) report(['holdReasons', i, 'code'], `duplicate hold reason code "${entry.code}" (first at holdReasons[${first}])`);
    else codes.set(entry.code, i);
    entry.usedFor?.forEach((cause, c) => {
      const owner = causes.get(cause);
      if (owner !== undefined) report(['holdReasons', i, 'usedFor', c], `"${cause}" already has code "${plant.holdReasons?.[owner]?.code}"; each cause gets exactly one`);
      else causes.set(cause, i);
    });
  });
  if (plant.holdReasons) {
    const missing = HOLD_CAUSES.filter((cause) => !causes.has(cause));
    if (missing.length) report(['holdReasons'], `no code is used for ${missing.map((c) => `"${c}"`).join(', ')}: add each to one code's usedFor (causes: ${HOLD_CAUSES.join(', ')})`);
  }
  const known = new Set(table.map((entry) => entry.code));
  const listed = plant.holdReasons ? 'holdReasons' : 'SOP-QA-010 (no holdReasons in the file)';
  plant.lots.forEach((lot, l) =>
    lot.holds.forEach((hold, h) => {
      if (!known.has(hold.reasonCode)) report(['lots', l, 'holds', h, 'reasonCode'], `unknown hold reason code "${hold.reasonCode}"; the codes of ${listed} are ${[...known].join(', ')}`);
    }),
  );
}
