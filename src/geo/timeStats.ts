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
