// The progress line a terminal shows while a tool runs ("Looking up LIMS results for LOT-XYZ789").
import type { ToolCallRecord } from './turn';

const DOING: Record<string, string> = {
  lims_results: 'Looking up LIMS results',
  specification: 'Reading the specification',
  result_trend: 'Charting the result history',
  lot_status: 'Checking the lot status in the MES',
  work_order: 'Reading the work order',
  line_status: 'Checking what runs on the line',
  equipment_status: 'Reading equipment parameters',
  sop_search: 'Searching the SOPs',
  deviation_search: 'Searching past deviations',
  pending_proposals: 'Listing pending proposals',
  explain_alert: 'Explaining the alert',
  propose_hold: 'Preparing a hold proposal',
  propose_setpoint: 'Checking the setpoint against the validated range',
  draft_deviation: 'Drafting a deviation for QA',
};

export function progressText(call: ToolCallRecord): string {
  const subject = ['sample', 'lot', 'workOrder', 'line', 'equipment', 'alertId', 'test', 'query']
    .map((key) => call.args[key])
    .find((value): value is string => typeof value === 'string' && value.length > 0);
  const doing = DOING[call.name] ?? `Running ${call.name}`;
  return subject ? `${doing} for ${subject.slice(0, 60)}` : doing;
}
