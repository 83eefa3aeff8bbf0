#!/usr/bin/python3
"""Independent accuracy check of the coverage engine with GEOS (Debian python3-shapely).

For every planning unit (or a seeded sample), in a local azimuthal equidistant projection
centred on the unit (sphere R = 6 371 008.8 m, the engine's radius; written out here with
numpy, not the engine's transverse Mercator), it builds each facility's reach circle as a
GEOS polygon of 512 vertices scaled to the exact disc area, unions the circles of a category,
intersects with the unit and divides areas. Completeness is the intersection of the
categories' unions. The engine's shares come from `npm run analyze` (coverage-units.csv).

Usage (use Debian's interpreter, which has shapely):
  /usr/bin/python3 scripts/accuracy_check.py --facilities geodata/demo-facilities.json
  /usr/bin/python3 scripts/accuracy_check.py --random 5000 --seed 7
  /usr/bin/python3 scripts/accuracy_check.py --results <analyze out dir> --facilities <json>
Options: --units FILE, --sample N (default all), --tolerance PP (default 0.5), --mode radius|standard,
         --persona, --analyze-args "…" (passed through to analyze).
Exit status 1 when any unit × category differs by more than the tolerance.
"""
import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
import shapely
from shapely.geometry import Point, shape
from shapely.ops import unary_union

from geos_plane import aeqd, disc, project_geom  # scripts/geos_plane.py, shared with bench/geos_peer.py

QUAD_SEGS = 128  # 512 vertices per circle


def read_facilities(path):
    if path.lower().endswith(".json"):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        return [(float(d["lng"]), float(d["lat"]), list(d["categories"]), d.get("status", "open")) for d in data]
    # simple UTF-8 CSV: id,name,type,categories(;),status,district,lng,lat
    out = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            out.append((float(row["lng"]), float(row["lat"]), [c for c in row["categories"].split(";") if c], row.get("status", "open")))
    return out


def random_facilities(units, categories, n, seed):
    """Uniform over the units' land, 1–2 categories each (independent of the bench generator)."""
    rng = random.Random(seed)
    geoms = [shape(u["geometry"]) for u in units]
    areas = np.array([g.area for g in geoms])
    cum = np.cumsum(areas / areas.sum())
    out = []
    for i in range(n):
        g = geoms[int(np.searchsorted(cum, rng.random()))]
        minx, miny, maxx, maxy = g.bounds
        for _ in range(200):
            x, y = minx + rng.random() * (maxx - minx), miny + rng.random() * (maxy - miny)
            if g.contains(Point(x, y)):
                break
        cats = rng.sample(categories, 2 if rng.random() < 0.3 else 1)
        out.append({"id": f"rnd-{seed}-{i}", "name": f"random {i}", "type": "embedded", "categories": cats,
                    "status": "open", "district": "", "lng": round(x, 6), "lat": round(y, 6),
                    "source": "accuracy_check (random)", "synthetic": True})
    return out


