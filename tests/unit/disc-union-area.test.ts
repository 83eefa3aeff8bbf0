/**
 * discUnionArea (closed form by Green's theorem) against an independent computation: the covered
 * length of each vertical chord of the region (the union of the discs' chords ∩ the region's
 * chord, intervals merged exactly) integrated over x with Simpson's rule on a fine partition
 * split at every x where the integrand has a kink (disc sides, ring vertices).
 */
import { describe, expect, it } from 'vitest';
import { discUnionArea } from '../../src/geo/discUnionArea';
import type { DiscSet } from '../../src/geo/exactCover';
import { mulberry32 } from '../../src/domain/prng';

type Disc = [number, number, number];

function regionIntervals(x: number, rings: number[][] | null, rect: [number, number, number, number]): [number, number][] {
  if (!rings) return x > rect[0] && x < rect[2] ? [[rect[1], rect[3]]] : [];
  const ys: number[] = [];
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      const j = (i + 2) % r.length;
      const ax = r[i], ay = r[i + 1], bx = r[j], by = r[j + 1];
      if ((ax > x) !== (bx > x)) ys.push(ay + ((x - ax) / (bx - ax)) * (by - ay));
    }
  }
  ys.sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let k = 0; k + 1 < ys.length; k += 2) out.push([ys[k], ys[k + 1]]);
  return out;
}

function coveredLength(x: number, discs: Disc[], rings: number[][] | null, rect: [number, number, number, number]): number {
  const chords: [number, number][] = [];
  for (const [cx, cy, r] of discs) {
    const h2 = r * r - (x - cx) * (x - cx);
    if (h2 > 0) chords.push([cy - Math.sqrt(h2), cy + Math.sqrt(h2)]);
  }
  chords.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const c of chords) {
    const last = merged[merged.length - 1];
    if (last && c[0] <= last[1]) last[1] = Math.max(last[1], c[1]);
    else merged.push([c[0], c[1]]);
  }
  let len = 0;
  for (const [a, b] of regionIntervals(x, rings, rect)) for (const [c, d] of merged) len += Math.max(0, Math.min(b, d) - Math.max(a, c));
  return len;
}

function reference(discs: Disc[], rect: [number, number, number, number], rings: number[][] | null): number {
  const breaks = new Set<number>([rect[0], rect[2]]);
  for (const [cx, , r] of discs) { breaks.add(cx - r); breaks.add(cx + r); }
  if (rings) for (const ring of rings) for (let i = 0; i < ring.length; i += 2) breaks.add(ring[i]);
  // where two circles cross, the union's chord has a kink too
  for (let a = 0; a < discs.length; a++) for (let b = a + 1; b < discs.length; b++) {
    const [x1, y1, r1] = discs[a], [x2, y2, r2] = discs[b];
    const d = Math.hypot(x2 - x1, y2 - y1);
    if (d >= r1 + r2 || d <= Math.abs(r1 - r2) || d === 0) continue;
    const l = (r1 * r1 - r2 * r2 + d * d) / (2 * d), h = Math.sqrt(r1 * r1 - l * l);
    const mx = x1 + (l * (x2 - x1)) / d;
    breaks.add(mx + (h * (y2 - y1)) / d);
    breaks.add(mx - (h * (y2 - y1)) / d);
  }
  // where a circle crosses a ring edge or the rect's sides
  const edges: number[][] = [];
  const ringsOrRect = rings ?? [[rect[0], rect[1], rect[2], rect[1], rect[2], rect[3], rect[0], rect[3]]];
  for (const ring of ringsOrRect) for (let i = 0; i < ring.length; i += 2) { const j = (i + 2) % ring.length; edges.push([ring[i], ring[i + 1], ring[j], ring[j + 1]]); }
  for (const [cx, cy, r] of discs) for (const [ax, ay, bx, by] of edges) {
    const sx = bx - ax, sy = by - ay, ux = ax - cx, uy = ay - cy;
    const A = sx * sx + sy * sy, B = ux * sx + uy * sy, C = ux * ux + uy * uy - r * r;
    const D = B * B - A * C;
    if (A === 0 || D <= 0) continue;
    for (const t of [(-B - Math.sqrt(D)) / A, (-B + Math.sqrt(D)) / A]) if (t > 0 && t < 1) breaks.add(ax + t * sx);
  }
  const xs = [...breaks].filter((x) => x >= rect[0] && x <= rect[2]).sort((a, b) => a - b);
  let area = 0;
  for (let k = 0; k + 1 < xs.length; k++) {
    const a = xs[k], b = xs[k + 1];
    if (b - a < 1e-12) continue;
    const n = 2000; // Simpson on n intervals; the chord length is smooth between kinks except √ ends
    // substitution x = a + (b − a)(1 − cos t)/2 flattens the square-root ends of circle chords
    const f = (t: number) => {
      const x = a + ((b - a) * (1 - Math.cos(t))) / 2;
      return coveredLength(x, discs, rings, rect) * ((b - a) / 2) * Math.sin(t);
    };
    let s = f(0) + f(Math.PI);
    for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f((Math.PI * i) / n);
    area += (s * Math.PI) / n / 3;
  }
  return area;
}

