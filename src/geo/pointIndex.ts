/**
 * A static 2-d tree over points in the metric plane (implicit layout: the points are
 * reordered so every subtree is a contiguous range split at its median), with range,
 * "any within" and nearest-distance queries. Typed arrays only; O(n log n) to build, so it
 * is cheap to rebuild after an edit. Point ids are positions in the xs / ys given.
 */
const LEAF = 16;

export class PointIndex {
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  readonly count: number;
  /** ids in tree order, and their coordinates in the same order */
  private readonly ids: Int32Array;
  private readonly tx: Float64Array;
  private readonly ty: Float64Array;
  private readonly stack = new Int32Array(256 * 3);

  constructor(xs: Float64Array, ys: Float64Array) {
    this.xs = xs;
    this.ys = ys;
    const n = xs.length;
    this.count = n;
    this.ids = new Int32Array(n);
    this.tx = new Float64Array(n);
    this.ty = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      this.ids[i] = i;
      this.tx[i] = xs[i];
      this.ty[i] = ys[i];
    }
    this.build(0, n - 1, 0);
  }

  private build(left: number, right: number, axis: number): void {
    if (right - left <= LEAF) return;
    const m = (left + right) >> 1;
    this.select(m, left, right, axis);
    this.build(left, m - 1, 1 - axis);
    this.build(m + 1, right, 1 - axis);
  }

  // Hoare-style selection: afterwards the k-th point (by axis) is at k, smaller ones before.
  private select(k: number, left: number, right: number, axis: number): void {
    const a = axis === 0 ? this.tx : this.ty;
    while (right > left) {
      const pivot = a[k];
      let i = left;
      let j = right;
      this.swap(left, k);
      if (a[right] > pivot) this.swap(left, right);
      while (i < j) {
        this.swap(i, j);
        i++;
        j--;
        while (a[i] < pivot) i++;
        while (a[j] > pivot) j--;
      }
      if (a[left] === pivot) this.swap(left, j);
      else {
        j++;
        this.swap(j, right);
      }
      if (j <= k) left = j + 1;
      if (k <= j) right = j - 1;
    }
  }

  private swap(i: number, j: number): void {
    const { ids, tx, ty } = this;
    const t = ids[i]; ids[i] = ids[j]; ids[j] = t;
    let u = tx[i]; tx[i] = tx[j]; tx[j] = u;
    u = ty[i]; ty[i] = ty[j]; ty[j] = u;
  }

  /** Ids within radius of (x, y), written to out (cleared first); returns the count. */
  collect(x: number, y: number, radius: number, out: number[]): number {
    const k = this.gather(x, y, radius);
    out.length = 0;
    const hits = this.hits;
    for (let i = 0; i < k; i++) out.push(hits[i]);
    return k;
  }

  /** Ids within radius of (x, y), into `hits` (grown as needed, kept between calls: no
   * allocation per query); returns the count. */
  gather(x: number, y: number, radius: number): number {
    const n = this.count;
    if (n === 0) return 0;
    const { ids, tx, ty } = this;
    const r2 = radius * radius;
    const st = this.stack;
    let hits = this.hits;
    let k = 0;
    let sp = 0;
    st[sp++] = 0; st[sp++] = n - 1; st[sp++] = 0;
    while (sp > 0) {
      const axis = st[--sp];
      const right = st[--sp];
      const left = st[--sp];
      if (hits.length < k + LEAF + 2) hits = this.growHits(k + LEAF + 2);
      if (right - left <= LEAF) {
        for (let i = left; i <= right; i++) {
          const dx = tx[i] - x, dy = ty[i] - y;
          if (dx * dx + dy * dy <= r2) hits[k++] = ids[i];
        }
        continue;
      }
      const m = (left + right) >> 1;
      const mx = tx[m], my = ty[m];
      const dx = mx - x, dy = my - y;
      if (dx * dx + dy * dy <= r2) hits[k++] = ids[m];
      const v = axis === 0 ? x : y;
      const mv = axis === 0 ? mx : my;
      if (v - radius <= mv) { st[sp++] = left; st[sp++] = m - 1; st[sp++] = 1 - axis; }
      if (v + radius >= mv) { st[sp++] = m + 1; st[sp++] = right; st[sp++] = 1 - axis; }
    }
    return k;
  }

  /** the ids of the last gather() */
  hits: Int32Array = new Int32Array(64);

  private growHits(min: number): Int32Array {
    const next = new Int32Array(Math.max(min, this.hits.length * 2));
    next.set(this.hits);
    this.hits = next;
    return next;
  }

  /** True when some point lies within radius of (x, y). */
  any(x: number, y: number, radius: number): boolean {
    const n = this.count;
    if (n === 0) return false;
    const { tx, ty } = this;
    const r2 = radius * radius;
    const st = this.stack;
    let sp = 0;
    st[sp++] = 0; st[sp++] = n - 1; st[sp++] = 0;
    while (sp > 0) {
      const axis = st[--sp];
      const right = st[--sp];
      const left = st[--sp];
      if (right - left <= LEAF) {
        for (let i = left; i <= right; i++) {
          const dx = tx[i] - x, dy = ty[i] - y;
          if (dx * dx + dy * dy <= r2) return true;
        }
        continue;
      }
      const m = (left + right) >> 1;
      const mx = tx[m], my = ty[m];
      const dx = mx - x, dy = my - y;
      if (dx * dx + dy * dy <= r2) return true;
      const v = axis === 0 ? x : y;
      const mv = axis === 0 ? mx : my;
      if (v - radius <= mv) { st[sp++] = left; st[sp++] = m - 1; st[sp++] = 1 - axis; }
      if (v + radius >= mv) { st[sp++] = m + 1; st[sp++] = right; st[sp++] = 1 - axis; }
    }
    return false;
  }

  /** Distance from (x, y) to the nearest point; Infinity when the index is empty. */
  nearestDistance(x: number, y: number): number {
    const n = this.count;
    if (n === 0) return Infinity;
    this.best2 = Infinity;
    this.nearest(x, y, 0, n - 1, 0);
    return Math.sqrt(this.best2);
  }

  private best2 = Infinity;

  private nearest(x: number, y: number, left: number, right: number, axis: number): void {
    const { tx, ty } = this;
    if (right - left <= LEAF) {
      let b = this.best2;
      for (let i = left; i <= right; i++) {
        const dx = tx[i] - x, dy = ty[i] - y;
        const d2 = dx * dx + dy * dy;
        if (d2 < b) b = d2;
      }
      this.best2 = b;
      return;
    }
    const m = (left + right) >> 1;
    const dx = tx[m] - x, dy = ty[m] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < this.best2) this.best2 = d2;
    const diff = axis === 0 ? x - tx[m] : y - ty[m];
    // near side first, far side only if the splitting line is closer than the best so far
    if (diff <= 0) {
      this.nearest(x, y, left, m - 1, 1 - axis);
      if (diff * diff < this.best2) this.nearest(x, y, m + 1, right, 1 - axis);
    } else {
      this.nearest(x, y, m + 1, right, 1 - axis);
      if (diff * diff < this.best2) this.nearest(x, y, left, m - 1, 1 - axis);
    }
  }
}
