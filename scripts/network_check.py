#!/usr/bin/python3
"""Independent check of the network walking model (README "Street network") with networkx and GEOS (shapely).

Input: the JSON written by scripts/network-check-data.ts (the graph, the facilities and the
engine's answers). Everything is recomputed here from the graph and the facilities, with
code that shares nothing with the engine:

- edge lengths: haversine sums on the sphere R = 6 371 008.8 m;
- linking: nearest point on the edges' polylines (shapely, in a local azimuthal equidistant
  projection written out with numpy), access leg = that distance;
- node times: networkx multi-source Dijkstra (a super-source joined to each edge end by the
  access leg plus the walk along the edge); |engine - networkx| / speed must be <= 0.5 s;
- coverage: per category, discs along the reached edges (README "Street network"): the pieces of every
  segment with d(q) <= T - trim buffered by the trim (LineString.buffer is the union of those
  discs), plus discs of radius T - d(q) sampled every 2 m where T - trim < d(q) <= T, plus the
  facilities' own discs; GEOS union, intersection with each unit's land inside the network's
  extent, area. Completeness is the intersection over the selected categories.
  |engine share - GEOS share| must be <= 0.5 pp for every unit and figure.
- residents' isochrones (--isochrones N): each place linked and walked here, its 5/10/15-minute
  area built the same way (one source: the place, start cost = its access leg), compared with
  the engine's polygons as drawn: |area difference| <= 0.5 %, symmetric difference <= 1 % of the
  area, outlines within two lattice steps of each other (Hausdorff: an uncovered inlet narrower
  than a step can be closed over by the lattice).

Usage:
  npx tsx scripts/network-check-data.ts --network geodata/renminguangchang-drive-2026.osm --out /tmp/nc.json
  /usr/bin/python3 scripts/network_check.py /tmp/nc.json
  npx tsx scripts/network-check-data.ts --generated 60 --seed 3 --out /tmp/gen.json && /usr/bin/python3 scripts/network_check.py /tmp/gen.json
  npx tsx scripts/network-check-data.ts --isochrones 6 --out /tmp/iso.json && /usr/bin/python3 scripts/network_check.py /tmp/iso.json
Exit status 1 when a tolerance is exceeded.
"""
import json
import math
import sys
import time

import networkx as nx
import numpy as np
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.ops import unary_union

R = 6371008.8
SPEED_MPS_DEFAULT = 4.5 / 3.6


def hav(a, b):
    l1, p1 = math.radians(a[0]), math.radians(a[1])
    l2, p2 = math.radians(b[0]), math.radians(b[1])
    s = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(s)))


class Aeqd:
    def __init__(self, lng0, lat0):
        self.p0, self.l0 = math.radians(lat0), math.radians(lng0)

    def __call__(self, lng, lat):
        p, l = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lng, float))
        dl = l - self.l0
        cos_c = np.clip(math.sin(self.p0) * np.sin(p) + math.cos(self.p0) * np.cos(p) * np.cos(dl), -1, 1)
        c = np.arccos(cos_c)
        k = np.where(c > 1e-12, c / np.sin(np.where(c > 1e-12, c, 1)), 1.0)
        return R * k * np.cos(p) * np.sin(dl), R * k * (math.cos(self.p0) * np.sin(p) - math.sin(self.p0) * np.cos(p) * np.cos(dl))


def edge_offsets(coords):
    off = [0.0]
    for a, b in zip(coords, coords[1:]):
        off.append(off[-1] + hav(a, b))
    return off


