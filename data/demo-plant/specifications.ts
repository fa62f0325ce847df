// Products and their test specifications, as QA approved them. Limits follow the outline
// (docs/plant-data.md); sopId points at the demo SOPs in sops/.
import type { Product, TestSpecification } from '../../server/domain/types';

const WE = ['we1', 'we2', 'we3', 'we4'];
const NELSON = ['nelson1', 'nelson2', 'nelson3', 'nelson4', 'nelson5', 'nelson6', 'nelson7', 'nelson8'];

type SpecInput = Omit<TestSpecification, 'id' | 'version' | 'productId'> & { version?: string };

function specs(productId: string, code: string, inputs: SpecInput[]): TestSpecification[] {
  return inputs.map(({ version = '1', ...spec }) => ({ id: `SPEC-${code}-${spec.test}`, version, productId, ...spec }));
}

export const specifications: TestSpecification[] = [
  ...specs('PRD-IBU400', 'IBU400', [
    {
      test: 'ASSAY', keyword: 'Assay', unit: '%', kind: 'numeric', version: '3',
      lsl: 95.0, usl: 105.0, decimals: 1, target: 100.0,
      // Bounds are inclusive and the first listed band owns a shared edge: 98.0 and 102.0
      // release, 95.0 and 105.0 review (QUALITY.md, bands).
      bands: [
        { min: 98.0, max: 102.0, disposition: 'release', label: '98.0–102.0 %: release' },
        { min: 95.0, max: 98.0, disposition: 'review', label: '95.0–98.0 %: QA review' },
        { min: 102.0, max: 105.0, disposition: 'review', label: '102.0–105.0 %: QA review' },
        { max: 95.0, disposition: 'hold', label: 'below 95.0 % of label claim: hold (OOS)' },
        { min: 105.0, disposition: 'hold', label: 'above 105.0 % of label claim: hold (OOS)' },
      ],
      method: 'HPLC, USP <621>, external standard, 220 nm', sopId: 'SOP-QC-003',
      spc: { chart: 'imr', subgroupSize: 1, rules: WE, baseline: 10 },
    },
    {
      test: 'DISSO', keyword: 'Dissolution', unit: '%', kind: 'numeric', version: '2',
      lsl: 80, decimals: 0, method: 'USP <711> apparatus 2, 50 rpm, 900 mL phosphate buffer pH 7.2, Q at 30 min',
      sopId: 'SOP-QC-004',
    },
    {
      test: 'HARD', keyword: 'Hardness', unit: 'kp', kind: 'numeric', version: '2',
      lsl: 8.0, usl: 14.0, decimals: 1, target: 11.0, alertLimits: { low: 9.0, high: 13.0 },
      method: 'Breaking force, 10 tablets, USP <1217>', sopId: 'SOP-PRD-020',
      spc: { chart: 'imr', subgroupSize: 1, rules: NELSON, baseline: 50 },
    },
    {
      test: 'WEIGHT', keyword: 'Tablet weight', unit: 'mg', kind: 'numeric', version: '2',
      lsl: 608, usl: 632, decimals: 0, target: 620, alertLimits: { low: 611, high: 629 },
      method: 'Mean of 20 tablets, analytical balance', sopId: 'SOP-PRD-020',
      spc: { chart: 'imr', subgroupSize: 1, rules: WE, baseline: 40 },
    },
    {
      test: 'LOD', keyword: 'Loss on drying', unit: '%', kind: 'numeric',
      usl: 2.0, decimals: 1, method: 'Halogen moisture analyser, 105 °C, USP <731>', sopId: 'SOP-PRD-021',
    },
    {
      test: 'RS', keyword: 'Related substances', unit: '%', kind: 'numeric', version: '2',
      usl: 0.5, decimals: 2, loq: 0.05, method: 'HPLC gradient, total related substances, USP <621>', sopId: 'SOP-QC-003',
    },
    {
      test: 'APPEAR', keyword: 'Appearance', unit: '', kind: 'text', decimals: 0,
      acceptedText: ['conforms'],
      method: 'Visual: white, oval, film-coated tablets debossed "I400" on one side', sopId: 'SOP-PRD-020',
    },
  ]),
  ...specs('PRD-PARA-SUS', 'PARASUS', [
    {
      test: 'PH', keyword: 'pH', unit: '', kind: 'numeric', version: '2',
      lsl: 6.5, usl: 7.5, decimals: 1, target: 7.0,
      method: 'Potentiometry at 25 °C, USP <791>', sopId: 'SOP-QC-001',
      spc: { chart: 'imr', subgroupSize: 1, rules: WE, baseline: 20 },
    },
    {
      test: 'VISC', keyword: 'Viscosity', unit: 'mPa·s', kind: 'numeric', version: '2',
      lsl: 1500, usl: 2500, decimals: 0, target: 2000, alertLimits: { low: 1600, high: 2400 },
      method: 'Rotational viscometer, spindle 3, 20 rpm, 25 °C', sopId: 'SOP-QC-005',
      spc: { chart: 'imr', subgroupSize: 1, rules: WE, baseline: 20 },
    },
    {
      test: 'DENS', keyword: 'Density', unit: 'g/mL', kind: 'numeric',
      lsl: 1.10, usl: 1.20, decimals: 2, target: 1.15, method: 'Oscillating U-tube density meter at 20 °C', sopId: 'SOP-QC-005',
    },
    {
      test: 'ASSAY-SUS', keyword: 'Paracetamol assay', unit: '%', kind: 'numeric', version: '2',
      lsl: 95.0, usl: 105.0, decimals: 1, target: 100.0,
      method: 'HPLC, USP <621>, 243 nm', sopId: 'SOP-QC-003',
      spc: { chart: 'imr', subgroupSize: 1, rules: WE, baseline: 15 },
    },
    {
      test: 'TAMC', keyword: 'TAMC', unit: 'cfu/g', kind: 'numeric',
      usl: 100, decimals: 0, loq: 10, alertLimits: { high: 50 },
      method: 'Pour plate, TSA, 30–35 °C, 5 days, Ph. Eur. 2.6.12', sopId: 'SOP-QC-006',
    },
  ]),
];

export const products: Product[] = [
  {
    id: 'PRD-IBU400',
    name: 'Ibuprofen 400 mg film-coated tablets',
    dosageForm: 'film-coated tablet',
    specificationIds: specifications.filter((spec) => spec.productId === 'PRD-IBU400').map((spec) => spec.id),
  },
  {
    id: 'PRD-PARA-SUS',
    name: 'Paracetamol oral suspension 120 mg/5 mL',
    dosageForm: 'oral suspension',
    specificationIds: specifications.filter((spec) => spec.productId === 'PRD-PARA-SUS').map((spec) => spec.id),
  },
];
