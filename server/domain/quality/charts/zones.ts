// Control limits and the ±1σ/±2σ/±3σ zone lines the run rules compare against.
// Zones scale with the chart's sigma multiple L as qcc does (line k sits at k·L/3 sigmas), so with
// the usual L = 3 they are the classic 1σ, 2σ and 3σ lines.

/** The seven lines of a Shewhart chart; `upper[2]` is the UCL and `lower[2]` the LCL. */
export interface ChartZones {
  center: number;
  /** centre + 1, 2, 3 zone widths. */
  upper: readonly [number, number, number];
  /** centre − 1, 2, 3 zone widths (truncated at the floor for R and S charts). */
  lower: readonly [number, number, number];
}

/** Frozen limits of one plotted statistic (individuals, moving range, subgroup mean, range, sd). */
export interface ControlLimits {
  center: number;
  lcl: number;
  ucl: number;
  /** Standard error of the plotted statistic (σ/√n for a mean, d3·σ for a range). */
  sigma: number;
  /** Sigma multiple of the limits, L (3 unless configured). */
  nsigmas: number;
  zones: ChartZones;
}

/**
 * Limits at centre ± L·sigma with zone lines at k·L/3. `floor` truncates the lower lines, as
 * qcc does with `pmax(0, ...)` for R and S charts whose statistic cannot be negative.
 */
export function symmetricLimits(center: number, sigma: number, nsigmas = 3, floor = -Infinity): ControlLimits {
  if (!Number.isFinite(center) || !Number.isFinite(sigma) || sigma < 0) {
    throw new RangeError(`control limits need a finite centre and sigma >= 0, got centre ${center}, sigma ${sigma}`);
  }
  if (!(nsigmas > 0)) throw new RangeError(`the sigma multiple must be positive, got ${nsigmas}`);
  const width = (nsigmas / 3) * sigma;
  const lower = (k: number) => Math.max(floor, center - k * width);
  const zones: ChartZones = {
    center,
    upper: [center + width, center + 2 * width, center + 3 * width],
    lower: [lower(1), lower(2), lower(3)],
  };
  return { center, lcl: zones.lower[2], ucl: zones.upper[2], sigma, nsigmas, zones };
}

/** Zones from explicit lines, for a chart whose centre and sigma come from elsewhere (a validated target). */
export function zonesFromCenterSigma(center: number, sigma: number): ChartZones {
  return symmetricLimits(center, sigma).zones;
}

/** Indices of statistics strictly above the UCL or strictly below the LCL (WE1 / Nelson 1 style). */
export function outsideLimits(statistics: readonly number[], limits: Pick<ControlLimits, 'lcl' | 'ucl'>, offset = 0): number[] {
  const out: number[] = [];
  statistics.forEach((value, i) => {
    if (value > limits.ucl || value < limits.lcl) out.push(i + offset);
  });
  return out;
}

/** The k-th zone line on one side (k = 3 is the control limit). */
export function zoneLine(zones: ChartZones, k: 1 | 2 | 3, side: 'above' | 'below'): number {
  return (side === 'above' ? zones.upper : zones.lower)[k - 1] as number;
}
