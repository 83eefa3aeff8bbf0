"""The plane both GEOS checks work in (bench/geos_peer.py, scripts/accuracy_check.py).

A spherical azimuthal equidistant projection (R = 6 371 008.8 m, the engine's radius; written
out with numpy, not the engine's projection), polygons projected into it and repaired with
make_valid, and circles as GEOS polygons whose area equals the disc's exactly.
"""
import math

import numpy as np
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.validation import make_valid

R = 6371008.8


def aeqd(lng0, lat0, lng, lat):
    """Spherical azimuthal equidistant projection centred at (lng0, lat0); metres."""
    p0, l0 = math.radians(lat0), math.radians(lng0)
    p, l = np.radians(np.asarray(lat, dtype=float)), np.radians(np.asarray(lng, dtype=float))
    dl = l - l0
    cos_c = np.clip(math.sin(p0) * np.sin(p) + math.cos(p0) * np.cos(p) * np.cos(dl), -1.0, 1.0)
    c = np.arccos(cos_c)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = np.where(c > 1e-12, c / np.sin(c), 1.0)
    x = R * k * np.cos(p) * np.sin(dl)
    y = R * k * (math.cos(p0) * np.sin(p) - math.sin(p0) * np.cos(p) * np.cos(dl))
    return x, y


def project_geom(geom, lng0, lat0):
    """A (Multi)Polygon in WGS84 projected to the plane centred at (lng0, lat0), made valid."""
    def ring(coords):
        a = np.asarray(coords, dtype=float)
        x, y = aeqd(lng0, lat0, a[:, 0], a[:, 1])
        return np.column_stack([x, y])

    polys = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
    out = [Polygon(ring(p.exterior.coords), [ring(h.coords) for h in p.interiors]) for p in polys]
    g = MultiPolygon(out) if len(out) > 1 else out[0]
    return g if g.is_valid else make_valid(g)


def area_scale(quad_segs):
    """Radius factor of a circle buffered with quad_segs segments per quarter so that its area is πr².

    An n-gon inscribed in radius R' has area ½·n·R'²·sin(2π/n); R' = r · this factor makes it πr².
    """
    n = 4 * quad_segs
    return math.sqrt(2 * math.pi / (n * math.sin(2 * math.pi / n)))


def disc(x, y, r, quad_segs):
    """The disc of radius r at (x, y) as a polygon of 4 · quad_segs vertices with the disc's area."""
    return Point(x, y).buffer(r * area_scale(quad_segs), quad_segs)
