#!/usr/bin/python3
"""Independent check of the engine's walking times with GEOS (Debian python3-shapely).

The engine gives every unit × category the walking time to the nearest facility over the
unit's land: median, 90th percentile and maximum, from the straight-line distance at each grid
cell's centre (area-weighted, 10 m bins). This script computes the same three figures exactly
from the geometry, without a grid: in a local azimuthal equidistant projection centred on the
unit (scripts/geos_plane.py), the share of the unit's land within distance t of a facility is
F(t) = area(unit ∩ union of the discs of radius t) / area(unit), which grows with t; the median
is the t where F reaches 0.5, the 90th percentile where it reaches 0.9, the maximum the least t
where the discs cover the whole unit. Each is found by bisection to 0.05 m on GEOS polygons
(discs as 128-gons with the disc's area: at 1 km their outline is within 0.1 m of the circle)
and turned into minutes as the engine does (distance × detour ÷ speed). The engine's figures
come from `npm run analyze` (coverage-units.csv, time_*_min).

Usage (Debian's interpreter, which has shapely):
  /usr/bin/python3 scripts/time_check.py --random 5000 --seed 7
  /usr/bin/python3 scripts/time_check.py --facilities geodata/demo-facilities.json --sample 30
  /usr/bin/python3 scripts/time_check.py --results <analyze out dir> --facilities <json>
Options: --units FILE, --sample N units (seeded; default 40), --tolerance MIN,
         --analyze-args "…" (passed through to analyze, e.g. "--cell 175").

The default tolerance is the bound the sampling guarantees. Every point of a cell lies within
half its diagonal (h/√2) of the centre, and the distance to the nearest facility changes by at
most as much as the point moves, so the engine's weights (each cell ∩ unit area at its centre's
distance) and the exact area can be paired point by point with distances at most h/√2 apart:
their percentiles and maxima differ by at most h/√2. The 10 m bins, interpolated linearly, add
at most 10 m to the percentiles. Together, in minutes: (h/√2 + 10 m) × detour ÷ speed (1.70
minutes at 125 m, 4.5 km/h, detour 1.3), plus 0.01 for the rounding of the CSV and the discs.
Exit status 1 when any figure differs from the exact one by more than the tolerance.
"""
import argparse
import csv
import math
import os
import random
import sys
import time

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import unary_union

from accuracy_check import add_input_args, analyzed, read_facilities
from geos_plane import aeqd, disc, project_geom

QUAD_SEGS = 32  # 128 vertices per disc
STEP_M = 0.05   # bisection stops when the bracket is this narrow


def covered_share(unit, area, xs, ys, ds, rho, t):
    """F(t): the share of the unit within t of a facility (facilities farther than t + rho from
    the unit's centre cannot reach it)."""
    near = ds <= t + rho
    if not near.any():
        return 0.0
    union = unary_union([disc(x, y, t, QUAD_SEGS) for x, y in zip(xs[near], ys[near])])
    return unit.intersection(union).area / area