def run_analyze(facilities_path, units_path, out_dir, extra):
    cmd = ["npx", "tsx", "scripts/analyze.ts", "--facilities", facilities_path, "--units", units_path, "--out", out_dir] + extra
    print("running:", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def add_input_args(ap, sample_default, sample_help):
    """The arguments every check of analyze's figures takes (this script, scripts/time_check.py)."""
    ap.add_argument("--units", default="geodata/units.geojson")
    ap.add_argument("--facilities")
    ap.add_argument("--random", type=int, help="generate N random facilities over the categories")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--results", help="an existing analyze output directory (otherwise analyze is run)")
    ap.add_argument("--sample", type=int, default=sample_default, help=sample_help)
    ap.add_argument("--analyze-args", default="", help="extra arguments for analyze, e.g. \"--mode standard\"")


def analyzed(ap, args, prefix):
    """The units, the facilities file and analyze's output for a check: --random N writes seeded
    random facilities, --results reuses an output folder, else analyze runs. Returns (units,
    facilities path, output folder, its params.json)."""
    with open(args.units, encoding="utf-8") as f:
        units = json.load(f)["features"]
    with open("geodata/categories.json", encoding="utf-8") as f:
        category_ids = [c["id"] for c in json.load(f)["categories"]]
    tmp = tempfile.mkdtemp(prefix=prefix)
    if args.random:
        facilities_path = os.path.join(tmp, f"random-{args.random}-{args.seed}.json")
        with open(facilities_path, "w", encoding="utf-8") as f:
            json.dump(random_facilities(units, category_ids, args.random, args.seed), f)
    elif args.facilities:
        facilities_path = args.facilities
    else:
        ap.error("--facilities or --random is required")
    out_dir = args.results or os.path.join(tmp, "out")
    if not args.results:
        run_analyze(facilities_path, args.units, out_dir, args.analyze_args.split())
    with open(os.path.join(out_dir, "params.json"), encoding="utf-8") as f:
        meta = json.load(f)
    return units, facilities_path, out_dir, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_input_args(ap, 0, "check a seeded sample of N units (default all)")
    ap.add_argument("--tolerance", type=float, default=0.5, help="percentage points")
    args = ap.parse_args()
    units, facilities_path, out_dir, meta = analyzed(ap, args, "shq-acc-")
    reach = {c["id"]: c["reachM"] for c in meta["categories"]}
    complete_of = meta["completeOf"]
    statuses = set(meta["inputs"]["statuses"])
    engine = {}
    with open(os.path.join(out_dir, "coverage-units.csv"), encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            engine[(row["unit_id"], row["category"])] = float(row["covered_share_pct"])

    facs = [f for f in read_facilities(facilities_path) if f[3] in statuses]
    by_cat = {c: np.array([(f[0], f[1]) for f in facs if c in f[2]], dtype=float).reshape(-1, 2) for c in reach}

    idx = list(range(len(units)))
    if args.sample and args.sample < len(units):
        idx = sorted(random.Random(args.seed).sample(idx, args.sample))

    t0 = time.time()
    errors = []
    worst = (0.0, None, None, None, None)
    for n_done, u in enumerate(idx):
        feat = units[u]
        uid = str(feat["properties"]["id"])
        geom = shape(feat["geometry"])
        c = geom.centroid
        lng0, lat0 = c.x, c.y
        unit_m = project_geom(geom, lng0, lat0)
        unit_area = unit_m.area
        minx, miny, maxx, maxy = unit_m.bounds
        unions = {}
        for cat, r in reach.items():
            pts = by_cat[cat]
            if len(pts) == 0:
                unions[cat] = None
                continue
            # rough prefilter in degrees, then exact distance test in the projection
            dlat = (r + 5000) / 111000.0
            dlng = dlat / math.cos(math.radians(lat0))
            near = pts[(np.abs(pts[:, 0] - lng0) < dlng + (maxx - minx) / 111000.0) & (np.abs(pts[:, 1] - lat0) < dlat + (maxy - miny) / 111000.0)]
            if len(near) == 0:
                unions[cat] = None
                continue
            x, y = aeqd(lng0, lat0, near[:, 0], near[:, 1])
            keep = (x > minx - r) & (x < maxx + r) & (y > miny - r) & (y < maxy + r)
            circles = [disc(px, py, r, QUAD_SEGS) for px, py in zip(x[keep], y[keep])]
            unions[cat] = unary_union(circles) if circles else None
        checks = [(cat, unions[cat]) for cat in reach]
        region = None
        for k, cat in enumerate(complete_of):
            g = unions[cat]
            if g is None:
                region = None
                break
            region = g if k == 0 else region.intersection(g)
        checks.append(("complete", region))
        for cat, g in checks:
            oracle = 0.0 if g is None else 100.0 * unit_m.intersection(g).area / unit_area
            mine = engine[(uid, cat)]
            err = abs(mine - oracle)
            errors.append(err)
            if err > worst[0]:
                worst = (err, uid, cat, mine, oracle)
        if (n_done + 1) % 250 == 0:
            print(f"  {n_done + 1}/{len(idx)} units, max error so far {worst[0]:.4f} pp ({time.time() - t0:.0f} s)", flush=True)

    e = np.array(errors)
    print(f"accuracy check: {len(idx)} units x {len(reach) + 1} figures ({len(reach)} categories + completeness) = {len(e)} comparisons")
    print(f"facilities: {facilities_path} ({len(facs)} used); engine: {meta['engine']['version']}, cell {meta['engine']['cellSizeM']} m; {meta['paramsText']}")
    print(f"oracle: GEOS {shapely.geos.geos_version_string} via shapely {shapely.__version__}, {4 * QUAD_SEGS}-gon area-matched circles, local azimuthal equidistant per unit")
    print(f"|engine - oracle| in percentage points: max {e.max():.5f}, p99 {np.percentile(e, 99):.5f}, mean {e.mean():.6f}")
    print(f"worst: unit {worst[1]} {worst[2]}: engine {worst[3]:.4f}% vs oracle {worst[4]:.4f}%")
    ok = e.max() <= args.tolerance
    print(f"{'PASS' if ok else 'FAIL'}: every share within {args.tolerance} pp" if ok else f"FAIL: {int((e > args.tolerance).sum())} figures exceed {args.tolerance} pp")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
