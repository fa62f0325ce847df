// The ten deviation reports of the demo plant and the lot holds they caused, written the way
// a QA department writes them. Dates and values come from the generated lab data, so the
// reports and the results always tell the same story.
import type { DeviationReport, LotHold, TestResult } from '../../server/domain/types';
import type { StoryContext } from './story';
import { at, HOUR, iso, MINUTE } from './random';
import { deviationTexts } from './deviation-texts';

type Draft = Omit<DeviationReport, 'description' | 'rootCause' | 'capa'>;

export function deviationReports(story: StoryContext): DeviationReport[] {
  const after = (result: TestResult, minutes: number) => iso(at(result.finalizedAt) + minutes * MINUTE);
  const startPlus = (lotId: string, hours: number) => iso(story.plan(lotId).start + hours * HOUR);
  const drafts: Draft[] = [
    {
      id: 'DEV-2024-009', title: 'Viscosity below alert limit after thickener hydration in TK-07 (LOT-24-0303)',
      openedAt: after(story.result('LOT-24-0303', '02', 'VISC'), 35), closedAt: '2024-03-28T15:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0303'], equipmentIds: ['TK-07'], test: 'VISC',
    },
    {
      id: 'DEV-2024-011', title: 'FBD-101 inlet air temperature above validated range during drying of LOT-24-0105',
      openedAt: startPlus('LOT-24-0105', 6), closedAt: '2024-03-25T14:00:00Z', status: 'closed',
      classification: 'major', lotIds: ['LOT-24-0105'], equipmentIds: ['FBD-101'], test: 'LOD',
    },
    {
      id: 'DEV-2024-015', title: 'Line clearance finding on FILL-301: labels of the previous lot in the labeller reject bin',
      openedAt: startPlus('LOT-24-0306', 27.5), closedAt: '2024-04-12T11:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0306', 'LOT-24-0305'], equipmentIds: ['FILL-301'],
    },
    {
      id: 'DEV-2024-016', title: 'Picking and twinning of film-coated tablets on COAT-201 (LOT-24-0110)',
      openedAt: startPlus('LOT-24-0110', 47), closedAt: '2024-04-19T16:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0110'], equipmentIds: ['COAT-201'], test: 'APPEAR',
    },
    {
      id: 'DEV-2024-019', title: 'pH meter PHM-03 failed daily calibration check; four pH results retracted',
      openedAt: '2024-04-02T07:10:00Z', closedAt: '2024-04-16T10:30:00Z', status: 'closed',
      classification: 'major', lotIds: ['LOT-24-0308'], equipmentIds: ['PHM-03'], test: 'PH',
    },
    {
      id: 'DEV-2024-021', title: 'OOS: assay 94.1 % of label claim on release testing of LOT-24-0114',
      openedAt: after(story.result('LOT-24-0114', '12', 'ASSAY'), 40), closedAt: '2024-04-26T16:00:00Z', status: 'closed',
      classification: 'major', lotIds: ['LOT-24-0114'], equipmentIds: [], test: 'ASSAY',
    },
    {
      id: 'DEV-2024-023', title: 'Viscosity above alert limit in TK-07 final bulk: agitator running below setpoint (LOT-24-0310)',
      openedAt: after(story.result('LOT-24-0310', '05', 'VISC'), 30), closedAt: '2024-04-24T12:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0310'], equipmentIds: ['TK-07'], test: 'VISC',
    },
    {
      id: 'DEV-2024-024', title: 'Tablet weight variation on TP-201: in-process mean weights near the lower limit (LOT-24-0116)',
      openedAt: after(story.result('LOT-24-0116', '05', 'WEIGHT'), 15), closedAt: '2024-04-30T11:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0116'], equipmentIds: ['TP-201'], test: 'WEIGHT',
    },
    {
      id: 'DEV-2024-028', title: 'TAMC above alert level on release testing of LOT-24-0311',
      openedAt: after(story.result('LOT-24-0311', '06', 'TAMC'), 60), closedAt: '2024-04-30T15:00:00Z', status: 'closed',
      classification: 'minor', lotIds: ['LOT-24-0311'], equipmentIds: ['TK-07'], test: 'TAMC',
    },
    {
      id: 'DEV-2024-031', title: 'Upward trend of tablet hardness on TP-101 (SPC run rules), still within specification',
      openedAt: '2024-04-29T09:30:00Z', status: 'open',
      classification: 'minor', lotIds: ['LOT-24-0117', 'LOT-24-0119', 'LOT-24-0120'], equipmentIds: ['TP-101'], test: 'HARD',
    },
  ];
  const texts = deviationTexts(story);
  return drafts.map((draft) => {
    const text = texts[draft.id];
    if (!text) throw new Error(`no text for ${draft.id}`);
    return { ...draft, ...text };
  });
}

/**
 * Holds placed by QA (grainne.oconnor) while a deviation assessed the lot's impact, each with its
 * SOP-QA-010 §5.1 reason code: HR-04 open deviation with possible product impact, HR-06 equipment
 * failure (the SOP's own example is this FBD-101 excursion), HR-01 the OOS.
 */
export function lotHolds(story: StoryContext, reports: DeviationReport[]): Record<string, LotHold[]> {
  const report = (id: string): DeviationReport => {
    const found = reports.find((r) => r.id === id);
    if (!found) throw new Error(`unknown deviation ${id}`);
    return found;
  };
  const placed = (id: string, minutes: number) => iso(at(report(id).openedAt) + minutes * MINUTE);
  const oos = story.result('LOT-24-0114', '12', 'ASSAY');
  return {
    'LOT-24-0303': [{ id: 'HOLD-LOT-24-0303-1', reasonCode: 'HR-04', comment: 'Bulk viscosity below alert limit; hold pending DEV-2024-009 impact assessment.', placedBy: 'grainne.oconnor', placedAt: placed('DEV-2024-009', 20), releasedAt: report('DEV-2024-009').closedAt }],
    'LOT-24-0105': [{ id: 'HOLD-LOT-24-0105-1', reasonCode: 'HR-06', comment: 'FBD-101 inlet air temperature excursion; hold pending DEV-2024-011 impact assessment.', placedBy: 'grainne.oconnor', placedAt: placed('DEV-2024-011', 25), releasedAt: report('DEV-2024-011').closedAt }],
    'LOT-24-0110': [{ id: 'HOLD-LOT-24-0110-1', reasonCode: 'HR-04', comment: 'Coating defects above AQL; hold pending 100 % inspection under DEV-2024-016.', placedBy: 'grainne.oconnor', placedAt: placed('DEV-2024-016', 30), releasedAt: '2024-04-05T10:00:00Z' }],
    'LOT-24-0114': [{ id: 'HOLD-LOT-24-0114-1', reasonCode: 'HR-01', comment: `Assay ${oos.value} % (OOS, ${oos.id}); investigated under DEV-2024-021. Lot rejected by QA on 2024-04-26, kept on hold pending destruction.`, placedBy: 'grainne.oconnor', placedAt: placed('DEV-2024-021', 10) }],
  };
}
