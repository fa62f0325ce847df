// loadPlant refuses a bad plant file naming the file, the JSON path and the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DEMO_PLANT_FILE, loadPlant, PlantDataError } from '../../../server/plant';

const dir = mkdtempSync(join(tmpdir(), 'qloop-plant-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const demoText = readFileSync(DEMO_PLANT_FILE, 'utf8');

/** The demo plant as plain JSON, to break in one place. */
function demo(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(demoText);
}

let counter = 0;
function write(content: string): string {
  const file = join(dir, `plant-${++counter}.json`);
  writeFileSync(file, content);
  return file;
}

function refusal(file: string): PlantDataError {
  try {
    loadPlant(file);
  } catch (error) {
    assert.ok(error instanceof PlantDataError, `expected PlantDataError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.ok(error.message.includes(file), 'the message names the file');
    return error;
  }
  assert.fail(`${file} was accepted`);
}

function issueAt(error: PlantDataError, path: string): string {
  const issue = error.issues.find((i) => i.path === path);
  assert.ok(issue, `no issue at ${path}; issues: ${JSON.stringify(error.issues)}`);
  assert.ok(error.message.includes(`${path}: ${issue.message}`), 'the message lists the issue with its path');
  return issue.message;
}

describe('loadPlant', () => {
  it('loads the shipped demo plant', () => {
    const plant = loadPlant(DEMO_PLANT_FILE);
    assert.equal(plant.plant.id, 'RVP1');
  });

  it('refuses a missing file', () => {
    const error = refusal(join(dir, 'nope.json'));
    assert.deepEqual(error.issues, [{ path: '', message: 'file not found' }]);
  });

  it('refuses invalid JSON with line, column and the path being read', () => {
    const text = demoText.replace('"productId": "PRD-PARA-SUS",', '"productId": "PRD-PARA-SUS"');
    const error = refusal(write(text));
    assert.equal(error.issues.length, 1);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"productId": "PRD-PARA-SUS"') && !l.trimEnd().endsWith(',')) + 2;
    assert.match(error.issues[0]?.message ?? '', new RegExp(`^invalid JSON at line ${line}, column \\d+: expected ',' or '}'`));
    assert.match(error.issues[0]?.path ?? '', /^specifications\[\d+\]\.productId$/);
  });

  it('tolerates a byte order mark', () => {
    assert.equal(loadPlant(write(`\ufeff${demoText}`)).plant.id, 'RVP1');
  });

  it('reports a wrong type deep inside with its path', () => {
    const plant = demo();
    plant.equipment[2].parameters[0].validatedRange.max = '22';
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'equipment[2].parameters[0].validatedRange.max'), /expected number, received string/);
  });

  it('reports every schema problem, not just the first', () => {
    const plant = demo();
    plant.lots[3].disposition = 'Released';
    delete plant.results[10].finalizedAt;
    plant.samples[7].sampledAt = '2024-04-01 10:00';
    plant.specifications[0].uls = 105;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'lots[3].disposition'), /expected one of .*"UnRestricted".*, got "Released"/);
    assert.match(issueAt(error, 'results[10].finalizedAt'), /^missing required field/);
    assert.match(issueAt(error, 'samples[7].sampledAt'), /ISO 8601 UTC/);
    assert.match(issueAt(error, 'specifications[0].uls'), /unknown field/);
    assert.equal(error.issues.length, 4);
  });

  it('refuses a dangling reference', () => {
    const plant = demo();
    plant.lots[3].productId = 'PRD-ASPIRIN';
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'lots[3].productId'), /unknown product "PRD-ASPIRIN"/);
  });

  it('refuses a result whose sample does not exist, and one on the wrong lot', () => {
    const plant = demo();
    plant.results[5].sampleId = 'BATCH-9999-999-99';
    plant.results[6].lotId = plant.lots[20].id;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'results[5].sampleId'), /unknown sample "BATCH-9999-999-99"/);
    assert.match(issueAt(error, 'results[6].lotId'), /was taken from lot/);
  });

  it('refuses duplicate ids and names the first use', () => {
    const plant = demo();
    plant.lots[4].id = plant.lots[2].id;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'lots[4].id'), /duplicate id .* \(first used at lots\[2\]\)/);
  });

  it('refuses a setpoint outside its validated range', () => {
    const plant = demo();
    plant.equipment[2].parameters[0].setpoint = 23;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, 'equipment[2].parameters[0].setpoint'), /setpoint 23 is outside the validated range 14–22 kN/);
  });

  it('refuses overlapping disposition bands (sharing an edge is fine)', () => {
    const plant = demo();
    const index = plant.specifications.findIndex((s: { bands?: unknown[] }) => s.bands);
    plant.specifications[index].bands[1].max = 99;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, `specifications[${index}].bands[1]`), /overlaps bands\[0\]/);
    assert.equal(error.issues.length, 1);
  });

  it('refuses a result whose numeric disagrees with its raw value', () => {
    const plant = demo();
    const index = plant.results.findIndex((r: { value: string }) => r.value === '< 0.05');
    plant.results[index].numeric = 0.05;
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, `results[${index}].numeric`), /not a plain number/);
  });

  it('refuses a held lot that is not Restricted', () => {
    const plant = demo();
    const index = plant.lots.findIndex((lot: { id: string }) => lot.id === 'LOT-24-0114');
    plant.lots[index].disposition = 'UnRestricted';
    const error = refusal(write(JSON.stringify(plant)));
    assert.match(issueAt(error, `lots[${index}].disposition`), /open hold.*Restricted/);
  });

  it('refuses events after asOf', () => {
    const plant = demo();
    plant.asOf = '2024-04-01T00:00:00Z';
    const error = refusal(write(JSON.stringify(plant)));
    assert.ok(error.issues.some((issue) => /^results\[\d+\]\.finalizedAt$/.test(issue.path) && /after the dataset's asOf/.test(issue.message)));
  });

  it('keeps a long list of problems readable', () => {
    const plant = demo();
    for (const result of plant.results) result.sampleId = 'X';
    const error = refusal(write(JSON.stringify(plant)));
    assert.ok(error.issues.length > 500);
    assert.match(error.message, /\.\.\. and \d+ more$/);
    assert.ok(error.message.split('\n').length < 60);
  });
});
