// equipment_status: one piece of equipment from the MES: state, calibration, and its process
// parameters with setpoint, current value and validated range.
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { ProcessParameter } from '../../domain/types';
import { guarded, inScope, scopeRefusal, toolAnswer, toolRefusal, turnContext, type CopilotToolDeps } from './context';
import { equipmentArg, reference, resolveEquipment } from './lookup';

export const equipmentStatusSchema = z.object({
  equipment: equipmentArg.describe('Equipment id, e.g. TK-07, TP-101, FBD-101.'),
  parameter: reference('parameter', 'AgitatorSpeed').optional().describe('Only this parameter (id or name, e.g. AgitatorSpeed or "agitator speed").'),
});

/** A parameter by id ("TK-07.AgitatorSpeed", "AgitatorSpeed") or by name ("agitator speed"). */
export function findParameter(parameters: readonly ProcessParameter[], ref: string): ProcessParameter | undefined {
  const wanted = ref.toLowerCase().replace(/[\s_-]+/g, '');
  return parameters.find((p) => {
    const short = p.id.split('.').pop() ?? p.id;
    return [p.id, short, p.name].some((name) => name.toLowerCase().replace(/[\s_-]+/g, '') === wanted);
  });
}

export function equipmentStatusTool(deps: CopilotToolDeps) {
  return tool(
    async (args, runtime) =>
      guarded(async () => {
        const { user } = turnContext(runtime);
        const equipment = await resolveEquipment(deps, args.equipment);
        if (!inScope(user, deps.catalog, equipment.lineId)) return toolRefusal(scopeRefusal(user, equipment.id, equipment.lineId), { refused: 'scope' });
        const all = await deps.mes.getProcessParameters(equipment.id);
        const chosen = args.parameter !== undefined ? findParameter(all, args.parameter) : undefined;
        if (args.parameter !== undefined && !chosen) {
          return toolRefusal(`${equipment.id} has no parameter "${args.parameter}". Its parameters: ${all.map((p) => `${p.id.split('.').pop()} (${p.name})`).join(', ')}; fix the argument and try again.`);
        }
        const parameters = (chosen ? [chosen] : all).map((p) => ({
          id: p.id,
          name: p.name,
          unit: p.unit,
          setpoint: p.setpoint,
          current: p.current,
          validatedRange: p.validatedRange,
          currentWithinRange: p.current >= p.validatedRange.min && p.current <= p.validatedRange.max,
        }));
        return toolAnswer(
          {
            equipment: { id: equipment.id, name: equipment.name, type: equipment.type, line: equipment.lineId, state: equipment.state, ...(equipment.lastCalibration ? { lastCalibration: equipment.lastCalibration } : {}) },
            parameters,
          },
          [{ docId: `MES:${equipment.id}`, title: `MES equipment ${equipment.id} (${equipment.state})` }],
        );
      }),
    {
      name: 'equipment_status',
      description:
        'One piece of equipment from the MES: state, last calibration, and its process parameters with setpoint, current value and validated ' +
        'range (the proven acceptable range; setpoint changes outside it are refused). Use it for "agitator speed on tank 7", "state of TP-101".',
      schema: equipmentStatusSchema,
    },
  );
}