def dijkstra(n_nodes, edges, seeds, cutoff):
    """seeds: list of (node, cost). Returns dict node -> distance (metres)."""
    G = nx.DiGraph()
    G.add_nodes_from(range(n_nodes))
    for e in edges:
        u, v, w, d = e["u"], e["v"], e["len_py"], e["dir"]
        if d >= 0:
            if not G.has_edge(u, v) or G[u][v]["weight"] > w:
                G.add_edge(u, v, weight=w)
        if d <= 0:
            if not G.has_edge(v, u) or G[v][u]["weight"] > w:
                G.add_edge(v, u, weight=w)
    S = n_nodes
    for node, cost in seeds:
        if not G.has_edge(S, node) or G[S][node]["weight"] > cost:
            G.add_edge(S, node, weight=cost)
    dist = nx.single_source_dijkstra_path_length(G, S, cutoff=cutoff, weight="weight")
    dist.pop(S, None)
    return dist


def plane_edges(g):
    """The edges in a local azimuthal equidistant plane, with haversine offsets along each polyline."""
    lng0 = sum(n[0] for n in g["nodes"]) / len(g["nodes"])
    lat0 = sum(n[1] for n in g["nodes"]) / len(g["nodes"])
    proj = Aeqd(lng0, lat0)
    edges = g["edges"]
    lines = []
    for e in edges:
        e["off"] = edge_offsets(e["coords"])
        e["len_py"] = e["off"][-1]
        c = np.asarray(e["coords"])
        x, y = proj(c[:, 0], c[:, 1])
        e["xy"] = np.column_stack([x, y])
        lines.append(LineString(e["xy"]))
    return proj, edges, lines


def link_point(edges, lines, p, access):
    """Nearest point on an edge within `access` (shapely distances): (edge, offset, access leg, point) or None."""
    best = None
    for k in range(len(lines)):
        d = lines[k].distance(p)
        if d <= access and (best is None or d < best[0] - 1e-9):
            best = (d, k)
    if best is None:
        return None
    d, k = best
    e = edges[k]
    # offset: along the polyline, geodesic per segment, in proportion inside the segment
    xy = e["xy"]
    bestseg = None
    for s in range(len(xy) - 1):
        seg = LineString([xy[s], xy[s + 1]])
        ds = seg.distance(p)
        if bestseg is None or ds < bestseg[0] - 1e-9:
            t = seg.project(p) / seg.length if seg.length > 0 else 0.0
            bestseg = (ds, s, t)
    _, s, t = bestseg
    off = e["off"][s] + t * (e["off"][s + 1] - e["off"][s])
    at = xy[s] + t * (xy[s + 1] - xy[s])
    return k, off, d, at


def covered_parts(edges, dist, on_edge, T, trim):
    """Discs along the reached edges (README "Street network"): the pieces of every segment with
    d(q) <= T - trim buffered by the trim, and discs of radius T - d(q) every 2 m where
    T - trim < d(q) <= T. on_edge: edge -> [(offset, start cost)] of the sources linked on it."""
    # the model's d along an edge, written out: min over both ends and the facilities on it
    def d_at(k, o):
        e = edges[k]
        L = e["len_py"]
        best = math.inf
        if e["dir"] != -1:
            best = min(best, dist.get(e["u"], math.inf) + o)
        if e["dir"] != 1:
            best = min(best, dist.get(e["v"], math.inf) + L - o)
        for fo, fc in on_edge.get(k, []):
            if e["dir"] == 1 and o < fo:
                continue
            if e["dir"] == -1 and o > fo:
                continue
            best = min(best, fc + abs(o - fo))
        return best

    parts = []
    for k, e in enumerate(edges):
        du, dv = dist.get(e["u"], math.inf), dist.get(e["v"], math.inf)
        if min(du, dv) > T and k not in on_edge:
            continue
        xy, off = e["xy"], e["off"]
        for s in range(len(xy) - 1):
            o0, o1 = off[s], off[s + 1]
            seglen = o1 - o0
            n = max(2, int(math.ceil(seglen / 1.0)) + 1)
            os_ = np.linspace(o0, o1, n)
            ds = np.array([d_at(k, o) for o in os_])
            pts = xy[s] + np.outer((os_ - o0) / seglen if seglen > 0 else np.zeros(n), xy[s + 1] - xy[s])
            inside = ds <= T - trim
            # runs of the capsule part, with the ends where d crosses T - trim interpolated
            j = 0
            while j < n:
                if not inside[j]:
                    j += 1
                    continue
                a = j
                while j + 1 < n and inside[j + 1]:
                    j += 1
                b = j
                def cross(i_in, i_out):
                    t = (T - trim - ds[i_in]) / (ds[i_out] - ds[i_in])
                    return pts[i_in] + t * (pts[i_out] - pts[i_in])
                pa = cross(a, a - 1) if a > 0 else pts[a]
                pb = cross(b, b + 1) if b < n - 1 else pts[b]
                if np.hypot(*(pb - pa)) < 1e-9:
                    parts.append(Point(pa).buffer(trim, resolution=64))
                else:
                    parts.append(LineString([pa, pb]).buffer(trim, resolution=64))
                j += 1
            # the tail: discs of radius T - d every 2 m
            step = max(1, int(round(2.0 / max(seglen / (n - 1), 1e-9)))) if n > 1 else 1
            for j2 in range(0, n, step):
                if T - trim < ds[j2] <= T:
                    parts.append(Point(pts[j2]).buffer(T - ds[j2], resolution=32))
    return parts


