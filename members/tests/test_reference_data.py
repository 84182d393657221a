import json
import struct

from members.data.build_communes import contour_of, read_wkb, simplify
from members.reference import data_file


def wkb_polygon(points, srid=None):
    kind = 3 | (0x20000000 if srid else 0)
    data = struct.pack("<BI", 1, kind) + (struct.pack("<I", srid) if srid else b"")
    data += struct.pack("<II", 1, len(points)) + b"".join(struct.pack("<dd", x, y) for x, y in points)
    return data.hex()


def test_read_wkb_polygon_multipolygon_and_point():
    square = [(0.0, 47.0), (1.0, 47.0), (1.0, 48.0), (0.0, 48.0), (0.0, 47.0)]
    assert read_wkb(wkb_polygon(square)) == ("Polygon", [square])
    assert read_wkb(wkb_polygon(square, srid=4326)) == ("Polygon", [square])
    multi = (struct.pack("<BII", 1, 6, 2) + bytes.fromhex(wkb_polygon(square)) * 2).hex()
    kind, polygons = read_wkb(multi)
    assert kind == "MultiPolygon" and len(polygons) == 2
    point = struct.pack("<BIdd", 1, 1, -0.55, 47.47).hex()
    assert read_wkb(point) == ("Point", (-0.55, 47.47))


def test_simplify_drops_points_within_tolerance_and_keeps_the_ring_closed():
    ring = [(0.0, 0.0), (0.5, 0.0001), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    simplified = simplify(ring, 0.001)
    assert (0.5, 0.0001) not in simplified
    assert simplified[0] == simplified[-1]
    assert len(contour_of(("Polygon", [ring]))[0]) >= 4


def test_committed_data_file_is_small_complete_and_credited():
    path = data_file("49")
    assert path.stat().st_size < 1_000_000
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert "Licence Ouverte" in payload["licence"]
    communes = payload["communes"]
    assert len(communes) > 150
    assert all(commune["insee_code"].startswith("49") for commune in communes)
    assert all(commune["contour"] for commune in communes)
