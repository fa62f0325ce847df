// The writer when qloop has no control-layer connection (QLOOP_SETPOINT_WRITER=none, and the
// default outside the demo): every write is refused as a permanent error, so the outbox moves
// the approved change to the dead letter and alerts QA at once instead of retrying, and no
// simulated PLC ever confirms a change that no machine received.
import { QloopError } from '../../errors';
import type { SetpointWrite, SetpointWriter } from '../../ports/setpoint-writer';

export class NoControlLayerSetpointWriter implements SetpointWriter {
  readonly name = 'none';

  /** `why` names the setting that left qloop without a control layer, for the dead-letter message. */
  constructor(private readonly why: string) {}

  async write(request: SetpointWrite): Promise<never> {
    throw new QloopError(
      'NOT_FOUND',
      `no control-layer (PLC / OPC UA) connection is configured (${this.why}); ${request.parameterId} on ${request.equipmentId} was not changed: set ${request.value} at the HMI under the site's change procedure`,
    );
  }
}
