// ControlLayerSetpointWriter: writes a process setpoint through a ControlLayer with the
// checks INTEGRATIONS.md 6 asks of the client itself: refuse any value outside the
// intersection of the validated range and the device ranges, refuse when the setpoint moved
// since the proposal (expectedPrevious), write once, then read back to confirm.
import { QloopError } from '../../errors';
import type { SetpointWrite, SetpointWriter } from '../../ports/setpoint-writer';
import type { ControlLayer } from './control-layer';

export class ControlLayerSetpointWriter implements SetpointWriter {
  constructor(
    private readonly layer: ControlLayer,
    readonly name = 'simulated-control-layer',
  ) {}

  async write(request: SetpointWrite): Promise<{ previous: number; current: number }> {
    const where = `${request.equipmentId} ${request.parameterId}`;
    if (!Number.isFinite(request.value)) throw new QloopError('VALIDATION', `setpoint for ${where} must be a finite number`, [{ path: 'value', message: `got ${request.value}` }]);
    const node = await this.layer.read(request.equipmentId, request.parameterId);
    if (!node) throw new QloopError('NOT_FOUND', `no control node for ${where}`);
    const low = Math.max(request.validatedRange.min, node.euRange.low, node.instrumentRange.low);
    const high = Math.min(request.validatedRange.max, node.euRange.high, node.instrumentRange.high);
    if (request.value < low || request.value > high) {
      throw new QloopError('VALIDATION', `setpoint ${request.value} for ${where} is outside the allowed range ${low}–${high} (validated range ∩ device ranges); nothing was written`, [{ path: 'value', message: `outside ${low}–${high}` }]);
    }
    if (node.value === request.value) return { previous: request.expectedPrevious, current: node.value }; // a retry of a write that landed
    if (node.value !== request.expectedPrevious) {
      throw new QloopError('CONFLICT', `setpoint of ${where} is ${node.value}, not the ${request.expectedPrevious} the proposal was made against; re-propose from the current value`);
    }
    const status = await this.layer.write(request.equipmentId, request.parameterId, request.value);
    if (status !== 'Good') throw new QloopError(status === 'BadUserAccessDenied' ? 'FORBIDDEN' : 'UPSTREAM', `the control layer refused the write to ${where}: ${status}`);
    const after = await this.layer.read(request.equipmentId, request.parameterId);
    if (after?.value !== request.value) throw new QloopError('UPSTREAM', `read-back of ${where} shows ${after?.value}, not the ${request.value} written`);
    return { previous: node.value, current: after.value };
  }
}
