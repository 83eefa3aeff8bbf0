/**
 * Exact area of (a region) ∩ (a union of discs), in closed form, by Green's theorem: the area of
 * a set is ½∮(x dy − y dx) along its boundary, and the boundary of region ∩ ⋃discs is made of
 * the arcs of each circle that lie outside every other disc and inside the region, and of the
 * stretches of the region's edges that lie inside some disc. Each circle is cut where the other
 * circles and the region's edges cross it, each edge where the circles cross it; a piece between
 * two cuts is wholly in or wholly out, so its midpoint decides. No subdivision, no error bound.
 *
 * The region is a rectangle, or rings stored flat (the grid's unit pieces: outer rings
 * counter-clockwise, holes clockwise, so their edges run with the region on their left).
 */
import type { DiscSet } from './exactCover';

const TWO_PI = 2 * Math.PI;

// Scratch (no allocation per call): the region's edges as x, y of their starts (an edge runs to
// eNext's start), the distinct discs, and the cuts (a circle's: angles and points; an edge's:
// parameters along it, in cuts only).
let ex = new Float64Array(64), ey = new Float64Array(64), eNext = new Int32Array(64);
let dx = new Float64Array(16), dy = new Float64Array(16), dr = new Float64Array(16);
let cuts = new Float64Array(64), cutX = new Float64Array(64), cutY = new Float64Array(64);

function edgeRoom(n: number): void {
  if (ex.length >= n) return;
  ex = new Float64Array(2 * n);
  ey = new Float64Array(2 * n);
  eNext = new Int32Array(2 * n);
}

function cutRoom(n: number): void {
  if (cuts.length >= n) return;
  cuts = new Float64Array(2 * n);
  cutX = new Float64Array(2 * n);
  cutY = new Float64Array(2 * n);
}

// A cut of the current circle at (x, y) from its centre: its angle in [0, 2π) and the point.
function addCut(nc: number, x: number, y: number): number {
  const a = Math.atan2(y, x);
  cuts[nc] = a < 0 ? a + TWO_PI : a;
  cutX[nc] = x;
  cutY[nc] = y;
  return nc + 1;
}

/**
 * Area of rect [x0,x1]×[y0,y1] ∩ ⋃ discs of `set` (its `ids`), or of the flat rings
 * coords[ringStart[k] …] for k in k0 … k1-1 ∩ ⋃ discs when `coords` is given (the rect then
 * only bounds them).
 */
