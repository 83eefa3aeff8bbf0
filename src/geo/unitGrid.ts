/**
 * Rasterises planning units onto one square grid in the metric plane, with exact weights:
 * every cell a unit touches becomes an entry (unit, cell, area of cell ∩ unit in m²). Cells
 * on a unit's edge keep the clipped piece of the unit so coverage there can be computed
 * exactly. Built once per unit set.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { UnitFeature } from '../domain/types';
import type { Projection } from './projection';
import { makeProjection, projectionForBbox } from './projection';
import { clipRingsToRectBboxed, orientRing, pointInRings, ringBboxes, ringsArea, ringsBbox, type Rings } from './polygon';
import { GrowableF64, GrowableI32 } from '../io/growable';
import type { DemandPoint } from './coverageTypes';

export interface UnitGrid {
  projection: Projection;
  cellSize: number;
  /** grid origin (lower-left corner of cell 0,0) and size, in cells */
  gx0: number;
  gy0: number;
  nx: number;
  ny: number;
  /** cells grouped into square blocks of blockCells × blockCells for candidate queries */
  blockCells: number;

  unitCount: number;
  unitRings: Rings[];
  unitArea: Float64Array;
  /** entries of unit u are unitEntryStart[u] … unitEntryStart[u+1]-1 */
  unitEntryStart: Int32Array;
  entryCell: Int32Array;
  entryWeight: Float64Array;
  /** piece id, or -1 when the whole cell lies in the unit */
  entryPiece: Int32Array;
  /** where an entry's covered fraction is in a slot's `covered` array (cells, then pieces):
   * its cell, or cellCount + its piece */
  entryCover: Int32Array;
  /** a unit's entries in runs of one block each (entries are ordered by cell, cells by block):
   * the runs of unit u are unitRunStart[u] … unitRunStart[u+1]-1; run k holds the entries
   * runEntryStart[k] … runEntryStart[k+1]-1, all in block runBlock[k], weighing runWeight[k] m² */
  unitRunStart: Int32Array;
  runEntryStart: Int32Array;
  runBlock: Int32Array;
  runWeight: Float64Array;

  cellCount: number;
  cellCol: Int32Array;
  cellRow: Int32Array;
  cellCx: Float64Array;
  cellCy: Float64Array;
  /** 1 when some unit contains the whole cell */
  cellHasFull: Uint8Array;
  /** pieces are numbered in cell order (so in block order): the pieces of cell c are
   * cellPieceStart[c] … cellPieceStart[c+1]-1, and a block's pieces are one range;
   * cellPieces[k] = k (kept so callers read a piece id, not a position) */
  cellPieceStart: Int32Array;
  cellPieces: Int32Array;
  /** entries touching cell c are cellEntries[cellEntryStart[c]] … */
  cellEntryStart: Int32Array;
  cellEntries: Int32Array;
  /** dense (row * nx + col) → cell index, or -1 */
  denseToCell: Int32Array;

  /** blocks: cells of block b are blockStart[b] … blockStart[b+1]-1 (cells are stored block by block) */
  blockCount: number;
  blockStart: Int32Array;
  blockX0: Float64Array;
  blockY0: Float64Array;

  pieceCount: number;
  pieceCell: Int32Array;
  pieceUnit: Int32Array;
  pieceArea: Float64Array;
  pieceRingStart: Int32Array;
  ringCoordStart: Int32Array;
  pieceCoords: Float64Array;
}

/**
 * Cells per block side (12 × 12 cells of 125 m: 1.5 km blocks). Measured with the circle kernel
 * on the 5,000-facility bench set (CPU per full computation, one thread, three alternating
 * rounds): 8 → 270–294 ms, 12 → 252–261 ms, 16 → 261–292 ms, 24 → 265–302 ms; at 100,000
 * facilities 8 and 12 are the same (1,876–1,891 vs 1,859–1,900 ms). Figures do not depend on it.
 */
const DEFAULT_BLOCK_CELLS = 12;

export interface UnitGridOptions {
  cellSize?: number;
  /** cells per block side (default DEFAULT_BLOCK_CELLS) */
  blockCells?: number;
  projection?: Projection;
}

export const DEFAULT_CELL_SIZE_M = 125;

