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

export interface SetpointWriter {
  readonly name: string;
  write(request: SetpointWrite): Promise<{ previous: number; current: number }>;
}
