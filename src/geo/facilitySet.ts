/**
 * The facilities the engine computes with: their list, positions in the grid's metric plane,
 * and per category the members' coordinates (what a walk-model kernel is given). Adding,
 * moving or removing one facility (a trial site) keeps positions in step.
 */
import type { Category } from '../domain/types';
import type { EngineFacility } from './coverageTypes';
import type { Projection } from './projection';

export class FacilitySet {
  private list: EngineFacility[] = [];
  /** position of each id in the list: built when an edit or lookup first needs it (a full
   * computation does not: hashing 5,000 ids took 1.3-2.3 ms of every setFacilities) */
  private pos: Map<string, number> | null = null;
  private fx: number[] = [];
  private fy: number[] = [];
  private proj: Projection | null = null;
  /** members per category, built on demand, dropped on every change */
  private memberCache = new Map<number, { xs: Float64Array; ys: Float64Array }>();

  constructor(private readonly categories: readonly Category[]) {}

  get count(): number {
    return this.list.length;
  }

  all(): readonly EngineFacility[] {
    return this.list;
  }

  byId(id: string): EngineFacility | undefined {
    const i = this.positions().get(id);
    return i === undefined ? undefined : this.list[i];
  }

  /** Replace the list; project when a plane is known. */
  reset(facilities: readonly EngineFacility[], proj: Projection | null): void {
    this.list = facilities.slice();
    this.pos = null;
    this.project(proj);
  }

  private positions(): Map<string, number> {
    if (!this.pos) {
      const pos = new Map<string, number>();
      this.list.forEach((f, i) => pos.set(f.id, i));
      this.pos = pos;
    }
    return this.pos;
  }

  /** (Re)project every facility into a plane (after the units changed). */
  project(proj: Projection | null): void {
    this.proj = proj;
    this.memberCache.clear();
    this.fx = new Array(this.list.length);
    this.fy = new Array(this.list.length);
    if (!proj) return;
    this.list.forEach((f, i) => {
      const [x, y] = proj.forward(f.lng, f.lat);
      this.fx[i] = x;
      this.fy[i] = y;
    });
  }

  /** Add f, or replace the facility with its id. Returns the one replaced. */
  upsert(f: EngineFacility): EngineFacility | null {
    const proj = this.requireProj();
    this.memberCache.clear();
    const [x, y] = proj.forward(f.lng, f.lat);
    const pos = this.positions();
    const i = pos.get(f.id);
    if (i !== undefined) {
      const before = this.list[i];
      this.list[i] = f;
      this.fx[i] = x;
      this.fy[i] = y;
      return before;
    }
    pos.set(f.id, this.list.length);
    this.list.push(f);
    this.fx.push(x);
    this.fy.push(y);
    return null;
  }

  /** Remove by id; returns the facility removed. */
  remove(id: string): EngineFacility | null {
    const pos = this.positions();
    const i = pos.get(id);
    if (i === undefined) return null;
    this.memberCache.clear();
    const before = this.list[i];
    const last = this.list.length - 1;
    if (i !== last) {
      this.list[i] = this.list[last];
      this.fx[i] = this.fx[last];
      this.fy[i] = this.fy[last];
      pos.set(this.list[i].id, i);
    }
    this.list.pop();
    this.fx.pop();
    this.fy.pop();
    pos.delete(id);
    return before;
  }

  /** Coordinates (metric plane) of the facilities offering category c, finite positions only. */
  members(c: number): { xs: Float64Array; ys: Float64Array } {
    const hit = this.memberCache.get(c);
    if (hit) return hit;
    // every category's members in one pass over the facilities (in list order)
    const C = this.categories.length;
    const catOf = new Map<string, number>(this.categories.map((cat, k) => [cat.id, k]));
    const count = new Int32Array(C);
    const seen = new Int32Array(C).fill(-1);
    const usable = (i: number) => Number.isFinite(this.fx[i]) && Number.isFinite(this.fy[i]);
    this.list.forEach((f, i) => {
      if (!usable(i)) return;
      for (const id of f.categories) {
        const k = catOf.get(id);
        if (k !== undefined && seen[k] !== i) { seen[k] = i; count[k]++; }
      }
    });
    const all = Array.from(count, (n) => ({ xs: new Float64Array(n), ys: new Float64Array(n) }));
    const fill = new Int32Array(C);
    seen.fill(-1);
    this.list.forEach((f, i) => {
      if (!usable(i)) return;
      for (const id of f.categories) {
        const k = catOf.get(id);
        if (k === undefined || seen[k] === i) continue; // a category listed twice counts once
        seen[k] = i;
        all[k].xs[fill[k]] = this.fx[i];
        all[k].ys[fill[k]++] = this.fy[i];
      }
    });
    all.forEach((m, k) => this.memberCache.set(k, m));
    return all[c];
  }

  private requireProj(): Projection {
    if (!this.proj) throw new Error('setUnits() first');
    return this.proj;
  }
}