function polygonsOf(geom: Polygon | MultiPolygon): Position[][][] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
}

export function projectRings(geom: Polygon | MultiPolygon, proj: Projection): Rings {
  const rings: Rings = [];
  for (const poly of polygonsOf(geom)) {
    poly.forEach((ring, k) => {
      let n = ring.length;
      if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
      if (n < 3) return;
      const r = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const [x, y] = proj.forward(ring[i][0], ring[i][1]);
        r[2 * i] = x;
        r[2 * i + 1] = y;
      }
      rings.push(orientRing(r, k === 0));
    });
  }
  return rings;
}

export function unitsBbox(units: readonly UnitFeature[]): [number, number, number, number] {
  let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
  for (const u of units) {
    for (const poly of polygonsOf(u.geometry)) {
      for (const p of poly[0]) {
        if (p[0] < a) a = p[0];
        if (p[0] > c) c = p[0];
        if (p[1] < b) b = p[1];
        if (p[1] > d) d = p[1];
      }
    }
  }
  return [a, b, c, d];
}

// Mark every grid cell a segment passes through (grid traversal), calling mark(col, row).
function traverseSegment(
  x1: number, y1: number, x2: number, y2: number,
  gx0: number, gy0: number, h: number, mark: (i: number, j: number) => void,
): void {
  let i = Math.floor((x1 - gx0) / h);
  let j = Math.floor((y1 - gy0) / h);
  const iEnd = Math.floor((x2 - gx0) / h);
  const jEnd = Math.floor((y2 - gy0) / h);
  const dx = x2 - x1, dy = y2 - y1;
  const stepX = dx > 0 ? 1 : -1;
  const stepY = dy > 0 ? 1 : -1;
  const tDeltaX = dx !== 0 ? h / Math.abs(dx) : Infinity;
  const tDeltaY = dy !== 0 ? h / Math.abs(dy) : Infinity;
  let tMaxX = dx !== 0 ? ((gx0 + (i + (dx > 0 ? 1 : 0)) * h) - x1) / dx : Infinity;
  let tMaxY = dy !== 0 ? ((gy0 + (j + (dy > 0 ? 1 : 0)) * h) - y1) / dy : Infinity;
  mark(i, j);
  let guard = Math.abs(iEnd - i) + Math.abs(jEnd - j) + 4;
  while ((i !== iEnd || j !== jEnd) && guard-- > 0) {
    if (tMaxX < tMaxY) {
      i += stepX;
      tMaxX += tDeltaX;
    } else {
      j += stepY;
      tMaxY += tDeltaY;
    }
    mark(i, j);
  }
}

/** Grid origin and size (in cells) around the projected units, one empty cell of margin. */
interface Frame {
  h: number;
  gx0: number;
  gy0: number;
  nx: number;
  ny: number;
}

function gridFrame(unitRings: readonly Rings[], h: number): Frame {
  let mx0 = Infinity, my0 = Infinity, mx1 = -Infinity, my1 = -Infinity;
  for (const rings of unitRings) {
    const [a, b, c, d] = ringsBbox(rings);
    if (a < mx0) mx0 = a;
    if (b < my0) my0 = b;
    if (c > mx1) mx1 = c;
    if (d > my1) my1 = d;
  }
  if (!Number.isFinite(mx0)) { mx0 = 0; my0 = 0; mx1 = h; my1 = h; }
  const gx0 = Math.floor(mx0 / h) * h - h;
  const gy0 = Math.floor(my0 / h) * h - h;
  const nx = Math.ceil((mx1 - gx0) / h) + 2;
  const ny = Math.ceil((my1 - gy0) / h) + 2;
  if (nx * ny > 60_000_000) throw new Error(`grid too large (${nx}×${ny} cells of ${h} m): use a larger cell size`);
  return { h, gx0, gy0, nx, ny };
}

/** Unit × cell entries in unit order, with the clipped pieces of the cells on unit edges. */
interface RawEntries {
  unit: GrowableI32;
  dense: GrowableI32;
  weight: GrowableF64;
  /** raw piece number or -1 (whole cell) */
  piece: GrowableI32;
  pieceCount: number;
  pieceRingStart: GrowableI32;
  ringCoordStart: GrowableI32;
  coords: GrowableF64;
  unitArea: Float64Array;
}

