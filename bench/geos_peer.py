#!/usr/bin/python3
"""The GEOS peer of `npm run bench`: what a GIS analyst would run (PostGIS / shapely).

Input (JSON file, written by bench/coverage.bench.ts): units (GeoJSON geometries, WGS84),
facilities ([lng, lat, [category index …]]), reach per category (metres, the engine's
per-category radii), the category indices completeness needs. Pipeline:

  0. (prepared once per unit set, timed apart as prep_ms, like the engine's grid) project the
     units to one plane: a spherical azimuthal equidistant projection centred on the units
     (R = 6 371 008.8 m; numpy, not the engine's projection), repaired with make_valid;
  1. (timed as ms from here on) project the facilities to the same plane;
  2. per category: a circle per facility (shapely buffer, 16 segments per quarter = shapely's
     and PostGIS's usual resolution; radius scaled so the 64-gon has the disc's exact area),
     an STR tree over the circles;
  3. per unit: the circles whose boxes touch the unit from the tree, unary_union, intersection
     with the unit, area; completeness = intersection of the categories' clipped unions.

Output (stdout, one JSON object): ms, cpu_ms (this process's CPU time over the same span; the
medians when argv[2] asks for several runs, runs_ms every run's), prep_ms, peak_mb (this process), geos version, shares[u][s]
(categories, then completeness). Debian's /usr/bin/python3 with python3-shapely (1.8, GEOS 3.11).
"""
import json
import os
import resource
import sys
import time

import shapely.geos
from shapely.geometry import shape
from shapely.ops import unary_union
from shapely.strtree import STRtree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from geos_plane import aeqd, disc, project_geom  # noqa: E402  (shared with scripts/accuracy_check.py)

QUAD_SEGS = 16


def peak_rss_mb():
    """This process's peak resident memory since it started Python (Linux VmHWM). Not ru_maxrss:
    Linux carries that over exec from the forked parent, so a child of a 390 MB Node process
    reported 390 MB whatever it used."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed_run(units, facilities, reach, complete, lng0, lat0):
    """Steps 1–3: the shares of every unit (categories, then completeness)."""
    C = len(reach)
    fx, fy = aeqd(lng0, lat0, [f[0] for f in facilities], [f[1] for f in facilities])
    trees = []
    for c in range(C):
        circles = [disc(fx[i], fy[i], reach[c], QUAD_SEGS) for i, f in enumerate(facilities) if c in f[2]]
        trees.append((STRtree(circles), circles) if circles else None)
    shares = []
    for unit in units:
        area = unit.area
        row = []
        clipped = []
        for c in range(C):
            t = trees[c]
            region = None
            if t is not None:
                tree, circles = t
                near = [circles[i] for i in tree.query_items(unit)]
                if near:
                    region = unary_union(near).intersection(unit)
            clipped.append(region)
            row.append(region.area / area if region is not None and area > 0 else 0.0)
        region = None
        for k, c in enumerate(complete):
            g = clipped[c]
            if g is None or g.is_empty:
                region = None
                break
            region = g if k == 0 else region.intersection(g)
        row.append(region.area / area if region is not None and area > 0 else 0.0)
        shares.append(row)
    return shares


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    unit_geoms = [shape(g) for g in data["units"]]
    facilities = data["facilities"]
    reach = data["reach"]
    complete = data["complete"]

    t0 = time.perf_counter()
    lng_min = min(g.bounds[0] for g in unit_geoms)
    lat_min = min(g.bounds[1] for g in unit_geoms)
    lng_max = max(g.bounds[2] for g in unit_geoms)
    lat_max = max(g.bounds[3] for g in unit_geoms)
    lng0, lat0 = (lng_min + lng_max) / 2, (lat_min + lat_max) / 2
    units = [project_geom(g, lng0, lat0) for g in unit_geoms]
    prep_ms = (time.perf_counter() - t0) * 1000
    # the timed part `runs` times (argv[2], default 1), each from the facilities' projection on;
    # the median is reported, like the engine's median of its runs
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    times, cpus = [], []
    for _ in range(runs):
        t1 = time.perf_counter()
        c1 = time.process_time()
        shares = timed_run(units, facilities, reach, complete, lng0, lat0)
        times.append((time.perf_counter() - t1) * 1000)
        cpus.append((time.process_time() - c1) * 1000)
    ms = sorted(times)[len(times) // 2]
    cpu_ms = sorted(cpus)[len(cpus) // 2]
    peak_mb = peak_rss_mb()
    json.dump({"ms": ms, "cpu_ms": cpu_ms, "runs_ms": times, "prep_ms": prep_ms, "peak_mb": peak_mb, "geos": ".".join(map(str, shapely.geos.geos_version)), "shares": shares}, sys.stdout)


if __name__ == "__main__":
    main()