export function discUnionArea(
  set: DiscSet, x0: number, y0: number, x1: number, y1: number,
  coords: Float64Array | null = null, ringStart: Int32Array | null = null, k0 = 0, k1 = 0,
): number {
  // origin at the rect's centre: the terms stay small
  const ox = (x0 + x1) / 2, oy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2, hy = (y1 - y0) / 2;
  const rect = coords === null || ringStart === null;
  // the region's edges
  let m = 0;
  if (!rect) {
    edgeRoom((ringStart[k1] - ringStart[k0]) / 2 + 4);
    for (let k = k0; k < k1; k++) {
      const a = ringStart[k], b = ringStart[k + 1];
      if (b - a < 6) continue;
      const first = m;
      for (let i = a; i < b; i += 2) {
        ex[m] = coords[i] - ox;
        ey[m] = coords[i + 1] - oy;
        eNext[m] = m + 1;
        m++;
      }
      eNext[m - 1] = first;
    }
  } else {
    edgeRoom(4);
    ex[0] = -hx; ey[0] = -hy; ex[1] = hx; ey[1] = -hy; ex[2] = hx; ey[2] = hy; ex[3] = -hx; ey[3] = hy;
    eNext[0] = 1; eNext[1] = 2; eNext[2] = 3; eNext[3] = 0;
    m = 4;
  }
  // the distinct discs (a disc given twice would count its boundary twice)
  const ids = set.ids;
  if (dx.length < ids.length) {
    dx = new Float64Array(2 * ids.length);
    dy = new Float64Array(2 * ids.length);
    dr = new Float64Array(2 * ids.length);
  }
  let n = 0;
  for (let q = 0; q < ids.length; q++) {
    const id = ids[q];
    const cx = set.xs[id] - ox, cy = set.ys[id] - oy, r = set.rs ? set.rs[id] : set.r;
    let dup = false;
    for (let j = 0; j < n && !dup; j++) dup = dx[j] === cx && dy[j] === cy && dr[j] === r;
    if (dup || !(r > 0)) continue;
    dx[n] = cx; dy[n] = cy; dr[n] = r;
    n++;
  }
  let twice = 0;
  // arcs of each circle outside the other discs and inside the region
  for (let i = 0; i < n; i++) {
    const cx = dx[i], cy = dy[i], r = dr[i];
    cutRoom(2 * (n + m) + 2);
    let nc = 0;
    let hidden = false;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const vx = dx[j] - cx, vy = dy[j] - cy, rj = dr[j];
      const d = Math.sqrt(vx * vx + vy * vy);
      if (d + r <= rj) { hidden = true; break; } // circle i lies inside disc j
      if (d >= r + rj || d + rj <= r) continue; // apart, or disc j inside circle i
      // where the circles cross: at l along the line of centres, ±hh across it
      const l = (r * r - rj * rj + d * d) / (2 * d);
      const hh = Math.sqrt(Math.max(0, r * r - l * l));
      const ux = vx / d, uy = vy / d;
      nc = addCut(nc, l * ux + hh * uy, l * uy - hh * ux);
      nc = addCut(nc, l * ux - hh * uy, l * uy + hh * ux);
    }
    if (hidden) continue;
    for (let e = 0; e < m; e++) {
      const px = ex[e] - cx, py = ey[e] - cy;
      const qx = ex[eNext[e]] - cx, qy = ey[eNext[e]] - cy;
      const sx = qx - px, sy = qy - py;
      const A = sx * sx + sy * sy;
      if (A === 0) continue;
      const B = px * sx + py * sy, C = px * px + py * py - r * r;
      const disc = B * B - A * C;
      if (!(disc > 0)) continue;
      const sq = Math.sqrt(disc);
      const t1 = (-B - sq) / A, t2 = (-B + sq) / A;
      // an edge owns its start (t = 0), not its end: a circle through a vertex is cut there once
      if (t1 >= 0 && t1 < 1) nc = addCut(nc, px + t1 * sx, py + t1 * sy);
      if (t2 >= 0 && t2 < 1) nc = addCut(nc, px + t2 * sx, py + t2 * sy);
    }
    if (nc === 0) {
      // uncut: the whole circle is in or out (tested at one point)
      if (keeps(cx + r, cy, i, n) && inRegion(cx + r, cy, rect, hx, hy, m)) twice += TWO_PI * r * r;
      continue;
    }
    sortCuts(nc);
    for (let k = 0; k < nc; k++) {
      const last = k + 1 === nc;
      const a = cuts[k], b = last ? cuts[0] + TWO_PI : cuts[k + 1];
      if (b <= a) continue;
      const ax = cutX[k], ay = cutY[k], bx = last ? cutX[0] : cutX[k + 1], by = last ? cutY[0] : cutY[k + 1];
      // the arc's midpoint: along the sum of its ends (the other way when the arc exceeds a half-turn)
      let sx = ax + bx, sy = ay + by;
      const s2 = sx * sx + sy * sy;
      if (s2 < 1e-18 * r * r) { sx = -ay; sy = ax; } // ends opposite: a quarter-turn on from a
      else {
        const f = (b - a < Math.PI ? r : -r) / Math.sqrt(s2);
        sx *= f;
        sy *= f;
      }
      if (!keeps(cx + sx, cy + sy, i, n) || !inRegion(cx + sx, cy + sy, rect, hx, hy, m)) continue;
      // ∫ x dy − y dx along the arc a → b of the circle centred (cx, cy)
      twice += r * r * (b - a) + cx * (by - ay) - cy * (bx - ax);
    }
  }
  // stretches of the region's edges inside some disc
  for (let e = 0; e < m; e++) {
    const px = ex[e], py = ey[e], qx = ex[eNext[e]], qy = ey[eNext[e]];
    const sx = qx - px, sy = qy - py;
    const A = sx * sx + sy * sy;
    if (A === 0) continue;
    cutRoom(2 * n + 2);
    let nc = 0;
    cuts[nc++] = 0;
    cuts[nc++] = 1;
    for (let j = 0; j < n; j++) {
      const ux = px - dx[j], uy = py - dy[j];
      const B = ux * sx + uy * sy, C = ux * ux + uy * uy - dr[j] * dr[j];
      const disc = B * B - A * C;
      if (!(disc > 0)) continue;
      const sq = Math.sqrt(disc);
      const t1 = (-B - sq) / A, t2 = (-B + sq) / A;
      if (t1 > 0 && t1 < 1) cuts[nc++] = t1;
      if (t2 > 0 && t2 < 1) cuts[nc++] = t2;
    }
    if (nc > 2) sortCuts(nc);
    for (let k = 0; k + 1 < nc; k++) {
      const ta = cuts[k], tb = cuts[k + 1];
      if (tb <= ta) continue;
      const tm = (ta + tb) / 2;
      if (!inAnyDisc(px + tm * sx, py + tm * sy, n)) continue;
      const ax = px + ta * sx, ay = py + ta * sy, bx = px + tb * sx, by = py + tb * sy;
      twice += ax * by - bx * ay;
    }
  }
  return twice > 0 ? twice / 2 : 0;
}

// Insertion sort of cuts[0 … n-1], their points along (a few values: no call into the engine's sort).
function sortCuts(n: number): void {
  const c = cuts, xs = cutX, ys = cutY;
  for (let k = 1; k < n; k++) {
    const v = c[k], x = xs[k], y = ys[k];
    let j = k - 1;
    while (j >= 0 && c[j] > v) { c[j + 1] = c[j]; xs[j + 1] = xs[j]; ys[j + 1] = ys[j]; j--; }
    c[j + 1] = v;
    xs[j + 1] = x;
    ys[j + 1] = y;
  }
}

function inRegion(px: number, py: number, rect: boolean, hx: number, hy: number, m: number): boolean {
  return rect ? px > -hx && px < hx && py > -hy && py < hy : inRings(px, py, m);
}

// Outside every disc but i (strictly: a point on another circle is a cut, never a midpoint).
function keeps(px: number, py: number, i: number, n: number): boolean {
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const vx = px - dx[j], vy = py - dy[j];
    if (vx * vx + vy * vy < dr[j] * dr[j]) return false;
  }
  return true;
}

function inAnyDisc(px: number, py: number, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const vx = px - dx[j], vy = py - dy[j];
    if (vx * vx + vy * vy < dr[j] * dr[j]) return true;
  }
  return false;
}

// Even-odd point in the region's rings (the edges in ex / ey / eNext).
function inRings(px: number, py: number, m: number): boolean {
  let inside = false;
  for (let e = 0; e < m; e++) {
    const ax = ex[e], ay = ey[e], bx = ex[eNext[e]], by = ey[eNext[e]];
    if ((ay > py) !== (by > py) && px < ((bx - ax) * (py - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}