// Every cell a unit touches: cells an edge runs through are clipped exactly, the others are
// inside or outside by the crossings of the row's centre line.
function rasteriseUnits(unitRings: readonly Rings[], f: Frame): RawEntries {
  const { h, gx0, gy0, nx } = f;
  const cellArea = h * h;
  const full = cellArea * (1 - 1e-12);
  const tiny = cellArea * 1e-12;
  const raw: RawEntries = {
    unit: new GrowableI32(1 << 16),
    dense: new GrowableI32(1 << 16),
    weight: new GrowableF64(1 << 16),
    piece: new GrowableI32(1 << 16),
    pieceCount: 0,
    pieceRingStart: new GrowableI32(1 << 12),
    ringCoordStart: new GrowableI32(1 << 12),
    coords: new GrowableF64(1 << 16),
    unitArea: new Float64Array(unitRings.length),
  };
  raw.pieceRingStart.push(0);
  raw.ringCoordStart.push(0);
  const push = (u: number, dense: number, w: number, piece: number) => {
    raw.unit.push(u); raw.dense.push(dense); raw.weight.push(w); raw.piece.push(piece);
  };
  const xs: number[] = [];
  for (let u = 0; u < unitRings.length; u++) {
    const rings = unitRings[u];
    raw.unitArea[u] = ringsArea(rings);
    if (rings.length === 0) continue;
    const bboxes = ringBboxes(rings);
    const [ux0, uy0, ux1, uy1] = ringsBbox(rings);
    const i0 = Math.floor((ux0 - gx0) / h), i1 = Math.floor((ux1 - gx0) / h);
    const j0 = Math.floor((uy0 - gy0) / h), j1 = Math.floor((uy1 - gy0) / h);
    const w = i1 - i0 + 1;
    const boundary = new Uint8Array(w * (j1 - j0 + 1));
    const mark = (i: number, j: number) => {
      if (i >= i0 && i <= i1 && j >= j0 && j <= j1) boundary[(j - j0) * w + (i - i0)] = 1;
    };
    for (const r of rings) {
      const n = r.length;
      for (let k = 0; k < n; k += 2) {
        const k2 = (k + 2) % n;
        traverseSegment(r[k], r[k + 1], r[k2], r[k2 + 1], gx0, gy0, h, mark);
      }
    }
    for (let j = j0; j <= j1; j++) {
      const yc = gy0 + (j + 0.5) * h;
      // crossings of the row's centre line decide the cells no edge touches
      xs.length = 0;
      for (const r of rings) {
        const n = r.length;
        let px = r[n - 2], py = r[n - 1];
        for (let k = 0; k < n; k += 2) {
          const cx = r[k], cy = r[k + 1];
          if ((cy > yc) !== (py > yc)) xs.push(px + ((yc - py) * (cx - px)) / (cy - py));
          px = cx;
          py = cy;
        }
      }
      if (xs.length === 2) {
        if (xs[0] > xs[1]) { const t = xs[0]; xs[0] = xs[1]; xs[1] = t; }
      } else if (xs.length > 2) xs.sort((a, b) => a - b);
      let k = 0;
      let inside = false;
      for (let i = i0; i <= i1; i++) {
        const dense = j * nx + i;
        const cx0 = gx0 + i * h, cy0 = gy0 + j * h;
        const xc = cx0 + h / 2;
        while (k < xs.length && xs[k] < xc) { inside = !inside; k++; }
        if (boundary[(j - j0) * w + (i - i0)]) {
          const piece = clipRingsToRectBboxed(rings, bboxes, cx0, cy0, cx0 + h, cy0 + h);
          const a = ringsArea(piece);
          if (a >= full) push(u, dense, cellArea, -1);
          else if (a > tiny) {
            push(u, dense, a, raw.pieceCount++);
            for (const ring of piece) {
              raw.coords.pushArray(ring);
              raw.ringCoordStart.push(raw.coords.length);
            }
            raw.pieceRingStart.push(raw.ringCoordStart.length - 1);
          }
        } else if (inside) push(u, dense, cellArea, -1);
      }
    }
  }
  return raw;
}

