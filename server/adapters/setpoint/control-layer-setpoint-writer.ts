// ControlLayerSetpointWriter: writes a process setpoint through a ControlLayer with the
// checks INTEGRATIONS.md 6 asks of the client itself: refuse any value outside the
// intersection of the validated range and the device ranges, refuse when the setpoint moved
// since the proposal (expectedPrevious), write once, then read back to confirm. The write is
// audited with the value before and the value read back, and with the writer's name, so the
// trail tells a simulated PLC from a real one (EU GMP Annex 11 §9). The intent is audited before
// the write (setpoint.write.started): a write whose answer or record was lost (a timeout, qloop
// killed between the write and its record) is then recognised on the retry as qloop's own change.
import { QloopError } from '../../errors';
import type { AuditLog } from '../../ports/audit-log';
import type { SetpointWrite, SetpointWriteResult, SetpointWriter } from '../../ports/setpoint-writer';
import type { ControlLayer } from './control-layer';

export interface ControlLayerWriterOptions {
  /** Shown in the audit trail: which control layer confirmed the write. */
  name?: string;
  /** `list` finds an earlier attempt's write intent on a retry (setpoint.write.started). */
  audit?: Pick<AuditLog, 'append' | 'list'>;
}

type SetpointAction = 'setpoint.write.started' | 'setpoint.written' | 'setpoint.unchanged';

export class ControlLayerSetpointWriter implements SetpointWriter {
  readonly name: string;
  readonly #audit: Pick<AuditLog, 'append' | 'list'> | undefined;

  constructor(
    private readonly layer: ControlLayer,
    options: ControlLayerWriterOptions = {},
  ) {
    this.name = options.name ?? 'simulated-control-layer';
    this.#audit = options.audit;
  }

  async write(request: SetpointWrite): Promise<SetpointWriteResult> {
    const where = `${request.equipmentId} ${request.parameterId}`;
    if (!Number.isFinite(request.value)) throw new QloopError('VALIDATION', `setpoint for ${where} must be a finite number`, [{ path: 'value', message: `got ${request.value}` }]);
    const node = await this.layer.read(request.equipmentId, request.parameterId);
    if (!node) throw new QloopError('NOT_FOUND', `no control node for ${where}`);
    const low = Math.max(request.validatedRange.min, node.euRange.low, node.instrumentRange.low);
    const high = Math.min(request.validatedRange.max, node.euRange.high, node.instrumentRange.high);
    if (request.value < low || request.value > high) {
      throw new QloopError('VALIDATION', `setpoint ${request.value} for ${where} is outside the allowed range ${low}–${high} (validated range ∩ device ranges); nothing was written`, [{ path: 'value', message: `outside ${low}–${high}` }]);
    }
    if (node.value === request.value) {
      // The PLC already holds the target. When an earlier attempt of this approval started a write
      // and no record says how it ended, that write landed (its answer or its record was lost):
      // qloop's own change, recorded now with the value read before it.
      const landed = await this.#unrecordedWrite(request);
      if (landed !== undefined) {
        await this.#record('setpoint.written', request, landed, node.value, { confirmedOnRetry: true });
        return { status: 'applied', previous: landed, current: node.value };
      }
      // Otherwise a retry of a write already recorded, or a change someone made at the HMI: this
      // attempt changed nothing, so it reports the value it read before and after, never the
      // proposal's expectedPrevious: proposal.executed must not claim a change qloop did not make.
      await this.#record('setpoint.unchanged', request, node.value, node.value);
      return { status: 'already', previous: node.value, current: node.value };
    }
    if (node.value !== request.expectedPrevious) {
      throw new QloopError('CONFLICT', `setpoint of ${where} is ${node.value}, not the ${request.expectedPrevious} the proposal was made against; re-propose from the current value`);
    }
    // Write-ahead: no write without a record of it, even if qloop dies before the read-back.
    await this.#record('setpoint.write.started', request, node.value, request.value, { readBack: false });
    const status = await this.layer.write(request.equipmentId, request.parameterId, request.value);
    if (status !== 'Good') throw new QloopError(status === 'BadUserAccessDenied' ? 'FORBIDDEN' : 'UPSTREAM', `the control layer refused the write to ${where}: ${status}`);
    const after = await this.layer.read(request.equipmentId, request.parameterId);
    if (after?.value !== request.value) throw new QloopError('UPSTREAM', `read-back of ${where} shows ${after?.value}, not the ${request.value} written`);
    await this.#record('setpoint.written', request, node.value, after.value);
    return { status: 'applied', previous: node.value, current: after.value };
  }

  /**
   * The value read before an earlier attempt's write of this approval, when that attempt audited
   * setpoint.write.started and nothing after it (neither written nor unchanged) for this approval.
   */
  async #unrecordedWrite(request: SetpointWrite): Promise<number | undefined> {
    if (!this.#audit) return undefined;
    const reason = reasonOf(request);
    const records = (await this.#audit.list({ subjectType: 'setpoint', subjectId: subjectOf(request) })).filter((r) => r.reason === reason);
    const last = records.sort((a, b) => a.seq - b.seq).at(-1);
    if (last?.action !== 'setpoint.write.started') return undefined;
    const before = (last.before as { value?: unknown } | undefined)?.value;
    return typeof before === 'number' ? before : undefined;
  }

  async #record(action: SetpointAction, request: SetpointWrite, previous: number, current: number, extra: { readBack?: false; confirmedOnRetry?: true } = {}): Promise<void> {
    await this.#audit?.append({
      actor: { type: 'component', id: 'setpoint-writer' },
      action,
      subject: { type: 'setpoint', id: subjectOf(request) },
      before: { value: previous },
      after: { value: current, readBack: extra.readBack ?? true, writer: this.name, ...(extra.confirmedOnRetry ? { confirmedOnRetry: true } : {}) },
      reason: reasonOf(request),
    });
  }
}

const subjectOf = (request: SetpointWrite): string => `${request.equipmentId}/${request.parameterId}`;
const reasonOf = (request: SetpointWrite): string => `approved proposal ${request.approvalId}`;
