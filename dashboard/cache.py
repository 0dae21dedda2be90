"""Values derived once from a loaded atlas: the atlas never changes after loading, so neither do they."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def per_atlas(fn: Callable[[object], T]) -> Callable[[object], T]:
    """Cache ``fn(atlas)`` for each atlas object (an Atlas holds data frames, so it cannot be a dict key)."""
    made: dict[int, tuple[object, T]] = {}

    @functools.wraps(fn)
    def wrapper(atlas):
        hit = made.get(id(atlas))
        if hit is None or hit[0] is not atlas:
            hit = (atlas, fn(atlas))
            made[id(atlas)] = hit
        return hit[1]

    return wrapper
