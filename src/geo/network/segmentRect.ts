/**
 * Whether a straight segment comes within a distance of an axis-aligned rectangle (the cell
 * indexes keep a cell's candidate segments with it: cellIndexes.ts). Pure.
 *
 * Exact: the distance is 0 when the segment meets the rectangle (an end inside, or crossing
 * it), else the least of its ends' distances to the rectangle and the rectangle's corners'
 * distances to the segment (two disjoint convex polygons are nearest at a vertex of one).
 */

/** True when the distance from segment a–b to the rectangle [x0, x1] × [y0, y1] is ≤ d (d ≥ 0). */
export function segmentNearRect(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number, d: number): boolean {
  // bounding boxes more than d apart on one axis
  if ((ax < bx ? ax : bx) > x1 + d || (ax < bx ? bx : ax) < x0 - d || (ay < by ? ay : by) > y1 + d || (ay < by ? by : ay) < y0 - d) return false;
  const d2 = d * d;
  if (pointRectDist2(ax, ay, x0, y0, x1, y1) <= d2 || pointRectDist2(bx, by, x0, y0, x1, y1) <= d2) return true;
  if (segmentMeetsRect(ax, ay, bx, by, x0, y0, x1, y1)) return true;
  return pointSegmentDist2(x0, y0, ax, ay, bx, by) <= d2 || pointSegmentDist2(x1, y0, ax, ay, bx, by) <= d2 ||
    pointSegmentDist2(x0, y1, ax, ay, bx, by) <= d2 || pointSegmentDist2(x1, y1, ax, ay, bx, by) <= d2;
}

/** Squared distance from (px, py) to the rectangle (0 inside). */
function pointRectDist2(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
  const dy = py < y0 ? y0 - py : py > y1 ? py - y1 : 0;
  return dx * dx + dy * dy;
}

/** Squared distance from (px, py) to segment a–b. */
function pointSegmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/** Whether segment a–b meets the rectangle (Liang–Barsky: the parameter range inside all four slabs is not empty). */
function segmentMeetsRect(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  const dx = bx - ax, dy = by - ay;
  let t0 = 0, t1 = 1;
  // the slabs as p·t ≤ q: x ≥ x0, x ≤ x1, y ≥ y0, y ≤ y1
  for (let s = 0; s < 4; s++) {
    const p = s === 0 ? -dx : s === 1 ? dx : s === 2 ? -dy : dy;
    const q = s === 0 ? ax - x0 : s === 1 ? x1 - ax : s === 2 ? ay - y0 : y1 - ay;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) { if (t > t0) t0 = t; }
    else if (t < t1) t1 = t;
    if (t0 > t1) return false;
  }
  return true;
}
