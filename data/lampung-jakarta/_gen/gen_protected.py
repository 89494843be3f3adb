"""Writes ../protected.geojson: protected areas where no farm is generated.

No openly licensed boundary of these areas was available to the project, so
each outline is HAND-DRAWN from the published descriptions named in its
`outline` property (extent, bounding rivers and towns, roads that cross it)
and is approximate: expect its edge to be off by a few kilometres. Where the
area is published and lies wholly in the dataset's provinces, the outline is
scaled about its centroid until its land area (inside the province polygons)
matches the published figure; the file records the land
area it ends up with.

Run from this directory: python3 gen_protected.py
"""
import json
import math
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'protected.geojson')

AREAS = [
    dict(
        id='tn-way-kambas', name='Taman Nasional Way Kambas', kind='national_park',
        area_km2=1300, scale=True,
        area_source='1,300 km² (Ministry of Forestry, established 1989; Wikipedia "Way Kambas National Park"; FACTS.md)',
        outline='hand-drawn (approximate): a triangle of swamp and lowland forest on the east coast of Lampung Timur '
                '(indonesia-tourism.com), centred near 4°55′S 105°45′E (Wikipedia), between the Way Seputih in the north '
                'and the Way Penet in the south, the coast in the east and the villages from Rantau Jaya to Labuhan Ratu '
                'and Braja Selebah in the west; scaled to the published area',
        ring=[(105.70, -4.62), (105.88, -4.60), (105.90, -4.68), (105.87, -4.78), (105.90, -4.91), (105.87, -5.00),
              (105.86, -5.12), (105.85, -5.22), (105.76, -5.22), (105.72, -5.13), (105.73, -5.05), (105.73, -4.95),
              (105.70, -4.85), (105.68, -4.74)]),
    dict(
        id='tn-bukit-barisan-selatan', name='Taman Nasional Bukit Barisan Selatan (Lampung part)', kind='national_park',
        area_km2=3568, scale=False,
        area_source='~3,568 km² in all, in Lampung Barat, Pesisir Barat, Tanggamus and Bengkulu (FACTS.md); only the '
                    'part in Lampung is drawn, so the outline is smaller than the published area',
        outline='hand-drawn (approximate): the ridge forest from the peninsula west of Semangka Bay (Belimbing) north-west '
                'past Bengkunat and Suoh to the Krui – Liwa road and on along the Bengkulu border west of Liwa; the '
                'Kota Agung – Bengkunat road and the Krui – Liwa road cross it (Tribun Lampung 2015 reports a landslide on '
                'the Krui – Liwa road inside TNBBS); Liwa, Krui, Biha, Bengkunat, Suoh and Wonosobo are left outside',
        ring=[(104.66, -5.93), (104.60, -5.80), (104.55, -5.68), (104.50, -5.58), (104.46, -5.50), (104.40, -5.43),
              (104.30, -5.38), (104.24, -5.32), (104.20, -5.26), (104.15, -5.17), (104.08, -5.10), (104.03, -5.05),
              (103.98, -4.97), (103.92, -4.90), (103.88, -4.82), (103.80, -4.77), (103.72, -4.83), (103.78, -4.92),
              (103.85, -4.98), (103.90, -5.05), (103.95, -5.10), (104.00, -5.18), (104.04, -5.25), (104.07, -5.32),
              (104.12, -5.40), (104.20, -5.47), (104.30, -5.52), (104.35, -5.60), (104.38, -5.70), (104.45, -5.80),
              (104.55, -5.90), (104.62, -5.95)]),
    dict(
        id='tahura-wan-abdul-rachman', name='Taman Hutan Raya Wan Abdul Rachman (former Register 19 Gunung Betung)',
        kind='grand_forest_park', area_km2=222.4931, scale=True,
        area_source='22,249.31 ha (SK Menhut 408/Kpts-II/1993, as reported by darmatin.blogspot.com 2009)',
        outline='hand-drawn (approximate): the hills of G. Betung, G. Pesawaran, G. Ratai and G. Tangkit Ulu Padang Ratu '
                'west of Bandar Lampung, between Gedong Tataan (north), Kemiling (east) and Padang Cermin (south), in the '
                'districts named by the same source; scaled to the published area',
        ring=[(105.10, -5.42), (105.18, -5.41), (105.21, -5.45), (105.20, -5.52), (105.14, -5.56), (105.06, -5.54),
              (105.03, -5.47)]),
]

# land polygons: the dataset's simplified province boundaries (../admin/,
# within ~165 m of the originals), which keeps the area grid fast
polys = []
for code in ('18', '31', '36'):
    g = json.load(open(os.path.join(os.path.dirname(OUT), 'admin', 'province_%s.geojson' % code)))['features'][0]['geometry']
    for P in (g['coordinates'] if g['type'] == 'MultiPolygon' else [g['coordinates']]):
        polys.append(P[0])
bbs = [(min(p[0] for p in r), min(p[1] for p in r), max(p[0] for p in r), max(p[1] for p in r)) for r in polys]


def pip(pt, ring):
    x, y = pt
    c = False
    for i in range(len(ring)):
        x1, y1 = ring[i - 1]
        x2, y2 = ring[i]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            c = not c
    return c


def onland(pt):
    return any(bb[0] <= pt[0] <= bb[2] and bb[1] <= pt[1] <= bb[3] and pip(pt, r) for r, bb in zip(polys, bbs))


STEP = 0.005  # degrees, ~550 m grid for areas


def land_area_km2(ring):
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    n = 0
    y = min(ys) + STEP / 2
    acc = 0.0
    while y < max(ys):
        x = min(xs) + STEP / 2
        cell = (STEP * 111.195) * (STEP * 111.195 * math.cos(math.radians(y)))
        while x < max(xs):
            if pip((x, y), ring) and onland((x, y)):
                acc += cell
            x += STEP
        y += STEP
    return acc


def scaled(ring, f):
    cx = sum(p[0] for p in ring) / len(ring)
    cy = sum(p[1] for p in ring) / len(ring)
    return [(cx + (x - cx) * f, cy + (y - cy) * f) for x, y in ring]


feats = []
for a in AREAS:
    ring = a['ring']
    if a['scale']:
        lo, hi = 0.5, 2.0
        for _ in range(30):
            mid = (lo + hi) / 2
            if land_area_km2(scaled(ring, mid)) < a['area_km2']:
                lo = mid
            else:
                hi = mid
        ring = scaled(ring, (lo + hi) / 2)
    ring = [(round(x, 4), round(y, 4)) for x, y in ring]
    ring.append(ring[0])
    land = land_area_km2(ring)
    print('%-28s land area %7.1f km² (published %.1f)' % (a['id'], land, a['area_km2']))
    feats.append({'type': 'Feature', 'id': a['id'],
                  'geometry': {'type': 'Polygon', 'coordinates': [[list(p) for p in ring]]},
                  'properties': {'name': a['name'], 'kind': a['kind'], 'area_km2': a['area_km2'],
                                 'area_source': a['area_source'], 'land_area_km2': round(land, 1),
                                 'approximate': True, 'source': a['outline']}})
with open(OUT, 'w') as f:
    f.write('{"type":"FeatureCollection","features":[\n')
    f.write(',\n'.join(json.dumps(x, ensure_ascii=False, separators=(',', ':')) for x in feats))
    f.write('\n]}\n')