/** The cells some unit touches, stored block by block (blocks of B × B cells). */
interface Cells {
  cellCount: number;
  cellCol: Int32Array;
  cellRow: Int32Array;
  cellCx: Float64Array;
  cellCy: Float64Array;
  denseToCell: Int32Array;
  blockStart: Int32Array;
  blockX0: Float64Array;
  blockY0: Float64Array;
}

function cellsByBlock(raw: RawEntries, f: Frame, B: number): Cells {
  const { h, gx0, gy0, nx, ny } = f;
  const entryCount = raw.unit.length;
  const bnx = Math.ceil(nx / B);
  const denseToCell = new Int32Array(nx * ny).fill(-1);
  const keyed = new Float64Array(entryCount);
  let nk = 0;
  const NN = nx * ny;
  for (let e = 0; e < entryCount; e++) {
    const dense = raw.dense.data[e];
    if (denseToCell[dense] === -1) {
      denseToCell[dense] = 0;
      const row = Math.floor(dense / nx), col = dense - row * nx;
      keyed[nk++] = (Math.floor(row / B) * bnx + Math.floor(col / B)) * NN + dense;
    }
  }
  const sortedKeys = keyed.subarray(0, nk).sort();
  const cellCount = nk;
  const cellCol = new Int32Array(cellCount);
  const cellRow = new Int32Array(cellCount);
  const cellCx = new Float64Array(cellCount);
  const cellCy = new Float64Array(cellCount);
  const blockStartG = new GrowableI32(1 << 12);
  const blockX0G = new GrowableF64(1 << 12);
  const blockY0G = new GrowableF64(1 << 12);
  let lastBlock = -1;
  for (let c = 0; c < cellCount; c++) {
    const key = sortedKeys[c];
    const bk = Math.floor(key / NN);
    const dense = key - bk * NN;
    const row = Math.floor(dense / nx), col = dense - row * nx;
    denseToCell[dense] = c;
    cellCol[c] = col;
    cellRow[c] = row;
    cellCx[c] = gx0 + (col + 0.5) * h;
    cellCy[c] = gy0 + (row + 0.5) * h;
    if (bk !== lastBlock) {
      blockStartG.push(c);
      blockX0G.push(gx0 + (bk % bnx) * B * h);
      blockY0G.push(gy0 + Math.floor(bk / bnx) * B * h);
      lastBlock = bk;
    }
  }
  blockStartG.push(cellCount);
  return { cellCount, cellCol, cellRow, cellCx, cellCy, denseToCell, blockStart: blockStartG.toArray(), blockX0: blockX0G.toArray(), blockY0: blockY0G.toArray() };
}

/** Entries unit by unit (ordered by cell inside a unit), and what each piece belongs to. */
interface Entries {
  unitEntryStart: Int32Array;
  entryCell: Int32Array;
  entryWeight: Float64Array;
  entryPiece: Int32Array;
  cellHasFull: Uint8Array;
  pieceCell: Int32Array;
  pieceUnit: Int32Array;
  pieceArea: Float64Array;
}

function unitEntries(raw: RawEntries, cells: Cells, unitCount: number): Entries {
  const entryCount = raw.unit.length;
  const unitEntryStart = new Int32Array(unitCount + 1);
  const entryCell = new Int32Array(entryCount);
  const entryWeight = raw.weight.toArray();
  const entryPiece = raw.piece.toArray();
  const cellHasFull = new Uint8Array(cells.cellCount);
  const pieceCount = raw.pieceCount;
  const pieceCell = new Int32Array(pieceCount);
  const pieceUnit = new Int32Array(pieceCount);
  const pieceArea = new Float64Array(pieceCount);
  for (let e = 0; e < entryCount; e++) {
    const u = raw.unit.data[e];
    unitEntryStart[u + 1]++;
    const cell = cells.denseToCell[raw.dense.data[e]];
    entryCell[e] = cell;
    const p = entryPiece[e];
    if (p >= 0) {
      pieceCell[p] = cell;
      pieceUnit[p] = u;
      pieceArea[p] = entryWeight[e];
    } else {
      cellHasFull[cell] = 1;
    }
  }
  for (let u = 0; u < unitCount; u++) unitEntryStart[u + 1] += unitEntryStart[u];
  // within a unit, order entries by cell so the per-unit passes read the cell arrays in order
  let buf = new Float64Array(1024);
  const cellTmp = entryCell.slice();
  const wTmp = entryWeight.slice();
  const pTmp = entryPiece.slice();
  for (let u = 0; u < unitCount; u++) {
    const e0 = unitEntryStart[u], n = unitEntryStart[u + 1] - e0;
    if (n < 2) continue;
    if (buf.length < n) buf = new Float64Array(n * 2);
    const k = buf.subarray(0, n);
    const scale = 2 ** Math.ceil(Math.log2(n + 1));
    for (let i = 0; i < n; i++) k[i] = cellTmp[e0 + i] * scale + i;
    k.sort();
    for (let i = 0; i < n; i++) {
      const key = k[i];
      const local = key - Math.floor(key / scale) * scale;
      const src = e0 + local;
      entryCell[e0 + i] = cellTmp[src];
      entryWeight[e0 + i] = wTmp[src];
      entryPiece[e0 + i] = pTmp[src];
    }
  }
  return { unitEntryStart, entryCell, entryWeight, entryPiece, cellHasFull, pieceCell, pieceUnit, pieceArea };
}

