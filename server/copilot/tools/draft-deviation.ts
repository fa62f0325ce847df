// draft_deviation: asks the proposal flow to open a deviation DRAFT (SOP-QA-011), pre-filled
// with the lot, equipment, test and similar past deviations; QA classifies and owns it.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, type CopilotToolDeps } from './context';
import { equipmentArg, lotArg, resolveEquipment, resolveLot, resolveTestCode, testArg } from './lookup';
import { askProposalFlow, proposalRefusal } from './proposal-guard';

export const draftDeviationSchema = z.object({
  description: z.string().trim().min(10, 'description is required (at least 10 characters): what happened, where, when; fix the argument and try again').max(2000, 'description is longer than 2000 characters; shorten it and try again').describe('What happened, in the user\'s words plus the facts.'),
  title: z.string().trim().min(5).max(120).optional().describe('Short title; derived from the description when absent.'),
  lot: lotArg.optional().describe('The lot concerned, e.g. LOT-XYZ789.'),
  equipment: equipmentArg.optional().describe('The equipment concerned, e.g. TK-07.'),
  test: testArg.optional().describe('The test concerned, e.g. VISC.'),
});

export function draftDeviationTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const turn = turnContext(runtime);
        const refusal = proposalRefusal(deps.proposals, turn, 'deviation', undefined);
        if (refusal) return refusal;
        const lot = args.lot !== undefined ? (await resolveLot(deps, args.lot)).lot : undefined;
        const equipment = args.equipment !== undefined ? await resolveEquipment(deps, args.equipment) : undefined;
        for (const lineId of [lot?.lineId, equipment?.lineId]) {
          if (!inScope(turn.user, deps.catalog, lineId)) return toolRefusal(scopeRefusal(turn.user, 'That record', lineId as string), { refused: 'scope' });
        }
        const test = args.test ? resolveTestCode(deps.catalog, args.test, lot?.productId) : undefined;
        const similar = deps.catalog
          .deviations()
          .filter((d) => (equipment && d.equipmentIds.includes(equipment.id)) || (test && d.test === test) || (lot && d.lotIds.includes(lot.id)))
          .map((d) => d.id);
        const title = args.title ?? args.description.split(/[.\n]/)[0]?.slice(0, 120) ?? args.description.slice(0, 120);
        return askProposalFlow(async () => {
          const draft = await (deps.proposals as NonNullable<typeof deps.proposals>).draftDeviation({
            title,
            description: args.description,
            lotIds: lot ? [lot.id] : [],
            equipmentIds: equipment ? [equipment.id] : [],
            ...(test ? { test } : {}),
            similar,
            requestedBy: turn.user,
            source: 'copilot',
            ...(turn.conversationId ? { conversationId: turn.conversationId } : {}),
            ...(turn.messageId ? { messageId: turn.messageId } : {}),
            ...(turn.terminal ? { terminal: turn.terminal } : {}),
          });
          return toolAnswer(
            {
              drafted: true,
              draft: { id: draft.id, kind: draft.kind, status: draft.status, title },
              ...(lot ? { lot: lot.id } : {}),
              ...(equipment ? { equipment: equipment.id } : {}),
              ...(test ? { test } : {}),
              similar,
              note: 'This is a DRAFT: QA reviews, classifies and opens the deviation (SOP-QA-011).',
            },
            [{ docId: `PROPOSAL:${draft.id}`, title: `Deviation draft ${draft.id} (${draft.status})` }, ...similar.map((id) => ({ docId: id, title: `Deviation ${id}` }))],
          );
        });
      }),
    {
      name: 'draft_deviation',
      description:
        'Drafts a deviation report when the USER asks to raise / open / report a deviation: pre-filled with lot, equipment, test and similar past ' +
        'deviations. Creates a draft for QA only; it does not open or classify the deviation.',
      schema: draftDeviationSchema,
    },
  );
}
