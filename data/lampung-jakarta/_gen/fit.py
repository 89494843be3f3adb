"""Fit hand-placed road lines to published lengths.

The hand-placed vertices in net.py follow each road's alignment only at the
scale of towns and interchanges, so a line drawn through them is shorter than
the road: it lacks the bends between vertices. A fit adds that missing shape:
every segment between two hand-placed vertices gets a zigzag of peaks about
2 km apart, offset sideways by a fraction r of the half-spacing, and r is
solved (bisection) so that the spans named by the fit measure the published
length. The ratio of a zigzag to its chord is sqrt(1 + r^2) on every segment,
so the added length is spread evenly along the road instead of piling up in
one place. Peaks that would fall in the sea are mirrored to the other side of
the road, or dropped if both sides are at sea. The bends are approximate (they
are not traced from a map); only each span's total length is fitted.

The result is deterministic: no randomness, and the fits run in the order
they are listed.
"""
import math

EARTH_R = 6371008.8
M_PER_DEG = EARTH_R * math.pi / 180
PEAK_SPACING = 2000.0  # metres between zigzag peaks
TOLERANCE = 0.001      # relative error of a fitted total


def hav(a, b):
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dla = la2 - la1
    dlo = math.radians(b[0] - a[0])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * EARTH_R * math.asin(math.sqrt(min(1, h)))


def length(pts):
    return sum(hav(pts[i - 1], pts[i]) for i in range(1, len(pts)))


def meander(pts, r, onland):
    """Returns pts with zigzag peaks inserted between consecutive vertices;
    the original vertices keep their order and position (see vertex_index)."""
    if r <= 0:
        return list(pts)
    out = [pts[0]]
    for k in range(1, len(pts)):
        a, b = pts[k - 1], pts[k]
        L = hav(a, b)
        n = max(1, round(L / PEAK_SPACING))
        c = math.cos(math.radians((a[1] + b[1]) / 2))
        dx, dy = (b[0] - a[0]) * c * M_PER_DEG, (b[1] - a[1]) * M_PER_DEG
        if L == 0:
            out.append(b)
            continue
        nx, ny = -dy / L, dx / L  # unit normal, metres
        off = r * L / (2 * n)
        for i in range(n):
            f = (i + 0.5) / n
            base = (a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f)
            sign = 1 if (i + k) % 2 == 0 else -1
            peak = None
            for s in (sign, -sign):
                q = (base[0] + s * off * nx / (c * M_PER_DEG), base[1] + s * off * ny / M_PER_DEG)
                if onland(q):
                    peak = q
                    break
            out.append(peak if peak is not None else base)
        out.append(b)
    return out


def solve(total_for, target):
    """Finds r >= 0 with total_for(r) == target (within TOLERANCE)."""
    lo, hi = 0.0, 0.05
    if total_for(0) >= target * (1 - TOLERANCE):
        return 0.0
    while total_for(hi) < target:
        lo, hi = hi, hi * 2
        if hi > 8:
            raise ValueError('cannot reach %.1f km' % (target / 1000))
    for _ in range(60):
        mid = (lo + hi) / 2
        if total_for(mid) < target:
            lo = mid
        else:
            hi = mid
        if abs(total_for(hi) / target - 1) < TOLERANCE / 10:
            break
    return hi


def vertex_index(pts, r):
    """Index in meander(pts, r, …) of each of pts' vertices."""
    idx = [0]
    for k in range(1, len(pts)):
        L = hav(pts[k - 1], pts[k])
        n = 0 if (r <= 0 or L == 0) else max(1, round(L / PEAK_SPACING))
        idx.append(idx[-1] + n + 1)
    return idx
