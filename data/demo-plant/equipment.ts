// Riverside Plant 1: lines, terminals and equipment with their process parameters. Validated
// ranges are the proven acceptable ranges from process validation; a setpoint change outside
// them is refused by qloop's guardrails.
import type { Equipment, EquipmentState, Line, Plant, ProcessParameter } from '../../server/domain/types';

export const plant: Plant = {
  id: 'RVP1',
  name: 'Riverside Pharmaceuticals — Plant 1',
  site: 'Riverside',
  timezone: 'Europe/Dublin',
};

export const lines: Line[] = [
  {
    id: 'LINE-1',
    name: 'Line 1 — Granulation & compression',
    area: 'Solid dose',
    terminals: [
      { id: 'T-L1-01', name: 'Line 1 granulation suite terminal' },
      { id: 'T-L1-02', name: 'Line 1 compression room terminal (TP-101)' },
    ],
    equipmentIds: ['GRAN-101', 'FBD-101', 'TP-101'],
  },
  {
    id: 'LINE-2',
    name: 'Line 2 — Compression & coating',
    area: 'Solid dose',
    terminals: [{ id: 'T-L2-01', name: 'Line 2 compression and coating terminal' }],
    equipmentIds: ['TP-201', 'COAT-201'],
  },
  {
    id: 'LINE-3',
    name: 'Line 3 — Liquids',
    area: 'Liquids',
    terminals: [
      { id: 'T-L3-01', name: 'Line 3 compounding terminal (TK-07)' },
      { id: 'T-L3-02', name: 'Line 3 filling terminal (FILL-301)' },
    ],
    equipmentIds: ['TK-07', 'HOM-301', 'FILL-301', 'PHM-03'],
  },
];

type ParameterRow = [code: string, name: string, unit: string, setpoint: number, current: number, min: number, max: number];

function parameters(lineId: string, equipmentId: string, rows: ParameterRow[]): ProcessParameter[] {
  return rows.map(([code, name, unit, setpoint, current, min, max]) => ({
    id: `${equipmentId}.${code}`,
    name,
    unit,
    setpoint,
    current,
    validatedRange: { min, max },
    nodeId: `ns=2;s=RVP1.${lineId}.${equipmentId}.${code}`,
  }));
}

function unit(id: string, name: string, type: string, lineId: string, state: EquipmentState, lastCalibration: string, rows: ParameterRow[]): Equipment {
  return { id, name, type, lineId, state, lastCalibration, parameters: parameters(lineId, id, rows) };
}