def bisect(pred, lo, hi):
    """The least t in [lo, hi] where pred holds (pred grows with t), to STEP_M."""
    while hi - lo > STEP_M:
        mid = 0.5 * (lo + hi)
        if pred(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def exact_times(unit, xs, ys):
    """Exact median, 90th percentile and maximum (metres) of the distance to the nearest point
    (xs, ys) over the unit's area."""
    area = unit.area
    c = unit.centroid
    ds = np.hypot(xs - c.x, ys - c.y)
    rho = max(math.hypot(x - c.x, y - c.y) for x, y in boundary_points(unit))
    hi = float(ds.min()) + rho  # no point of the unit is farther than this from a facility
    share = lambda t: covered_share(unit, area, xs, ys, ds, rho, t)  # noqa: E731
    median = bisect(lambda t: share(t) >= 0.5, 0.0, hi)
    p90 = bisect(lambda t: share(t) >= 0.9, median, hi)
    # the maximum: the least t whose discs leave no land uncovered (a sliver of 1e-9 of the unit
    # is the polygons' rounding)
    top = bisect(lambda t: share(t) >= 1.0 - 1e-9, p90, hi)
    return median, p90, top


def boundary_points(geom):
    polys = [geom] if geom.geom_type == "Polygon" else [g for g in geom.geoms if g.geom_type == "Polygon"]
    for p in polys:
        yield from p.exterior.coords


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_args(ap, 40, "check a seeded sample of N units (0: all)")
    ap.add_argument("--tolerance", type=float, help="minutes (default: the sampling bound, see above)")
    args = ap.parse_args()
    units, facilities_path, out_dir, meta = analyzed(ap, args, "shq-time-")
    if meta["engine"].get("walkModel", "circle") != "circle":
        sys.exit("time_check: the results are not the straight-line (circle) model")
    walk = meta["params"]
    metres_per_minute = walk["speedKmh"] * 1000.0 / 60.0
    minutes = lambda d: d * walk["detour"] / metres_per_minute  # noqa: E731  (src/domain/walk.ts walkMinutes)
    cell = meta["engine"]["cellSizeM"]
    tolerance = args.tolerance if args.tolerance is not None else minutes(cell / math.sqrt(2) + 10.0) + 0.01
    cats = [c["id"] for c in meta["categories"]]
    statuses = set(meta["inputs"]["statuses"])
    engine = {}
    with open(os.path.join(out_dir, "coverage-units.csv"), encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            engine[(row["unit_id"], row["category"])] = row
    facs = [f for f in read_facilities(facilities_path) if f[3] in statuses]
    by_cat = {c: np.array([(f[0], f[1]) for f in facs if c in f[2]], dtype=float).reshape(-1, 2) for c in cats}

    idx = list(range(len(units)))
    if args.sample and args.sample < len(units):
        idx = sorted(random.Random(args.seed).sample(idx, args.sample))

    t0 = time.time()
    rows = []  # (error minutes, figure, unit, category, engine, exact)
    for n_done, u in enumerate(idx):
        feat = units[u]
        uid = str(feat["properties"]["id"])
        geom = shape(feat["geometry"])
        c = geom.centroid
        unit_m = project_geom(geom, c.x, c.y)
        for cat in cats:
            pts = by_cat[cat]
            row = engine[(uid, cat)]
            if len(pts) == 0 or row["time_median_min"] == "":
                continue
            xs, ys = aeqd(c.x, c.y, pts[:, 0], pts[:, 1])
            exact = [minutes(d) for d in exact_times(unit_m, np.asarray(xs), np.asarray(ys))]
            for name, col, e in zip(("median", "p90", "max"), ("time_median_min", "time_p90_min", "time_max_min"), exact):
                mine = float(row[col])
                rows.append((abs(mine - e), name, uid, cat, mine, e))
        if (n_done + 1) % 10 == 0:
            print(f"  {n_done + 1}/{len(idx)} units ({time.time() - t0:.0f} s)", flush=True)

    if not rows:
        sys.exit("time_check: no unit had walking times to check")
    print(f"time check: {len(idx)} units, {len(rows)} figures (median, 90th percentile, maximum per unit x category with facilities)")
    print(f"facilities: {facilities_path} ({len(facs)} used); engine: {meta['engine']['version']}, cell {meta['engine']['cellSizeM']} m; {meta['paramsText']}")
    print(f"exact: GEOS {shapely.geos.geos_version_string} via shapely {shapely.__version__}, bisection to {STEP_M} m on {4 * QUAD_SEGS}-gon area-matched discs, local azimuthal equidistant per unit")
    for name in ("median", "p90", "max"):
        e = np.array([r[0] for r in rows if r[1] == name])
        print(f"|engine - exact| {name:6s} minutes: max {e.max():.3f}, p99 {np.percentile(e, 99):.3f}, p90 {np.percentile(e, 90):.3f}, mean {e.mean():.4f}")
    worst = max(rows)
    print(f"worst: unit {worst[2]} {worst[3]} {worst[1]}: engine {worst[4]:.2f} min vs exact {worst[5]:.2f} min")
    bound = "" if args.tolerance is not None else f" (the bound of {cell} m cells: (half a diagonal + one 10 m bin) x detour / speed + 0.01)"
    bad = [r for r in rows if r[0] > tolerance]
    print(f"PASS: every figure within {tolerance:.3f} min{bound}" if not bad else f"FAIL: {len(bad)} of {len(rows)} figures differ by more than {tolerance:.3f} min{bound}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
