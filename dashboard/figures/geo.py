"""Screen geometry of the map, pure: the frame that fills the panel, projection to pixels, and the
placement of labels and of markers that would cover each other.

The map uses plotly's Mercator ``geo``. Plotly draws the box given by ``lonaxis.range`` x
``lataxis.range`` as large as fits into the plotting area, with ``geo.center`` in the middle; any
part of the area the box does not cover stays empty. :func:`fit` therefore widens the box of the
features to the panel's own aspect ratio, so the map fills the panel on every screen.

Knowing the frame in pixels, :func:`project` puts a lon/lat on the screen exactly where plotly
draws it, so labels can be placed without overlaps (:func:`place_labels`) and markers that would
hide each other can be spread apart with a leader line to their true place (:func:`spread`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_LAT = 84.0  # Mercator is unbounded at the poles: no frame reaches past this
MIN_SIDE, MAX_SIDE = 160, 5000  # px: a frame outside this is a tampered or broken measurement


@dataclass(frozen=True)
class Frame:
    """The map's plotting area in CSS pixels (the panel as measured in the browser)."""

    width: int = 1000
    height: int = 600

    @classmethod
    def parse(cls, value: object) -> Frame:
        """A frame from the browser's ``{"width": w, "height": h}``; anything else gives the default."""
        try:
            w, h = int(value["width"]), int(value["height"])  # type: ignore[index]
        except (KeyError, TypeError, ValueError, OverflowError):
            return cls()
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
            return cls()
        return cls(w, h)


@dataclass(frozen=True)
class Box:
    """The geographic box plotly fits into the frame, and its centre (the home view)."""

    lon: tuple[float, float]
    lat: tuple[float, float]

    @property
    def center(self) -> tuple[float, float]:
        return (self.lon[0] + self.lon[1]) / 2, (self.lat[0] + self.lat[1]) / 2


def merc(lat: float) -> float:
    """Mercator y (radians) of a latitude in degrees."""
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def inverse_merc(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)


def box_height(lat_c: float, half_lat: float, half_lon: float) -> float:
    """Height (Mercator radians) plotly gives the box: it draws the box's top edge as four great-circle
    arcs (``makeRangeBox`` in plotly.js), which bulge poleward, and fits the frame to that bulge."""
    top, bottom = lat_c + half_lat, lat_c - half_lat
    bulge = math.degrees(math.atan(math.tan(math.radians(top)) / math.cos(math.radians(2 * half_lon / 8))))
    return merc(bulge) - merc(bottom)


def _aspect(lat_c: float, half_lat: float, half_lon: float) -> float:
    return math.radians(2 * half_lon) / box_height(lat_c, half_lat, half_lon)


def fit(bounds: tuple[float, float, float, float], width: float, height: float) -> Box:
    """The box around ``bounds`` (lon0, lat0, lon1, lat1) widened to the aspect ratio ``width/height``.

    The box stays centred on the middle of ``bounds`` (in degrees, as plotly centres it), so the
    home view's centre does not depend on the screen. Plotly then fills the frame with it exactly.
    """
    lon0, lat0, lon1, lat1 = bounds
    c_lon, c_lat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    half_lon, half_lat = (lon1 - lon0) / 2, (lat1 - lat0) / 2
    aspect = width / height
    if _aspect(c_lat, half_lat, half_lon) > aspect:  # too wide for the frame: add latitude
        lo, hi = half_lat, MAX_LAT - abs(c_lat)
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _aspect(c_lat, mid, half_lon) > aspect else (lo, mid)
        half_lat = hi
    else:  # too tall: add longitude
        lo, hi = half_lon, 179.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if _aspect(c_lat, half_lat, mid) < aspect else (lo, mid)
        half_lon = lo
    return Box((c_lon - half_lon, c_lon + half_lon), (c_lat - half_lat, c_lat + half_lat))


@dataclass(frozen=True)
class Projection:
    """Lon/lat to frame pixels (origin top left) for a box, a frame and a view (centre and scale)."""

    box: Box
    width: float
    height: float
    center: tuple[float, float]
    scale: float

    @property
    def k(self) -> float:
        """Pixels per radian of longitude at this scale."""
        half_lon, half_lat = (self.box.lon[1] - self.box.lon[0]) / 2, (self.box.lat[1] - self.box.lat[0]) / 2
        fit_k = min(self.width / math.radians(2 * half_lon), self.height / box_height(self.box.center[1], half_lat,
                                                                                        half_lon))
        return fit_k * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        k = self.k
        x = self.width / 2 + math.radians(lon - self.center[0]) * k
        y = self.height / 2 - (merc(lat) - merc(self.center[1])) * k
        return x, y

    def invert(self, x: float, y: float) -> tuple[float, float]:
        k = self.k
        lon = self.center[0] + math.degrees((x - self.width / 2) / k)
        lat = inverse_merc(merc(self.center[1]) + (self.height / 2 - y) / k)
        return lon, lat

    def inside(self, x: float, y: float, margin: float = 0.0) -> bool:
        return margin <= x <= self.width - margin and margin <= y <= self.height - margin


