// Value checks on a shape-valid plant dataset: limits that make sense, setpoints inside their
// validated ranges, results whose raw value and number agree, and no event after `asOf`.
import type { IssueReporter } from './issues';
import type { PlantDataset } from './schema';

/** A raw result that is a plain decimal number; "< 0.05", "conforms", "TNTC" are not. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

export function checkPlantValues(plant: PlantDataset, report: IssueReporter): void {
  checkSpecifications(plant, report);
  checkParameters(plant, report);
  checkResults(plant, report);
  checkTimeline(plant, report);
}

function checkSpecifications(plant: PlantDataset, report: IssueReporter): void {
  plant.specifications.forEach((spec, s) => {
    const at = (...rest: PropertyKey[]) => ['specifications', s, ...rest];
    if (spec.kind === 'text') {
      if (!spec.acceptedText?.length) report(at('acceptedText'), 'a text specification needs at least one accepted answer');
      if (spec.spc) report(at('spc'), 'SPC needs a numeric specification');
      return;
    }
    if (spec.lsl === undefined && spec.usl === undefined && !spec.bands?.length) {
      report(at('kind'), 'a numeric specification needs lsl, usl or bands');
    }
    if (spec.lsl !== undefined && spec.usl !== undefined && spec.lsl >= spec.usl) report(at('usl'), `usl ${spec.usl} must be above lsl ${spec.lsl}`);
    if (spec.target !== undefined) {
      if (spec.lsl !== undefined && spec.target < spec.lsl) report(at('target'), `target ${spec.target} is below lsl ${spec.lsl}`);
      if (spec.usl !== undefined && spec.target > spec.usl) report(at('target'), `target ${spec.target} is above usl ${spec.usl}`);
    }
    for (const key of ['alertLimits', 'actionLimits'] as const) {
      const limits = spec[key];
      if (limits?.low !== undefined && limits.high !== undefined && limits.low >= limits.high) report(at(key, 'high'), `high ${limits.high} must be above low ${limits.low}`);
    }
    // Bounds are inclusive and bands are tried in list order, so bands may share an edge (the
    // band listed first owns it: release before review before hold) but must not overlap.
    spec.bands?.forEach((band, b) => {
      if (band.min === undefined && band.max === undefined) report(at('bands', b), 'a band needs min, max or both');
      if (band.min !== undefined && band.max !== undefined && band.min >= band.max) report(at('bands', b, 'max'), `max ${band.max} must be above min ${band.min}`);
      const overlapping = spec.bands?.findIndex((other, o) => o < b && Math.max(other.min ?? -Infinity, band.min ?? -Infinity) < Math.min(other.max ?? Infinity, band.max ?? Infinity));
      if (overlapping !== undefined && overlapping >= 0) report(at('bands', b), `overlaps bands[${overlapping}]; bands may only share an edge`);
    });
    if (spec.spc && spec.spc.chart !== 'imr' && spec.spc.subgroupSize < 2) report(at('spc', 'subgroupSize'), `an ${spec.spc.chart} chart needs subgroups of 2 or more`);
  });
}

function checkParameters(plant: PlantDataset, report: IssueReporter): void {
  plant.equipment.forEach((unit, e) =>
    unit.parameters.forEach((parameter, p) => {
      const { min, max } = parameter.validatedRange;
      const range = `${min}–${max} ${parameter.unit}`.trim();
      if (min >= max) report(['equipment', e, 'parameters', p, 'validatedRange', 'max'], `max ${max} must be above min ${min}`);
      else if (parameter.setpoint < min || parameter.setpoint > max) {
        report(['equipment', e, 'parameters', p, 'setpoint'], `setpoint ${parameter.setpoint} is outside the validated range ${range}`);
      }
    }),
  );
}

function checkResults(plant: PlantDataset, report: IssueReporter): void {
  const sampledAt = new Map(plant.samples.map((sample) => [sample.id, sample.sampledAt]));
  plant.results.forEach((result, r) => {
    const at = (...rest: PropertyKey[]) => ['results', r, ...rest];
    if (result.status === 'pending') {
      if (result.value !== '' || result.numeric !== undefined) report(at('value'), 'a pending result has no value yet (use "")');
    } else if (result.value.trim() === '') {
      report(at('value'), `a ${result.status} result needs its reported value`);
    }
    if (PLAIN_NUMBER.test(result.value)) {
      if (result.numeric !== Number(result.value)) report(at('numeric'), `numeric must be ${Number(result.value)}, the value of "${result.value}"`);
    } else if (result.numeric !== undefined) {
      report(at('numeric'), `"${result.value}" is not a plain number, so numeric must be left out`);
    }
    const sampled = sampledAt.get(result.sampleId);
    if (sampled !== undefined && Date.parse(result.finalizedAt) < Date.parse(sampled)) report(at('finalizedAt'), `before the sample was taken (${sampled})`);
  });
}

function checkTimeline(plant: PlantDataset, report: IssueReporter): void {
  const asOf = Date.parse(plant.asOf);
  const notAfterAsOf = (path: PropertyKey[], time: string | undefined) => {
    if (time !== undefined && Date.parse(time) > asOf) report(path, `${time} is after the dataset's asOf (${plant.asOf})`);
  };
  const ordered = (path: PropertyKey[], earlier: string | undefined, later: string | undefined, what: string) => {
    if (earlier !== undefined && later !== undefined && Date.parse(later) < Date.parse(earlier)) report(path, `${later} is before ${what} (${earlier})`);
  };

  plant.equipment.forEach((unit, e) => notAfterAsOf(['equipment', e, 'lastCalibration'], unit.lastCalibration));
  plant.samples.forEach((sample, s) => notAfterAsOf(['samples', s, 'sampledAt'], sample.sampledAt));
  plant.results.forEach((result, r) => notAfterAsOf(['results', r, 'finalizedAt'], result.finalizedAt));
  plant.workOrders.forEach((order, w) => {
    notAfterAsOf(['workOrders', w, 'actualStart'], order.actualStart);
    notAfterAsOf(['workOrders', w, 'actualEnd'], order.actualEnd);
    ordered(['workOrders', w, 'actualEnd'], order.actualStart, order.actualEnd, 'actualStart');
    const started = order.actualStart !== undefined;
    const ended = order.actualEnd !== undefined;
    if (order.status === 'planned' && started) report(['workOrders', w, 'actualStart'], 'a planned work order has not started');
    if ((order.status === 'running' || order.status === 'on-hold') && (!started || ended)) report(['workOrders', w, 'status'], `a ${order.status} work order has an actualStart and no actualEnd`);
    if ((order.status === 'completed' || order.status === 'closed') && !ended) report(['workOrders', w, 'actualEnd'], `a ${order.status} work order needs its actualEnd`);
  });
  plant.lots.forEach((lot, l) => {
    // A Planned lot's manufacturedAt is its planned date of manufacture, so it may lie ahead.
    if (lot.disposition !== 'Planned') notAfterAsOf(['lots', l, 'manufacturedAt'], lot.manufacturedAt);
    ordered(['lots', l, 'expiresAt'], lot.manufacturedAt, lot.expiresAt, 'manufacturedAt');
    const open = lot.holds.filter((hold) => hold.releasedAt === undefined);
    // One open hold at most, and a held lot is Restricted (B2MML: not permitted for normal use).
    if (open.length > 1) report(['lots', l, 'holds'], `${open.length} open holds; a lot is held at most once at a time`);
    if (open.length > 0 && lot.disposition !== 'Restricted') report(['lots', l, 'disposition'], `lot has an open hold, so its disposition must be Restricted, not ${lot.disposition}`);
    lot.holds.forEach((hold, h) => {
      notAfterAsOf(['lots', l, 'holds', h, 'placedAt'], hold.placedAt);
      notAfterAsOf(['lots', l, 'holds', h, 'releasedAt'], hold.releasedAt);
      ordered(['lots', l, 'holds', h, 'releasedAt'], hold.placedAt, hold.releasedAt, 'placedAt');
    });
  });
  plant.deviations.forEach((deviation, d) => {
    notAfterAsOf(['deviations', d, 'openedAt'], deviation.openedAt);
    notAfterAsOf(['deviations', d, 'closedAt'], deviation.closedAt);
    ordered(['deviations', d, 'closedAt'], deviation.openedAt, deviation.closedAt, 'openedAt');
    if (deviation.status === 'closed' && deviation.closedAt === undefined) report(['deviations', d, 'closedAt'], 'a closed deviation needs its closedAt');
    if (deviation.status === 'open' && deviation.closedAt !== undefined) report(['deviations', d, 'closedAt'], 'an open deviation has no closedAt');
  });
}
