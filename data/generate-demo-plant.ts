// Writes data/plant/demo-plant.json, the demo plant dataset (docs/plant-data.md).
// Deterministic: a fixed seed and fixed dates, so regenerating gives a byte-identical file.
// Run: node --import tsx data/generate-demo-plant.ts [output.json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoPlant } from './demo-plant/build';

const output = process.argv[2] ?? fileURLToPath(new URL('./plant/demo-plant.json', import.meta.url));
const plant = buildDemoPlant();
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, `${JSON.stringify(plant, null, 2)}\n`);
const final = plant.results.filter((result) => result.status === 'final').length;
console.log(`wrote ${output}: ${plant.lots.length} lots, ${plant.samples.length} samples, ${plant.results.length} results (${final} final), ${plant.deviations.length} deviations`);
