// The business refusals every MES adapter reports the same way, whatever the vendor said:
// the outbox and the chat rely on these codes and words (the MES contract checks them).
import { QloopError } from '../../../errors';

export function unknownLot(system: string, lotId: string): QloopError {
  return new QloopError('NOT_FOUND', `lot ${lotId} is not known to ${system}`);
}

export function notOnHold(lotId: string, disposition?: string): QloopError {
  return new QloopError('CONFLICT', `lot ${lotId} is not on hold, so there is no hold to release${disposition ? ` (disposition ${disposition})` : ''}`);
}

export function closedLot(lotId: string): QloopError {
  return new QloopError('CONFLICT', `lot ${lotId} is Closed and can no longer be held`);
}

export function unavailableOperation(system: string, operation: string, why: string): QloopError {
  return new QloopError('UNAVAILABLE', `${system} cannot ${operation}: ${why}`);
}