def check_dijkstra(data, speed_mps):
    g = data["graph"]
    for e in g["edges"]:
        e["len_py"] = sum(hav(a, b) for a, b in zip(e["coords"], e["coords"][1:]))
    dlen = max(abs(e["len_py"] - e["len"]) for e in g["edges"])
    t0 = time.time()
    dist = dijkstra(len(g["nodes"]), g["edges"], data["seeds"], data["cutoff"])
    ms = (time.time() - t0) * 1000
    worst = 0.0
    mism = 0
    for n, ours in enumerate(data["dist"]):
        theirs = dist.get(n)
        if ours is None and theirs is None:
            continue
        if ours is None or theirs is None:
            # one side just over the cutoff by rounding is fine
            other = ours if theirs is None else theirs
            if abs(other - data["cutoff"]) > 0.01:
                mism += 1
            continue
        worst = max(worst, abs(ours - theirs) / speed_mps)
    print(f"dijkstra: {len(g['nodes'])} nodes, {len(g['edges'])} edges, {len(data['seeds'])} seeds; "
          f"max |edge length diff| {dlen:.6f} m; max |dt| {worst:.6f} s; reached-set mismatches {mism}; networkx {ms:.0f} ms")
    return worst <= 0.5 and mism == 0 and dlen < 0.01


