/**
 * Dissolves a binary raster into polygons without seams: the boundary between set and unset
 * pixels is traced into closed rings (pixel edges, collinear vertices dropped), one outer ring
 * per 4-connected component of set pixels plus its holes. Pure and O(pixels): no polygon
 * clipping. Used for the uncovered-area overlay (src/geo/uncoveredDissolved.ts), where drawing
 * every cell as its own polygon gave a dense texture of seams.
 *
 * Coordinates are in pixel-corner units with y growing with the row index: pixel (x, y)
 * spans [x, x+1] × [y, y+1]. Outer rings run counter-clockwise, holes clockwise (in a y-up
 * frame), as GeoJSON wants once mapped to longitude/latitude with y up.
 */

/** A polygon: outer ring first, then holes; each ring closed (first point repeated last). */
export type PixelPolygon = [number, number][][];

// directions: 0 east, 1 north, 2 west, 3 south
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Traces the set pixels of `mask` (width × height, row-major, index y * width + x).
 * Diagonal neighbours are separate (4-connectivity); where two components touch at a corner
 * their rings share that vertex.
 */
export function traceMask(mask: Uint8Array, width: number, height: number): PixelPolygon[] {
  const W = width;
  const H = height;
  const set = (x: number, y: number) => x >= 0 && y >= 0 && x < W && y < H && mask[y * W + x] !== 0;

  // 4-connected component label per set pixel (0 = unset)
  const label = new Int32Array(W * H);
  let components = 0;
  const stack: number[] = [];
  for (let i = 0; i < W * H; i++) {
    if (!mask[i] || label[i]) continue;
    const id = ++components;
    label[i] = id;
    stack.push(i);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % W;
      const y = (p - x) / W;
      if (x > 0 && mask[p - 1] && !label[p - 1]) { label[p - 1] = id; stack.push(p - 1); }
      if (x < W - 1 && mask[p + 1] && !label[p + 1]) { label[p + 1] = id; stack.push(p + 1); }
      if (y > 0 && mask[p - W] && !label[p - W]) { label[p - W] = id; stack.push(p - W); }
      if (y < H - 1 && mask[p + W] && !label[p + W]) { label[p + W] = id; stack.push(p + W); }
    }
  }
  if (components === 0) return [];

  // boundary edges, directed so the set pixel is on the left; stored as a bit per direction at the start vertex
  const VW = W + 1;
  const out = new Uint8Array(VW * (H + 1));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      if (!mask[y * W + x]) continue;
      if (!set(x, y - 1)) out[y * VW + x] |= 1 << 0; // bottom side, heading east
      if (!set(x + 1, y)) out[y * VW + x + 1] |= 1 << 1; // right side, heading north
      if (!set(x, y + 1)) out[(y + 1) * VW + x + 1] |= 1 << 2; // top side, heading west
      if (!set(x - 1, y)) out[(y + 1) * VW + x] |= 1 << 3; // left side, heading south
    }
  }

  // the set pixel on the left of the edge leaving (vx, vy) in direction d
  const leftPixel = (vx: number, vy: number, d: number) => {
    const px = d === 0 || d === 3 ? vx : vx - 1;
    const py = d === 0 || d === 1 ? vy : vy - 1;
    return py * W + px;
  };

  const outers = new Map<number, [number, number][]>();
  const holes = new Map<number, [number, number][][]>();
  for (let v = 0; v < out.length; v++) {
    while (out[v]) {
      const sx = v % VW;
      const sy = (v - sx) / VW;
      let d = 0;
      while (!(out[v] & (1 << d))) d++;
      const comp = label[leftPixel(sx, sy, d)];
      const d0 = d;
      const ring: [number, number][] = [[sx, sy]];
      let x = sx;
      let y = sy;
      let area2 = 0;
      // the start edge stays available until the ring closes on it
      for (let guard = 0; guard < 4 * out.length; guard++) {
        if (!(x === sx && y === sy && d === d0)) out[y * VW + x] &= ~(1 << d);
        const nx = x + DX[d];
        const ny = y + DY[d];
        area2 += x * ny - nx * y;
        x = nx;
        y = ny;
        const bits = out[y * VW + x];
        // prefer a left turn, then straight, then right: keeps diagonal pixels apart (4-connectivity)
        const left = (d + 1) & 3;
        const right = (d + 3) & 3;
        const next = bits & (1 << left) ? left : bits & (1 << d) ? d : bits & (1 << right) ? right : -1;
        if (next < 0) throw new Error('traceMask: open boundary (inconsistent edges)');
        if (x === sx && y === sy && next === d0) {
          out[v] &= ~(1 << d0);
          break;
        }
        if (next !== d) ring.push([x, y]);
        d = next;
      }
      ring.push([ring[0][0], ring[0][1]]);
      if (area2 > 0) outers.set(comp, ring);
      else {
        const list = holes.get(comp);
        if (list) list.push(ring);
        else holes.set(comp, [ring]);
      }
    }
  }
  const polygons: PixelPolygon[] = [];
  for (const [comp, ring] of outers) polygons.push([ring, ...(holes.get(comp) ?? [])]);
  return polygons;
}