/** CSR index: the items of each cell (items given by their cell). */
function byCell(itemCell: Int32Array, cellCount: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(cellCount + 1);
  for (let i = 0; i < itemCell.length; i++) start[itemCell[i] + 1]++;
  for (let c = 0; c < cellCount; c++) start[c + 1] += start[c];
  const items = new Int32Array(itemCell.length);
  const fill = start.slice(0, cellCount);
  for (let i = 0; i < itemCell.length; i++) items[fill[itemCell[i]]++] = i;
  return { start, items };
}

/** Flat piece rings: ring k of piece p is coords[ringCoordStart[k] … ringCoordStart[k+1]-1] for k in pieceRingStart[p] … pieceRingStart[p+1]-1. */
interface PieceRings {
  pieceRingStart: Int32Array;
  ringCoordStart: Int32Array;
  coords: Float64Array;
}

// Renumbers the pieces in cell order (cells are in block order), so that the pieces of a cell,
// and of a block, are one range of ids: kernels fill a whole block's pieces at once. Rewrites
// the entries' piece ids, the per-piece arrays and the flat rings in the new order.
function piecesInCellOrder(raw: RawEntries, ent: Entries, cellCount: number): PieceRings & { cellPieceStart: Int32Array } {
  const P = raw.pieceCount;
  const { start, items } = byCell(ent.pieceCell, cellCount); // old ids in cell order
  const newOf = new Int32Array(P);
  for (let k = 0; k < P; k++) newOf[items[k]] = k;
  const oldPrs = raw.pieceRingStart.data, oldRcs = raw.ringCoordStart.data, oldCoords = raw.coords.data;
  const pieceRingStart = new Int32Array(P + 1);
  const ringCoordStart = new Int32Array(raw.ringCoordStart.length);
  const coords = new Float64Array(raw.coords.length);
  let ring = 0, at = 0;
  for (let k = 0; k < P; k++) {
    const old = items[k];
    pieceRingStart[k] = ring;
    for (let rk = oldPrs[old]; rk < oldPrs[old + 1]; rk++) {
      for (let i = oldRcs[rk], i1 = oldRcs[rk + 1]; i < i1; i++) coords[at++] = oldCoords[i];
      ringCoordStart[++ring] = at;
    }
  }
  pieceRingStart[P] = ring;
  const permute = <T extends Int32Array | Float64Array>(a: T): void => {
    const copy = a.slice();
    for (let k = 0; k < P; k++) a[k] = copy[items[k]];
  };
  permute(ent.pieceCell);
  permute(ent.pieceUnit);
  permute(ent.pieceArea);
  for (let e = 0; e < ent.entryPiece.length; e++) if (ent.entryPiece[e] >= 0) ent.entryPiece[e] = newOf[ent.entryPiece[e]];
  return { pieceRingStart, ringCoordStart, coords, cellPieceStart: start };
}

