/**
 * Area-weighted distance percentiles for districts and the city: 20 m histograms
 * (20 m ≈ 0.35 min at 4.5 km/h), linear inside a bin; the last bin holds everything beyond 40 km.
 */
export const HIST_BIN_M = 20;
export const HIST_BINS = 2000; // 40 km, last bin holds everything beyond

/** Percentile (metres) from a histogram slice; NaN when empty. Linear inside a bin. */
export function histPercentile(hist: Float64Array, offset: number, p: number): number {
  let total = 0;
  for (let b = 0; b < HIST_BINS; b++) total += hist[offset + b];
  if (total <= 0) return NaN;
  const target = total * p;
  let cum = 0;
  for (let b = 0; b < HIST_BINS; b++) {
    const w = hist[offset + b];
    if (cum + w >= target && w > 0) {
      if (b === HIST_BINS - 1) return (HIST_BINS - 1) * HIST_BIN_M;
      return (b + (target - cum) / w) * HIST_BIN_M;
    }
    cum += w;
  }
  return (HIST_BINS - 1) * HIST_BIN_M;
}

/** The median and the 90th percentile (metres) of a histogram slice, as histPercentile gives
 * them, into out[0] and out[1]: one pass for the total and one up to the 90th. */
export function histMedianP90(hist: Float64Array, offset: number, out: Float64Array): void {
  let total = 0;
  for (let b = 0; b < HIST_BINS; b++) total += hist[offset + b];
  out[0] = NaN;
  out[1] = NaN;
  if (total <= 0) return;
  const t50 = total * 0.5, t90 = total * 0.9;
  const end = (HIST_BINS - 1) * HIST_BIN_M;
  let p50 = NaN, p90 = NaN;
  let cum = 0;
  for (let b = 0; b < HIST_BINS && p90 !== p90; b++) {
    const w = hist[offset + b];
    if (w > 0) {
      if (p50 !== p50 && cum + w >= t50) p50 = b === HIST_BINS - 1 ? end : (b + (t50 - cum) / w) * HIST_BIN_M;
      if (cum + w >= t90) p90 = b === HIST_BINS - 1 ? end : (b + (t90 - cum) / w) * HIST_BIN_M;
    }
    cum += w;
  }
  out[0] = p50 !== p50 ? end : p50;
  out[1] = p90 !== p90 ? end : p90;
}
