#!/usr/bin/env python3
"""Derives the compact base map embedded in contested-serve from ../shared/data/geo.

Run from the repo root: python3 crates/serve/assets/geo/make_geo.py
Writes countries.geojson (Natural Earth 1:50m via world-atlas, clipped to the
South Caucasus window) and districts.geojson (geoBoundaries AZE ADM2,
simplified), coordinates rounded to 3 decimals (about 100 m), which is finer
than the simplified sources themselves.
"""
import json, os, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("CONTESTED_SHARED", os.path.join(ROOT, "../../../../../shared"))
GEO = os.path.join(SHARED, "data/geo")
WINDOW = (42.5, 37.5, 52.0, 43.0)  # lon_min, lat_min, lon_max, lat_max
COUNTRIES = {"031": "Azerbaijan", "051": "Armenia", "268": "Georgia", "364": "Iran", "792": "Turkey", "643": "Russia"}


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def ring(arcs, indexes):
    pts = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(arc if not pts else arc[1:])
    return pts


def inside_window(pts):
    lo0, la0, lo1, la1 = WINDOW
    return any(lo0 <= x <= lo1 and la0 <= y <= la1 for x, y in pts)


def rounded(pts):
    out = []
    for x, y in pts:
        p = [round(x, 3), round(y, 3)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def countries():
    topo = json.load(open(os.path.join(GEO, "world-atlas/countries-50m.json")))
    arcs = decode_arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g.get("id") not in COUNTRIES:
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        kept = []
        for poly in polys:
            rings = [ring(arcs, r) for r in poly]
            if inside_window(rings[0]):
                kept.append([rounded(r) for r in rings])
        features.append({"type": "Feature", "id": g["id"],
                         "properties": {"name": COUNTRIES[g["id"]]},
                         "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return {"type": "FeatureCollection", "features": features}


def districts():
    src = json.load(open(os.path.join(GEO, "geoboundaries/geoBoundaries-AZE-ADM2_simplified.derived.geojson")))
    features = []
    for f in src["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        p = f["properties"]
        features.append({"type": "Feature", "id": p["shapeID"],
                         "properties": {"name": p["shapeName"]},
                         "geometry": {"type": "MultiPolygon",
                                      "coordinates": [[rounded(r) for r in poly] for poly in polys]}})
    return {"type": "FeatureCollection", "features": features}


for name, data in (("countries.geojson", countries()), ("districts.geojson", districts())):
    with open(os.path.join(ROOT, name), "w") as out:
        json.dump(data, out, separators=(",", ":"))
    print(name, os.path.getsize(os.path.join(ROOT, name)), "bytes", file=sys.stderr)