/** The runs of entries in one block, unit by unit (see UnitGrid.unitRunStart). */
function entryRuns(unitEntryStart: Int32Array, entryCell: Int32Array, entryWeight: Float64Array, blockStart: Int32Array, cellCount: number) {
  const cellBlock = new Int32Array(cellCount);
  for (let b = 0; b + 1 < blockStart.length; b++) cellBlock.fill(b, blockStart[b], blockStart[b + 1]);
  const U = unitEntryStart.length - 1;
  const unitRunStart = new Int32Array(U + 1);
  const start = new GrowableI32(1 << 14);
  const block = new GrowableI32(1 << 14);
  const weight = new GrowableF64(1 << 14);
  for (let u = 0; u < U; u++) {
    unitRunStart[u] = block.length;
    let last = -1;
    for (let e = unitEntryStart[u]; e < unitEntryStart[u + 1]; e++) {
      const b = cellBlock[entryCell[e]];
      if (b !== last) {
        start.push(e);
        block.push(b);
        weight.push(0);
        last = b;
      }
      weight.data[weight.length - 1] += entryWeight[e];
    }
  }
  unitRunStart[U] = block.length;
  start.push(unitEntryStart[U]);
  return { unitRunStart, runEntryStart: start.toArray(), runBlock: block.toArray(), runWeight: weight.toArray() };
}

/** Stages: frame the grid, rasterise the units, order the cells by block, index entries and pieces. */
export function buildUnitGrid(units: readonly UnitFeature[], opts: UnitGridOptions = {}): UnitGrid {
  const h = opts.cellSize ?? DEFAULT_CELL_SIZE_M;
  const B = opts.blockCells ?? DEFAULT_BLOCK_CELLS;
  const bb = unitsBbox(units);
  const projection = opts.projection ?? projectionForBbox(bb[0], bb[1], bb[2], bb[3]);
  const unitRings = units.map((u) => projectRings(u.geometry, projection));
  const frame = gridFrame(unitRings, h);
  const raw = rasteriseUnits(unitRings, frame);
  const cells = cellsByBlock(raw, frame, B);
  const ent = unitEntries(raw, cells, units.length);
  const pieces = piecesInCellOrder(raw, ent, cells.cellCount);
  const entries = byCell(ent.entryCell, cells.cellCount);
  const runs = entryRuns(ent.unitEntryStart, ent.entryCell, ent.entryWeight, cells.blockStart, cells.cellCount);
  const entryCover = Int32Array.from(ent.entryPiece, (p, e) => (p < 0 ? ent.entryCell[e] : cells.cellCount + p));
  return {
    projection, cellSize: h, gx0: frame.gx0, gy0: frame.gy0, nx: frame.nx, ny: frame.ny, blockCells: B,
    unitCount: units.length, unitRings, unitArea: raw.unitArea,
    unitEntryStart: ent.unitEntryStart, entryCell: ent.entryCell, entryWeight: ent.entryWeight, entryPiece: ent.entryPiece,
    ...runs,
    entryCover,
    cellCount: cells.cellCount, cellCol: cells.cellCol, cellRow: cells.cellRow, cellCx: cells.cellCx, cellCy: cells.cellCy,
    cellHasFull: ent.cellHasFull, cellPieceStart: pieces.cellPieceStart, cellPieces: Int32Array.from({ length: raw.pieceCount }, (_, k) => k),
    cellEntryStart: entries.start, cellEntries: entries.items, denseToCell: cells.denseToCell,
    blockCount: cells.blockStart.length - 1,
    blockStart: cells.blockStart,
    blockX0: cells.blockX0,
    blockY0: cells.blockY0,
    pieceCount: raw.pieceCount, pieceCell: ent.pieceCell, pieceUnit: ent.pieceUnit, pieceArea: ent.pieceArea,
    pieceRingStart: pieces.pieceRingStart,
    ringCoordStart: pieces.ringCoordStart,
    pieceCoords: pieces.coords,
  };
}

/** The clipped rings of a piece, as views into the grid's coordinate buffer. */
export function pieceRings(g: UnitGrid, piece: number): Rings {
  const out: Rings = [];
  for (let k = g.pieceRingStart[piece]; k < g.pieceRingStart[piece + 1]; k++) {
    out.push(g.pieceCoords.subarray(g.ringCoordStart[k], g.ringCoordStart[k + 1]));
  }
  return out;
}

