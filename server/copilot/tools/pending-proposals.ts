// pending_proposals: proposals (holds, releases, setpoint changes, deviation drafts) waiting
// for a decision, on the user's lines or for one lot.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, toolAnswer, toolRefusal, turnContext, visibleLines, type CopilotToolDeps } from './context';
import { lotArg } from './lookup';
import { PROPOSALS_UNAVAILABLE } from './proposal-guard';

export const pendingProposalsSchema = z.object({
  lot: lotArg.optional().describe('Only proposals for this lot.'),
});

export function pendingProposalsTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        if (!deps.proposals) return toolRefusal(PROPOSALS_UNAVAILABLE.replace('so nothing was proposed', 'so there are none to list'), { refused: 'unavailable' });
        const lineIds = visibleLines(user, deps.catalog.lines().map((l) => l.id));
        const lotId = args.lot ? (deps.catalog.resolveLot(args.lot)?.id ?? args.lot.toUpperCase()) : undefined;
        const pending = await deps.proposals.pending({ lineIds, ...(lotId ? { lotId } : {}) });
        return toolAnswer(
          { count: pending.length, ...(lotId ? { lot: lotId } : { lines: lineIds }), proposals: pending },
          pending.map((p) => ({ docId: `PROPOSAL:${p.id}`, title: `${p.kind} proposal ${p.id} for ${p.lot} (${p.status})` })),
        );
      }),
    {
      name: 'pending_proposals',
      description: 'Proposals waiting for a decision (hold, release, setpoint change, deviation draft) on the user\'s lines, or for one lot, with their status. Use it for "what is waiting for approval", "open proposals for LOT-XYZ789".',
      schema: pendingProposalsSchema,
    },
  );
}
