"""Greedy label placement: each label takes the first free spot around its point, or none."""

from __future__ import annotations

import re
from dataclasses import dataclass

CHAR_WIDTH = 6.1  # px per character at the map's 11 px font (a generous estimate)
LABEL_HEIGHT = 13.0
_GENERIC = re.compile(
    r"^(cabinet( médical| medical)?|maison (de santé|médicale)( pluriprofessionnelle)?|msp|"
    r"centre (de santé|médical)|pôle de santé|antenne)\s+(de la |de l'|des |du |de |d')?",
    re.IGNORECASE,
)


def short_name(name: str, max_chars: int = 24) -> str:
    """A map label: "Cabinet médical de Riscle" -> "Riscle"; long names are cut with an ellipsis."""
    text = _GENERIC.sub("", name).strip() or name
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass(frozen=True)
class Placed:
    """A label's text anchor (x, baseline y), its `text-anchor` and its box."""

    x: float
    y: float
    anchor: str
    box: Box


def _candidates(x: float, y: float, r: float, width: float) -> list[Placed]:
    h, gap = LABEL_HEIGHT, 2.0
    spots = [  # right, left, above, below, then the four diagonals
        (x + r + gap, y + 4, "start", Box(x + r + gap, y - h / 2, x + r + gap + width, y + h / 2)),
        (x - r - gap, y + 4, "end", Box(x - r - gap - width, y - h / 2, x - r - gap, y + h / 2)),
        (x, y - r - gap - 2, "middle", Box(x - width / 2, y - r - gap - h, x + width / 2, y - r - gap)),
        (x, y + r + gap + 10, "middle", Box(x - width / 2, y + r + gap, x + width / 2, y + r + gap + h)),
        (x + r, y - r - 2, "start", Box(x + r, y - r - h, x + r + width, y - r)),
        (x - r, y - r - 2, "end", Box(x - r - width, y - r - h, x - r, y - r)),
        (x + r, y + r + 10, "start", Box(x + r, y + r, x + r + width, y + r + h)),
        (x - r, y + r + 10, "end", Box(x - r - width, y + r, x - r, y + r + h)),
    ]
    return [Placed(px, py, anchor, box) for px, py, anchor, box in spots]


def place_labels(
    points: list[tuple[str, float, float, float, str]],
    bounds: Box,
    obstacles: list[Box],
    font_px: float = 11.0,
) -> dict[str, Placed]:
    """points: (key, x, y, radius, text) in priority order. A label never overlaps another
    label, a point's circle or the `obstacles`, and stays inside `bounds`; else it is left out."""
    circles = [Box(x - r, y - r, x + r, y + r) for _, x, y, r, _ in points]
    taken: list[Box] = list(obstacles)
    placed: dict[str, Placed] = {}
    for key, x, y, r, text in points:
        width = CHAR_WIDTH * font_px / 11.0 * len(text) + 2
        for spot in _candidates(x, y, r, width):
            b = spot.box
            inside = b.x0 >= bounds.x0 and b.x1 <= bounds.x1 and b.y0 >= bounds.y0 and b.y1 <= bounds.y1
            if inside and not any(b.overlaps(o) for o in taken) and not any(b.overlaps(c) for c in circles):
                placed[key] = spot
                taken.append(b)
                break
    return placed
