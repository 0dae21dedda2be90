"""Values derived once from a loaded atlas: the atlas never changes after loading, so neither do they."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable

import pandas as pd


def _copy(value):
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value.copy() if isinstance(value, pd.DataFrame | list | dict) else value


def per_atlas(func: Callable) -> Callable:
    """Cache a pure function per (atlas, arguments): an Atlas is never mutated after loading.

    Callers get a copy of a frame, list or dict, so a caller changing it cannot change what the next
    caller sees. An Atlas is hashed by identity; the cache lets go of it when it is dropped.
    """
    cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def wrapper(atlas, *args):
        mine = cache.setdefault(atlas, {})
        if args not in mine:
            mine[args] = func(atlas, *args)
        return _copy(mine[args])

    return wrapper
