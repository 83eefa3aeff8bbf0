/**
 * Where a straight segment runs inside a disc: the parameter interval [t0, t1] ⊆ [0, 1] of
 * a + t·d with |a + t·d − p| ≤ r (a zero-length segment is wholly inside or outside). Shared by
 * the cell-time index (networkGrid.ts) and the cell-centre reach (reachField.ts). Pure.
 */

/** Writes t0, t1 to `out` and answers true when the segment meets the disc. */
export function segmentInDisc(ax: number, ay: number, dx: number, dy: number, px: number, py: number, r: number, out: Float64Array): boolean {
  const l2 = dx * dx + dy * dy;
  if (l2 === 0) {
    if ((ax - px) ** 2 + (ay - py) ** 2 > r * r) return false;
    out[0] = 0;
    out[1] = 1;
    return true;
  }
  const fx = ax - px, fy = ay - py;
  const bq = (fx * dx + fy * dy) / l2;
  const cq = (fx * fx + fy * fy - r * r) / l2;
  const disc = bq * bq - cq;
  if (disc < 0) return false;
  const sq = Math.sqrt(disc);
  const t0 = Math.max(0, -bq - sq), t1 = Math.min(1, -bq + sq);
  if (t0 > t1) return false;
  out[0] = t0;
  out[1] = t1;
  return true;
}
