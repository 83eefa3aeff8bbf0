/**
 * The engine's walking times (unit median, 90th percentile, maximum) against an exact
 * computation without a grid: scripts/time_check.py runs `analyze` on seeded random
 * facilities and finds each figure by bisection on GEOS unions of discs (shapely, Debian
 * python3-shapely). Every figure must lie within the bound that sampling at cell centres
 * guarantees: (half a cell diagonal + one 10 m bin) × detour ÷ speed.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

describe('walking times against the exact area-weighted figures (GEOS)', () => {
  it('every median, 90th percentile and maximum of 12 sampled units is within the sampling bound', () => {
    const r = spawnSync('/usr/bin/python3', ['scripts/time_check.py', '--random', '3000', '--seed', '11', '--sample', '12'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.stdout).toMatch(/PASS: every figure within 1\.715 min/);
    expect(r.status).toBe(0);
    // the figures really were compared: 12 units, three figures for each category with facilities
    const n = Number(/time check: 12 units, (\d+) figures/.exec(r.stdout)?.[1]);
    expect(n).toBeGreaterThanOrEqual(12 * 3 * 10);
    for (const figure of ['median', 'p90', 'max']) {
      const max = Number(new RegExp(`\\|engine - exact\\| ${figure} +minutes: max ([0-9.]+)`).exec(r.stdout)?.[1]);
      expect(max).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(1.715);
    }
  }, 180_000);
});