/** Unit of grid entry `e` (entries are stored unit by unit: binary search in unitEntryStart). */
export function unitOfEntry(g: UnitGrid, e: number): number {
  let lo = 0, hi = g.unitCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.unitEntryStart[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface LocatedPoints {
  x: Float64Array;
  y: Float64Array;
  /** weight (residents); negative input counts as 0 */
  w: Float64Array;
  /** unit index, -1 outside every unit */
  unit: Int32Array;
  outside: number;
}

/** Projects weighted points (residential points) onto the grid and finds the unit each lies in. */
export function locatePoints(g: UnitGrid, points: readonly DemandPoint[]): LocatedPoints {
  const n = points.length;
  const x = new Float64Array(n), y = new Float64Array(n), w = new Float64Array(n), unit = new Int32Array(n).fill(-1);
  let outside = 0;
  for (let i = 0; i < n; i++) {
    const [px, py] = g.projection.forward(points[i].lng, points[i].lat);
    x[i] = px;
    y[i] = py;
    w[i] = points[i].population > 0 ? points[i].population : 0;
    const col = Math.floor((px - g.gx0) / g.cellSize), row = Math.floor((py - g.gy0) / g.cellSize);
    const cell = col >= 0 && col < g.nx && row >= 0 && row < g.ny ? g.denseToCell[row * g.nx + col] : -1;
    if (cell >= 0) {
      for (let k = g.cellEntryStart[cell]; k < g.cellEntryStart[cell + 1]; k++) {
        const e = g.cellEntries[k];
        const u = unitOfEntry(g, e);
        if (g.entryPiece[e] < 0 || pointInRings(g.unitRings[u], px, py)) {
          unit[i] = u;
          break;
        }
      }
    }
    if (unit[i] < 0) outside++;
  }
  return { x, y, w, unit, outside };
}

/** A grid as another thread can take it (postMessage): its arrays, with the projection as its
 * centre (a projection's functions do not cross threads). */
export interface PortableUnitGrid extends Omit<UnitGrid, 'projection'> {
  lng0: number;
  lat0: number;
}

const isTypedArray = (v: unknown): v is Float64Array | Int32Array | Uint8Array =>
  v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;

// A copy of the typed array on a SharedArrayBuffer (at `buf`, `at` bytes in).
function copyTo<T extends Float64Array | Int32Array | Uint8Array>(a: T, buf: SharedArrayBuffer, at: number): T {
  const Ctor = a.constructor as new (b: SharedArrayBuffer, offset: number, length: number) => T;
  const out = new Ctor(buf, at, a.length);
  out.set(a);
  return out;
}

/**
 * The same grid with every array on one SharedArrayBuffer (a copy, once), so that helper threads
 * read the cells this thread reads instead of building the grid again (CoverageEngine.shareWith
 * then costs a message, not a second rasterisation and its memory).
 */
export function gridOnSharedMemory(g: UnitGrid): UnitGrid {
  if (g.entryCell.buffer instanceof SharedArrayBuffer) return g;
  const arrays = Object.entries(g).filter((kv): kv is [string, Float64Array | Int32Array | Uint8Array] => isTypedArray(kv[1]));
  const rings = g.unitRings.flat();
  // 8-byte aligned places for every array and every unit ring, in one buffer
  let bytes = 0;
  const place = (a: { byteLength: number }) => { const at = bytes; bytes += Math.ceil(a.byteLength / 8) * 8; return at; };
  const at = arrays.map(([, a]) => place(a));
  const ringAt = rings.map(place);
  const buf = new SharedArrayBuffer(bytes);
  const out: UnitGrid = { ...g };
  const record = out as unknown as Record<string, unknown>;
  arrays.forEach(([key, a], i) => { record[key] = copyTo(a, buf, at[i]); });
  let k = 0;
  out.unitRings = g.unitRings.map((rs) => rs.map((r) => copyTo(r, buf, ringAt[k++])));
  return out;
}

/** The grid for postMessage (its arrays are shared when it is on shared memory). */
export function portableGrid(g: UnitGrid): PortableUnitGrid {
  const { projection, ...rest } = g;
  return { ...rest, lng0: projection.lng0, lat0: projection.lat0 };
}

/** A grid another thread posted (portableGrid), with its projection. */
export function gridFromPortable(p: PortableUnitGrid): UnitGrid {
  const { lng0, lat0, ...rest } = p;
  return { ...rest, projection: makeProjection(lng0, lat0) };
}
