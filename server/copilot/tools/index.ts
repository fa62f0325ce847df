// The copilot's tools, one per file (STYLE.md habit 7): read tools first, then the proposal tools.
import type { CopilotToolDeps } from './context';
import { deviationSearchTool } from './deviation-search';
import { draftDeviationTool } from './draft-deviation';
import { equipmentStatusTool } from './equipment-status';
import { explainAlertTool } from './explain-alert';
import { limsResultsTool } from './lims-results';
import { lineStatusTool } from './line-status';
import { lotStatusTool } from './lot-status';
import { pendingProposalsTool } from './pending-proposals';
import { proposeHoldTool } from './propose-hold';
import { proposeSetpointTool } from './propose-setpoint';
import { resultTrendTool } from './result-trend';
import { sopSearchTool } from './sop-search';
import { specificationTool } from './specification';
import { workOrderTool } from './work-order';

export type { ActionKind, CopilotToolDeps, CopilotTurnContext } from './context';
export { ACTION_KINDS } from './context';

export const PROPOSAL_TOOLS = ['propose_hold', 'propose_setpoint', 'draft_deviation'] as const;

export function createCopilotTools(deps: CopilotToolDeps) {
  return [
    limsResultsTool(deps),
    specificationTool(deps),
    resultTrendTool(deps),
    lotStatusTool(deps),
    workOrderTool(deps),
    lineStatusTool(deps),
    equipmentStatusTool(deps),
    sopSearchTool(deps),
    deviationSearchTool(deps),
    pendingProposalsTool(deps),
    explainAlertTool(deps),
    proposeHoldTool(deps),
    proposeSetpointTool(deps),
    draftDeviationTool(deps),
  ];
}

export type CopilotTool = ReturnType<typeof createCopilotTools>[number];
