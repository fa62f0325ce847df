// SetpointWriter port: writes a process setpoint to the control layer (OPC UA later). The
// writer itself refuses values outside the validated range and reads back to confirm.
export interface SetpointWrite {
  equipmentId: string;
  parameterId: string;
  value: number;
  expectedPrevious: number;
  validatedRange: { min: number; max: number };
  approvalId: string;
}

/** What the control layer holds before and after; 'already' when it held the target and nothing was written. */
export interface SetpointWriteResult {
  status: 'applied' | 'already';
  previous: number;
  current: number;
}

export interface SetpointWriter {
  /** Shown in the audit trail and the confirmation; a simulated PLC's name starts with "simulated". */
  readonly name: string;
  write(request: SetpointWrite): Promise<SetpointWriteResult>;
}