function setOf(discs: Disc[]): DiscSet {
  return { xs: Float64Array.from(discs, (d) => d[0]), ys: Float64Array.from(discs, (d) => d[1]), r: discs[0]?.[2] ?? 0, rs: Float64Array.from(discs, (d) => d[2]), ids: discs.map((_, i) => i) };
}

function flat(rings: number[][]): { coords: Float64Array; start: Int32Array } {
  const coords = Float64Array.from(rings.flat());
  const start = new Int32Array(rings.length + 1);
  rings.forEach((r, k) => { start[k + 1] = start[k] + r.length; });
  return { coords, start };
}

describe('discUnionArea: exact area of a region ∩ a union of discs', () => {
  const rect: [number, number, number, number] = [1000, 2000, 1125, 2125];

  it('matches the chord integral on random discs crossing a cell', () => {
    const rnd = mulberry32(11);
    let worst = 0;
    for (let t = 0; t < 60; t++) {
      const k = 1 + Math.floor(rnd() * 4);
      const same = rnd() < 0.5;
      const r0 = 60 + rnd() * 700;
      const discs: Disc[] = Array.from({ length: k }, () => {
        const r = same ? r0 : 30 + rnd() * 700;
        const ang = rnd() * 2 * Math.PI, dist = r + (rnd() - 0.5) * 150;
        return [1062.5 + dist * Math.cos(ang), 2062.5 + dist * Math.sin(ang), r];
      });
      const got = discUnionArea(setOf(discs), ...rect);
      const want = reference(discs, rect, null);
      worst = Math.max(worst, Math.abs(got - want));
      expect(got).toBeCloseTo(want, 4);
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('matches the chord integral on a piece with a hole and a concave side', () => {
    // outer ring counter-clockwise (concave notch), hole clockwise
    const outer = [1000, 2000, 1125, 2000, 1125, 2125, 1060, 2070, 1000, 2125];
    const hole = [1080, 2020, 1080, 2050, 1100, 2050, 1100, 2020];
    const { coords, start } = flat([outer, hole]);
    const rnd = mulberry32(5);
    for (let t = 0; t < 40; t++) {
      const k = 1 + Math.floor(rnd() * 3);
      const discs: Disc[] = Array.from({ length: k }, () => {
        const r = 20 + rnd() * 300;
        return [980 + rnd() * 170, 1980 + rnd() * 170, r];
      });
      const got = discUnionArea(setOf(discs), ...rect, coords, start, 0, 2);
      const want = reference(discs, rect, [outer, hole]);
      expect(got).toBeCloseTo(want, 4);
    }
  });

  it('counts a disc given twice once, and handles containment, tangency and no discs', () => {
    const a: Disc = [1062.5, 2062.5, 40];
    expect(discUnionArea(setOf([a, a]), ...rect)).toBeCloseTo(Math.PI * 1600, 6);
    // a small disc inside a large one adds nothing
    expect(discUnionArea(setOf([[1062.5, 2062.5, 1000], [1060, 2060, 10]]), ...rect)).toBeCloseTo(125 * 125, 6);
    // two discs touching at one point
    expect(discUnionArea(setOf([[1040, 2062.5, 20], [1080, 2062.5, 20]]), ...rect)).toBeCloseTo(2 * Math.PI * 400, 6);
    // a circle through a corner of the region (a vertex of the ring): the segment above its chord
    const seg = 2500 * Math.acos(0.8) - 40 * 30;
    const corner = { coords: Float64Array.from([0, 0, 100, 0, 100, 100, 0, 100]), start: Int32Array.from([0, 8]) };
    expect(discUnionArea(setOf([[30, -40, 50]]), 0, 0, 100, 100)).toBeCloseTo(seg, 6);
    expect(discUnionArea(setOf([[30, -40, 50]]), 0, 0, 100, 100, corner.coords, corner.start, 0, 1)).toBeCloseTo(seg, 6);
    expect(discUnionArea(setOf([[30, -40, 50], [200, 200, 10]]), 0, 0, 100, 100, corner.coords, corner.start, 0, 1)).toBeCloseTo(seg, 6);
    // wholly outside
    expect(discUnionArea(setOf([[0, 0, 100]]), ...rect)).toBe(0);
    expect(discUnionArea({ xs: new Float64Array(0), ys: new Float64Array(0), r: 100, ids: [] }, ...rect)).toBe(0);
  });
});