# --------------------------------------------------------------------------- overlapping markers
@dataclass(frozen=True)
class Marker:
    key: str
    lon: float
    lat: float
    size: float  # diameter in px


def spread(markers: Sequence[Marker], proj: Projection, gap: float = 4.0,
           rounds: int = 300) -> dict[str, tuple[float, float]]:
    """Where to draw each marker so none covers another: lon/lat per key.

    Markers whose discs would touch push each other apart, half the overlap each, along the line
    between them (markers at the very same place part in a fixed direction per pair), until no
    two touch. A marker that needs no room keeps its true position; one that moved keeps as
    close to it as the others allow, so the map stays true at a glance.
    """
    pos = [list(proj(m.lon, m.lat)) for m in markers]
    n = len(markers)
    moved = [False] * n
    for _ in range(rounds):
        clash = False
        for i in range(n):
            for j in range(i + 1, n):
                need = (markers[i].size + markers[j].size) / 2 + gap
                dx, dy = pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]
                d = math.hypot(dx, dy)
                if d >= need - 0.01:
                    continue
                if d < 1e-6:  # the very same place: part along a direction fixed by the pair
                    angle = (i * 2.399963 + j * 0.7) % math.tau
                    dx, dy, d = math.cos(angle), math.sin(angle), 1.0
                push = (need - d) / 2 + 0.05
                ux, uy = dx / d, dy / d
                pos[i][0] -= push * ux
                pos[i][1] -= push * uy
                pos[j][0] += push * ux
                pos[j][1] += push * uy
                moved[i] = moved[j] = clash = True
        if not clash:
            break
    return {m.key: (proj.invert(*pos[k]) if moved[k] else (m.lon, m.lat)) for k, m in enumerate(markers)}


# --------------------------------------------------------------------------- labels
CHAR_EM = 0.56  # average glyph width of the UI font (DejaVu Sans, measured in Chromium), in em
TEXT_PAD = 6  # px added to each label's width: bold text and rounding
LINE_EM = 1.25


@dataclass(frozen=True)
class LabelRequest:
    """A label to place beside a point (in priority order: the first ones win a contested spot)."""

    key: str
    text: str
    lon: float
    lat: float
    clearance: float  # px from the point to the label's near edge (the marker's radius and a little)
    size: float = 13.0


@dataclass(frozen=True)
class PlacedLabel:
    key: str
    text: str
    lon: float
    lat: float
    position: str  # plotly textposition
    rect: tuple[float, float, float, float]  # where it is drawn, in frame pixels
    clearance: float


# textposition -> where the label box sits relative to the point (dx, dy sign) ; right first, as people read
POSITIONS = ("middle right", "middle left", "top center", "bottom center",
             "top right", "bottom right", "top left", "bottom left")

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


LABEL_GAP = 2.0  # px kept free between labels (browsers round text boxes differently)


def _overlaps(a: Rect, b: Rect, gap: float = LABEL_GAP) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def label_rect(x: float, y: float, text: str, size: float, clearance: float, position: str) -> Rect:
    """Where plotly draws a text at ``position`` off a point (``clearance`` px away, as plotly offsets it)."""
    w, h = len(text) * size * CHAR_EM + TEXT_PAD, size * LINE_EM
    vertical, horizontal = position.split(" ")
    if horizontal == "right":
        x0 = x + clearance
    elif horizontal == "left":
        x0 = x - clearance - w
    else:
        x0 = x - w / 2
    if vertical == "top":
        y0 = y - clearance - h
    elif vertical == "bottom":
        y0 = y + clearance
    else:
        y0 = y - h / 2
    return x0, y0, x0 + w, y0 + h


def place_labels(requests: Iterable[LabelRequest], proj: Projection, obstacles: Iterable[Rect] = (),
                 margin: float = 4.0) -> list[PlacedLabel]:
    """Greedy placement: each label takes the first of four spots that is inside the frame and free.

    ``obstacles`` (markers, other text) are avoided; a label that fits nowhere is left out, so
    zooming in (points further apart) shows more labels.
    """
    taken = list(obstacles)
    placed: list[PlacedLabel] = []
    done: set[str] = set()
    for req in requests:
        if req.key in done:  # a route offers several anchors: the first that fits wins
            continue
        x, y = proj(req.lon, req.lat)
        if not proj.inside(x, y):
            continue
        for position in POSITIONS:
            rect = label_rect(x, y, req.text, req.size, req.clearance, position)
            inside = rect[0] >= margin and rect[1] >= margin and rect[2] <= proj.width - margin
            inside = inside and rect[3] <= proj.height - margin
            if inside and not any(_overlaps(rect, t) for t in taken):
                taken.append(rect)
                done.add(req.key)
                placed.append(PlacedLabel(req.key, req.text, req.lon, req.lat, position, rect, req.clearance))
                break
    return placed


def marker_rect(x: float, y: float, size: float) -> Rect:
    r = size / 2
    return x - r, y - r, x + r, y + r
