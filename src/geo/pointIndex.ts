/**
 * A static bucket grid over points in the metric plane: range and nearest-neighbour queries.
 * Built in O(n) by counting sort; typed arrays only, so it is cheap to rebuild after an edit.
 */
export class PointIndex {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** point ids (positions in the caller's arrays), grouped by bucket */
  readonly order: Int32Array;
  readonly starts: Int32Array;
  readonly x0: number;
  readonly y0: number;
  readonly size: number;
  readonly nx: number;
  readonly ny: number;
  readonly count: number;

  constructor(xs: Float64Array, ys: Float64Array, bucketSize?: number) {
    this.xs = xs;
    this.ys = ys;
    const n = xs.length;
    this.count = n;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) {
      if (xs[i] < x0) x0 = xs[i];
      if (xs[i] > x1) x1 = xs[i];
      if (ys[i] < y0) y0 = ys[i];
      if (ys[i] > y1) y1 = ys[i];
    }
    if (n === 0) { x0 = 0; y0 = 0; x1 = 0; y1 = 0; }
    const w = Math.max(x1 - x0, 1);
    const h = Math.max(y1 - y0, 1);
    // about two points per bucket, never finer than 100 m or coarser than needed
    let size = bucketSize ?? Math.sqrt((w * h) / Math.max(n / 2, 1));
    size = Math.max(size, 100, Math.max(w, h) / 2048);
    this.size = size;
    this.x0 = x0;
    this.y0 = y0;
    this.nx = Math.floor(w / size) + 1;
    this.ny = Math.floor(h / size) + 1;
    const nb = this.nx * this.ny;
    const starts = new Int32Array(nb + 1);
    const bucketOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const b = Math.floor((ys[i] - y0) / size) * this.nx + Math.floor((xs[i] - x0) / size);
      bucketOf[i] = b;
      starts[b + 1]++;
    }
    for (let b = 0; b < nb; b++) starts[b + 1] += starts[b];
    const fill = starts.slice(0, nb);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[bucketOf[i]]++] = i;
    this.order = order;
    this.starts = starts;
  }

  /** Calls fn(id, distance²) for every point within radius of (x, y). */
  within(x: number, y: number, radius: number, fn: (id: number, d2: number) => void): void {
    if (this.count === 0) return;
    const s = this.size;
    const i0 = Math.max(0, Math.floor((x - radius - this.x0) / s));
    const i1 = Math.min(this.nx - 1, Math.floor((x + radius - this.x0) / s));
    const j0 = Math.max(0, Math.floor((y - radius - this.y0) / s));
    const j1 = Math.min(this.ny - 1, Math.floor((y + radius - this.y0) / s));
    const r2 = radius * radius;
    const { xs, ys, order, starts, nx } = this;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const b = j * nx + i;
        for (let k = starts[b], e = starts[b + 1]; k < e; k++) {
          const id = order[k];
          const dx = xs[id] - x, dy = ys[id] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 <= r2) fn(id, d2);
        }
      }
    }
  }

  /** Ids within radius, appended to out (cleared first); returns the count. */
  collect(x: number, y: number, radius: number, out: number[]): number {
    out.length = 0;
    if (this.count === 0) return 0;
    const s = this.size;
    const i0 = Math.max(0, Math.floor((x - radius - this.x0) / s));
    const i1 = Math.min(this.nx - 1, Math.floor((x + radius - this.x0) / s));
    const j0 = Math.max(0, Math.floor((y - radius - this.y0) / s));
    const j1 = Math.min(this.ny - 1, Math.floor((y + radius - this.y0) / s));
    const r2 = radius * radius;
    const { xs, ys, order, starts, nx } = this;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const b = j * nx + i;
        for (let k = starts[b], e = starts[b + 1]; k < e; k++) {
          const id = order[k];
          const dx = xs[id] - x, dy = ys[id] - y;
          if (dx * dx + dy * dy <= r2) out.push(id);
        }
      }
    }
    return out.length;
  }

  /** True when some point lies within radius of (x, y). */
  any(x: number, y: number, radius: number): boolean {
    if (this.count === 0) return false;
    const s = this.size;
    const i0 = Math.max(0, Math.floor((x - radius - this.x0) / s));
    const i1 = Math.min(this.nx - 1, Math.floor((x + radius - this.x0) / s));
    const j0 = Math.max(0, Math.floor((y - radius - this.y0) / s));
    const j1 = Math.min(this.ny - 1, Math.floor((y + radius - this.y0) / s));
    const r2 = radius * radius;
    const { xs, ys, order, starts, nx } = this;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const b = j * nx + i;
        for (let k = starts[b], e = starts[b + 1]; k < e; k++) {
          const id = order[k];
          const dx = xs[id] - x, dy = ys[id] - y;
          if (dx * dx + dy * dy <= r2) return true;
        }
      }
    }
    return false;
  }

  /** Distance from (x, y) to the nearest point; Infinity when the index is empty. */
  nearestDistance(x: number, y: number): number {
    if (this.count === 0) return Infinity;
    const s = this.size;
    const { xs, ys, order, starts, nx, ny } = this;
    // bucket of the query, clamped to the grid
    const ci = Math.min(nx - 1, Math.max(0, Math.floor((x - this.x0) / s)));
    const cj = Math.min(ny - 1, Math.max(0, Math.floor((y - this.y0) / s)));
    let best2 = Infinity;
    const maxRing = Math.max(nx, ny);
    for (let ring = 0; ring <= maxRing; ring++) {
      // buckets in ring k are separated from the query's (clamped) bucket by k − 1 whole buckets
      const lower = ring === 0 ? 0 : (ring - 1) * s;
      if (lower * lower > best2) break;
      const j0 = cj - ring, j1 = cj + ring, i0 = ci - ring, i1 = ci + ring;
      for (let j = j0; j <= j1; j++) {
        if (j < 0 || j >= ny) continue;
        const edgeRow = j === j0 || j === j1;
        for (let i = i0; i <= i1; i += edgeRow ? 1 : i1 - i0 || 1) {
          if (i < 0 || i >= nx) continue;
          const b = j * nx + i;
          for (let k = starts[b], e = starts[b + 1]; k < e; k++) {
            const id = order[k];
            const dx = xs[id] - x, dy = ys[id] - y;
            const d2 = dx * dx + dy * dy;
            if (d2 < best2) best2 = d2;
          }
        }
      }
      if (ci - ring <= 0 && cj - ring <= 0 && ci + ring >= nx - 1 && cj + ring >= ny - 1) break;
    }
    return Math.sqrt(best2);
  }
}