/** State as of the dataset's asOf: LINE-1 compresses, LINE-2 is being cleaned, LINE-3 runs WO-1001. */
export const equipment: Equipment[] = [
  unit('GRAN-101', 'High-shear granulator 101', 'high-shear granulator', 'LINE-1', 'idle', '2024-02-12T09:00:00Z', [
    ['ImpellerSpeed', 'Impeller speed', 'rpm', 250, 0, 150, 350],
    ['ChopperSpeed', 'Chopper speed', 'rpm', 1500, 0, 1000, 2000],
    ['BinderRate', 'Binder solution addition rate', 'kg/min', 1.2, 0, 0.8, 1.6],
    ['WetMassingTime', 'Wet massing time', 'min', 3, 0, 2, 5],
  ]),
  unit('FBD-101', 'Fluid bed dryer 101', 'fluid bed dryer', 'LINE-1', 'idle', '2024-03-27T08:30:00Z', [
    ['InletAirTemp', 'Inlet air temperature', '°C', 60, 21.4, 55, 65],
    ['ProductTemp', 'Product temperature', '°C', 38, 21.1, 30, 45],
    ['InletAirflow', 'Inlet airflow', 'm³/h', 1200, 0, 900, 1500],
    ['LodEndpoint', 'Loss on drying endpoint', '%', 1.5, 1.4, 1.0, 2.0],
  ]),
  // Main compression force reads above setpoint while hardness drifts up (DEV-2024-034).
  unit('TP-101', 'Rotary tablet press 101', 'rotary tablet press', 'LINE-1', 'running', '2024-03-04T07:00:00Z', [
    ['MainCompressionForce', 'Main compression force', 'kN', 18, 19.1, 14, 22],
    ['PreCompressionForce', 'Pre-compression force', 'kN', 3, 3.1, 2, 5],
    ['TurretSpeed', 'Turret speed', 'rpm', 45, 45, 30, 60],
    ['FillDepth', 'Fill depth', 'mm', 9.8, 9.8, 8.5, 11],
  ]),
  unit('TP-201', 'Rotary tablet press 201', 'rotary tablet press', 'LINE-2', 'cleaning', '2024-03-18T07:00:00Z', [
    ['MainCompressionForce', 'Main compression force', 'kN', 17.5, 0, 14, 22],
    ['PreCompressionForce', 'Pre-compression force', 'kN', 3, 0, 2, 5],
    ['TurretSpeed', 'Turret speed', 'rpm', 50, 0, 30, 60],
    ['FillDepth', 'Fill depth', 'mm', 9.7, 9.7, 8.5, 11],
  ]),
  unit('COAT-201', 'Perforated pan coater 201', 'pan coater', 'LINE-2', 'cleaning', '2024-04-02T10:00:00Z', [
    ['PanSpeed', 'Pan speed', 'rpm', 8, 0, 4, 12],
    ['SprayRate', 'Spray rate', 'g/min', 180, 0, 120, 240],
    ['InletAirTemp', 'Inlet air temperature', '°C', 65, 22.3, 55, 75],
    ['ExhaustTemp', 'Exhaust air temperature', '°C', 45, 22.0, 40, 50],
    ['AtomizingAirPressure', 'Atomizing air pressure', 'bar', 2, 0, 1.5, 2.5],
  ]),
  unit('TK-07', 'Mixing tank 7 (jacketed, 2500 L)', 'jacketed mixing tank with agitator', 'LINE-3', 'running', '2024-02-20T09:00:00Z', [
    ['AgitatorSpeed', 'Agitator speed', 'rpm', 120, 121, 80, 160],
    ['JacketTemp', 'Jacket temperature', '°C', 25, 25.2, 20, 30],
    ['ProductTemp', 'Product temperature', '°C', 24, 24.6, 20, 28],
    ['MixingTime', 'Mixing time after last addition', 'min', 45, 38, 30, 60],
  ]),
  unit('HOM-301', 'Inline homogenizer 301', 'inline rotor-stator homogenizer', 'LINE-3', 'running', '2024-03-11T09:00:00Z', [
    ['RotorSpeed', 'Rotor speed', 'rpm', 3000, 2990, 2000, 4000],
    ['FlowRate', 'Recirculation flow rate', 'L/min', 40, 39.5, 30, 50],
  ]),
  unit('FILL-301', 'Bottle filler 301', 'piston bottle filler', 'LINE-3', 'setup', '2024-04-08T09:00:00Z', [
    ['FillVolume', 'Fill volume', 'mL', 102, 102, 101, 104],
    ['FillingSpeed', 'Filling speed', 'bottles/min', 60, 0, 40, 80],
  ]),
  // QC lab instrument used for this line's samples; calibrated daily per SOP-QC-001.
  unit('PHM-03', 'pH meter 03 (QC lab)', 'pH meter', 'LINE-3', 'idle', '2024-05-03T06:40:00Z', [
    ['ElectrodeSlope', 'Electrode slope at last calibration', '%', 100, 98.9, 95, 105],
    ['ZeroPointOffset', 'Zero point offset at last calibration', 'mV', 0, -4.2, -15, 15],
    ['SampleTemp', 'Measurement temperature', '°C', 25, 25.0, 20, 30],
  ]),
];
