// Chooses the setpoint writer from config (QLOOP_SETPOINT_WRITER). GxP: a simulated PLC may
// confirm writes only in the demo, where the MES is itself a simulator and the written setpoint
// shows on its equipment; everywhere else the writer refuses (dead letter, QA alerted) until a
// real control-layer writer (OPC UA) exists.
import type { Config } from '../../config';
import type { Equipment } from '../../domain/types';
import type { AuditLog } from '../../ports/audit-log';
import type { SetpointWriter } from '../../ports/setpoint-writer';
import { SimulatedControlLayer, type SetpointTags } from './control-layer';
import { ControlLayerSetpointWriter } from './control-layer-setpoint-writer';
import { NoControlLayerSetpointWriter } from './no-control-layer-setpoint-writer';

export interface SetpointConnectDeps {
  /** The simulated MES's equipment as PLC tags (in-process MES, a started simulator's floor); undefined for an MES at a URL. */
  floorTags: SetpointTags | undefined;
  /** The plant record's equipment: the tags of a simulated PLC next to an external MES (QLOOP_SETPOINT_WRITER=simulated). */
  equipment: readonly Equipment[];
  audit: Pick<AuditLog, 'append'>;
}

export function connectSetpointWriter(config: Pick<Config, 'setpointWriter' | 'demo' | 'mes'>, deps: SetpointConnectDeps): SetpointWriter {
  const simulated = (tags: SetpointTags | readonly Equipment[]) => new ControlLayerSetpointWriter(new SimulatedControlLayer(tags), { name: 'simulated-control-layer', audit: deps.audit });
  switch (config.setpointWriter) {
    case 'none':
      return new NoControlLayerSetpointWriter('QLOOP_SETPOINT_WRITER=none');
    case 'simulated': // loadConfig refuses it outside the demo
      return simulated(deps.floorTags ?? deps.equipment);
    case 'auto':
      if (!config.demo) return new NoControlLayerSetpointWriter('QLOOP_SETPOINT_WRITER=auto outside the demo; a real control-layer writer is not built yet');
      if (!deps.floorTags) return new NoControlLayerSetpointWriter(`QLOOP_SETPOINT_WRITER=auto and QLOOP_MES=${config.mes} is an external MES, not a simulator`);
      return simulated(deps.floorTags);
  }
}
