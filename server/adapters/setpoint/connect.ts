// Chooses the setpoint writer from config (QLOOP_SETPOINT_WRITER). GxP: a simulated PLC may
// confirm writes only where the MES is itself simulated (the in-process MES, or a vendor
// simulator qloop started itself) and the written setpoint shows on that MES's equipment; next to
// a real MES it would confirm changes no machine received, so everywhere else the writer refuses
// (dead letter, QA alerted) until a real control-layer writer (OPC UA) exists.
import { ConfigError, type Config } from '../../config';
import type { AuditLog } from '../../ports/audit-log';
import type { SetpointWriter } from '../../ports/setpoint-writer';
import { SimulatedControlLayer, type SetpointTags } from './control-layer';
import { ControlLayerSetpointWriter } from './control-layer-setpoint-writer';
import { NoControlLayerSetpointWriter } from './no-control-layer-setpoint-writer';

export interface SetpointConnectDeps {
  /** The simulated MES's equipment as PLC tags (in-process MES, a started simulator's floor); undefined for an MES at a URL. */
  floorTags: SetpointTags | undefined;
  audit: Pick<AuditLog, 'append' | 'list'>;
}

export function connectSetpointWriter(config: Pick<Config, 'setpointWriter' | 'demo' | 'mes'>, deps: SetpointConnectDeps): SetpointWriter {
  const simulated = (tags: SetpointTags) => new ControlLayerSetpointWriter(new SimulatedControlLayer(tags), { name: 'simulated-control-layer', audit: deps.audit });
  switch (config.setpointWriter) {
    case 'none':
      return new NoControlLayerSetpointWriter('QLOOP_SETPOINT_WRITER=none');
    case 'simulated':
      // loadConfig already refuses it outside the demo and next to an MES URL; this is the last word.
      if (!deps.floorTags) throw new ConfigError([`QLOOP_SETPOINT_WRITER: simulated needs a simulated MES (QLOOP_MES=in-process, or a vendor simulator qloop starts itself); QLOOP_MES=${config.mes} here is not one`]);
      return simulated(deps.floorTags);
    case 'auto':
      if (!config.demo) return new NoControlLayerSetpointWriter('QLOOP_SETPOINT_WRITER=auto outside the demo; a real control-layer writer is not built yet');
      if (!deps.floorTags) return new NoControlLayerSetpointWriter(`QLOOP_SETPOINT_WRITER=auto and QLOOP_MES=${config.mes} is an external MES, not a simulator`);
      return simulated(deps.floorTags);
  }
}