def check_isochrones(data):
    """Residents' isochrones: the place linked and walked with networkx, the covered area built
    with GEOS (covered_parts, plus the disc of radius T - a at the link point when the access
    leg a is in (T - trim, T]), compared with the engine's polygons as drawn: area, symmetric
    difference and the largest distance between the two outlines (Hausdorff)."""
    speed, trim = data["speed_mpm"], data["trim"]
    proj, edges, lines = plane_edges(data["graph"])
    worst = {"area": (0.0, ""), "sym": (0.0, ""), "haus": (0.0, ""), "prop": (0.0, "")}
    n_cmp = 0
    link_diff = 0.0
    for pi, pl in enumerate(data["places"]):
        px, py = proj(pl["lng"], pl["lat"])
        found = link_point(edges, lines, Point(float(px), float(py)), data["access"])
        if found is None:
            print(f"place {pi}: not linked here, linked by the engine (access {pl['access']:.1f} m)")
            return False
        k, off, acc, at = found
        link_diff = max(link_diff, abs(acc - pl["access"]))
        e = edges[k]
        seeds = []
        if e["dir"] != 1:
            seeds.append((e["u"], acc + off))
        if e["dir"] != -1:
            seeds.append((e["v"], acc + e["len_py"] - off))
        T_max = max(f["properties"]["minutes"] for f in pl["features"]) * speed
        dist = dijkstra(len(data["graph"]["nodes"]), edges, seeds, T_max)
        for f in pl["features"]:
            T = f["properties"]["minutes"] * speed
            parts = covered_parts(edges, dist, {k: [(off, acc)]}, T, trim)
            if T - trim < acc <= T:
                parts.append(Point(at).buffer(T - acc, resolution=64))
            geos = unary_union(parts) if parts else Polygon()
            # the engine's polygon, projected into the same plane
            polys = [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon" else f["geometry"]["coordinates"]
            pp = []
            for poly in polys:
                rings = []
                for ring in poly:
                    c = np.asarray(ring)
                    x, y = proj(c[:, 0], c[:, 1])
                    rings.append(np.column_stack([x, y]))
                pp.append(Polygon(rings[0], rings[1:]))
            eng = unary_union(pp) if pp else Polygon()
            if not eng.is_valid:
                print(f"place {pi} {f['properties']['minutes']} min: the engine's polygon is not valid")
                return False
            n_cmp += 1
            ga = geos.area
            what = f"place {pi} ({pl['lng']:.5f},{pl['lat']:.5f}) {f['properties']['minutes']} min: GEOS {ga / 1e6:.4f} km2, engine {eng.area / 1e6:.4f} km2"
            vals = {
                "area": 100 * abs(eng.area - ga) / ga if ga > 0 else (0.0 if eng.area == 0 else math.inf),
                "sym": 100 * eng.symmetric_difference(geos).area / ga if ga > 0 else 0.0,
                "haus": eng.boundary.hausdorff_distance(geos.boundary) if ga > 0 and eng.area > 0 else 0.0,
                "prop": 100 * abs(f["properties"]["area_km2"] * 1e6 - ga) / ga if ga > 0 else 0.0,
            }
            for key, v in vals.items():
                if v > worst[key][0]:
                    worst[key] = (v, what)
    print(f"isochrones: {len(data['places'])} places x 3 = {n_cmp} polygons on {data['file']} (lattice {data['step']} m); max |access leg diff| {link_diff:.4f} m")
    print(f"  max |engine area - GEOS area| {worst['area'][0]:.3f} % ({worst['area'][1]})")
    print(f"  max area of the symmetric difference {worst['sym'][0]:.3f} % of GEOS ({worst['sym'][1]})")
    print(f"  max distance between the outlines (Hausdorff) {worst['haus'][0]:.2f} m ({worst['haus'][1]})")
    print(f"  max |area_km2 property - GEOS| {worst['prop'][0]:.3f} %")
    # tolerances: the outline is traced on a lattice (step h): its vertices lie on the lattice
    # edges, so it cuts arcs and corners by a fraction of h, and an uncovered inlet or gap narrower
    # than h between two capsules can be closed over (its depth is then the distance between outlines)
    return link_diff <= 0.5 and worst["area"][0] <= 0.5 and worst["sym"][0] <= 1.0 and worst["haus"][0] <= 2 * data["step"] and worst["prop"][0] <= 0.5


def main(path):
    data = json.load(open(path))
    if data["kind"] in ("dijkstra", "isochrone"):
        ok = check_dijkstra(data, SPEED_MPS_DEFAULT) if data["kind"] == "dijkstra" else check_isochrones(data)
        print("OK" if ok else "FAIL")
        return 0 if ok else 1
    speed = data["speed_mpm"]
    trim = data["trim"]
    g = data["graph"]
    proj, edges, lines = plane_edges(g)
    dlen = max(abs(e["len_py"] - e["len"]) for e in edges)
    print(f"edge lengths: max |engine - haversine| {dlen:.6f} m over {len(edges)} edges")
    ok = dlen < 0.01

    # --- linking
    links = []
    worst_access = 0.0
    link_mismatch = 0
    for i, f in enumerate(data["facilities"]):
        fx, fy = proj(f["lng"], f["lat"])
        found = link_point(edges, lines, Point(float(fx), float(fy)), data["access"])
        ours = data["links"][i]
        if found is None:
            links.append(None)
            if ours is not None:
                link_mismatch += 1
            continue
        k, off, d, _ = found
        links.append((k, off, d))
        if ours is None:
            link_mismatch += 1
        else:
            worst_access = max(worst_access, abs(ours["access"] - d))
    print(f"linking: {sum(1 for l in links if l)} of {len(links)} linked; max |access leg diff| {worst_access:.4f} m; link mismatches {link_mismatch}")
    ok = ok and worst_access <= 0.5 and link_mismatch == 0

    # --- per category: networkx times and the GEOS covered area
    covered = {}
    worst_dt = 0.0
    for cat in data["categories"]:
        T = cat["budget_m"]
        members = [i for i, f in enumerate(data["facilities"]) if cat["id"] in f["categories"] and links[i]]
        seeds = []
        on_edge = {}
        for i in members:
            k, off, acc = links[i]
            e = edges[k]
            if e["dir"] != 1:
                seeds.append((e["u"], acc + off))
            if e["dir"] != -1:
                seeds.append((e["v"], acc + e["len_py"] - off))
            on_edge.setdefault(k, []).append((off, acc))
        dist = dijkstra(len(g["nodes"]), edges, seeds, cat["cutoff_m"]) if seeds else {}
        for n, ours in enumerate(cat["dist"]):
            th = dist.get(n)
            if ours is None and th is None:
                continue
            if ours is None or th is None:
                other = ours if th is None else th
                if abs(other - cat["cutoff_m"]) > 0.05:
                    worst_dt = max(worst_dt, 1e9)
                continue
            worst_dt = max(worst_dt, abs(ours - th) / (speed / 60))
        parts = covered_parts(edges, dist, on_edge, T, trim)
        for i in members:
            k, off, acc = links[i]
            if T - trim < acc <= T:
                fx, fy = proj(data["facilities"][i]["lng"], data["facilities"][i]["lat"])
                parts.append(Point(float(fx), float(fy)).buffer(T - acc, resolution=64))
        covered[cat["id"]] = unary_union(parts) if parts else Polygon()
    print(f"node times vs networkx: max |dt| {worst_dt:.6f} s over {len(data['categories'])} categories")
    ok = ok and worst_dt <= 0.5
    complete = covered[data["complete_of"][0]]
    for cid in data["complete_of"][1:]:
        complete = complete.intersection(covered[cid])
    covered["complete"] = complete

    cells = []
    for ring in data["extent_cells"]:
        c = np.asarray(ring)
        x, y = proj(c[:, 0], c[:, 1])
        cells.append(Polygon(np.column_stack([x, y])))
    extent = unary_union(cells)
    worst = (0.0, None)
    n_cmp = 0
    for u in data["units"]:
        geom = shape(u["geometry"])
        polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
        pp = []
        for poly in polys:
            ext = np.asarray(poly.exterior.coords)
            x, y = proj(ext[:, 0], ext[:, 1])
            holes = []
            for h in poly.interiors:
                hc = np.asarray(h.coords)
                hx, hy = proj(hc[:, 0], hc[:, 1])
                holes.append(np.column_stack([hx, hy]))
            pp.append(Polygon(np.column_stack([x, y]), holes))
        land = unary_union(pp).intersection(extent)
        area = land.area
        if area <= 0:
            continue
        for sid, ours in u["shares"].items():
            geos = 100 * land.intersection(covered[sid]).area / area
            diff = abs(geos - ours)
            n_cmp += 1
            if diff > worst[0]:
                worst = (diff, f"{u['id']} {sid}: engine {ours:.3f} % vs GEOS {geos:.3f} %")
    print(f"coverage: {len(data['units'])} units x {len(covered)} figures = {n_cmp} comparisons; max |engine - GEOS| {worst[0]:.4f} pp ({worst[1]})")
    ok = ok and worst[0] <= 0.5
    print("OK" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
