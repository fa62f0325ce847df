// propose_setpoint: asks the proposal flow for a setpoint change, after checking the value
// against the validated range the MES reports (guardrail before any write; DESIGN.md rules).
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, type CopilotToolDeps } from './context';
import { equipmentArg, reference, resolveEquipment } from './lookup';
import { findParameter } from './equipment-status';
import { proposalGate } from './proposal-guard';

export const proposeSetpointSchema = z.object({
  equipment: equipmentArg.describe('Equipment id, e.g. TP-101.'),
  parameter: reference('parameter', 'MainCompressionForce').describe('Parameter id or name, e.g. MainCompressionForce or "main compression force".'),
  value: z.number({ error: 'value must be a number in the parameter\'s unit; fix the argument and try again' }).finite().describe('The new setpoint, in the parameter\'s unit.'),
  reason: z.string().trim().min(5, 'reason is required (at least 5 characters); fix the argument and try again').max(500, 'reason is longer than 500 characters; shorten it and try again').describe('Why the change is needed.'),
});

export function proposeSetpointTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const turn = turnContext(runtime);
        const gate = proposalGate(deps.proposals, turn, 'setpoint', 'setpoint.propose');
        if ('refusal' in gate) return gate.refusal;
        const equipment = await resolveEquipment(deps, args.equipment);
        if (!inScope(turn.user, deps.catalog, equipment.lineId)) return toolRefusal(scopeRefusal(turn.user, equipment.id, equipment.lineId), { refused: 'scope' });
        const parameters = await deps.mes.getProcessParameters(equipment.id);
        const parameter = findParameter(parameters, args.parameter);
        if (!parameter) {
          return toolRefusal(`${equipment.id} has no parameter "${args.parameter}". Its parameters: ${parameters.map((p) => `${p.id.split('.').pop()} (${p.name})`).join(', ')}; fix the argument and try again.`);
        }
        const { min, max } = parameter.validatedRange;
        if (args.value < min || args.value > max) {
          return toolRefusal(
            `Refused by the guardrail: ${args.value} ${parameter.unit} is outside the validated range ${min}–${max} ${parameter.unit} of ${parameter.name} on ${equipment.id}. Nothing was proposed. Tell the user; a change outside the validated range needs a change control, not a setpoint proposal.`,
            { refused: 'validated-range', parameter: parameter.id, value: args.value, validatedRange: parameter.validatedRange, unit: parameter.unit, setpoint: parameter.setpoint },
          );
        }
        if (args.value === parameter.setpoint) {
          return toolRefusal(`Not proposed: the setpoint of ${parameter.name} on ${equipment.id} is already ${parameter.setpoint} ${parameter.unit}.`, { refused: 'no-change', setpoint: parameter.setpoint, unit: parameter.unit });
        }
        return gate.ask(async (flow, origin) => {
          const proposal = await flow.requestSetpoint({
            equipmentId: equipment.id,
            parameterId: parameter.id,
            value: args.value,
            unit: parameter.unit,
            currentSetpoint: parameter.setpoint,
            validatedRange: parameter.validatedRange,
            reason: args.reason,
            ...origin,
          });
          return toolAnswer(
            {
              proposed: true,
              proposal: { id: proposal.id, kind: proposal.kind, status: proposal.status },
              change: { equipment: equipment.id, parameter: parameter.id, name: parameter.name, from: parameter.setpoint, to: args.value, unit: parameter.unit, validatedRange: parameter.validatedRange },
              note: 'This is a PROPOSAL only: nothing changes on the equipment until it is approved with an e-signature.',
            },
            [
              { docId: `PROPOSAL:${proposal.id}`, title: `Setpoint proposal ${proposal.id} (${proposal.status})` },
              { docId: `MES:${equipment.id}`, title: `MES equipment ${equipment.id}, ${parameter.name} validated ${min}–${max} ${parameter.unit}` },
            ],
          );
        });
      }),
    {
      name: 'propose_setpoint',
      description:
        'Proposes a setpoint change on a process parameter when the USER asks for it (engineers only). Checks the value against the validated ' +
        'range from the MES first and refuses anything outside it. Creates a proposal only: approval with e-signature comes before any change.',
      schema: proposeSetpointSchema,
    },
  );
}
