"""Every cache of the process under one memory budget (``ATLAS_CACHE_MB``), least recently used dropped first.

The callback answers (:mod:`dashboard.server`), the values derived from a loaded atlas (:func:`per_atlas`),
the pages and figures built once per language share one :data:`BUDGET`: however many distinct requests
arrive, a worker's caches never hold more than it. An entry over a quarter of the budget is never kept,
so that one large value cannot flush all the others. Sizes are approximations of what Python holds
(:func:`size_of`); with a budget of 0 nothing is cached and everything is computed for each request.
"""

from __future__ import annotations

import functools
import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from types import FunctionType, ModuleType

import numpy as np
import pandas as pd

DEFAULT_MB = 32
ATOMS = (str, bytes, bytearray, int, float, complex, bool, type(None))
OPAQUE = (type, ModuleType, FunctionType)  # shared by everyone, not held by one entry


def size_of(value: object) -> int:
    """Approximate bytes held by ``value``: frames and arrays by their buffers, everything else walked deeply
    (``sys.getsizeof`` of each object reached once)."""
    seen: set[int] = set()
    total, stack = 0, [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, OPAQUE):
            continue
        seen.add(id(obj))
        if isinstance(obj, pd.DataFrame | pd.Series | pd.Index):
            total += int(np.sum(obj.memory_usage(deep=True)))
            continue
        if isinstance(obj, np.ndarray):
            total += obj.nbytes
            continue
        total += sys.getsizeof(obj)
        if isinstance(obj, ATOMS):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        if hasattr(obj, "__dict__"):
            stack.append(vars(obj))
        stack.extend(getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s))
    return total


class Budget:
    """A thread-safe LRU of values by key whose sizes add up to at most ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size(self) -> int:
        """Bytes held now (as :func:`size_of` counts them)."""
        return self._size

    def resize(self, max_bytes: int) -> None:
        with self._lock:
            self.max_bytes = max_bytes
            self._evict()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def get(self, key: Hashable, default: object = None) -> object:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: object, size: int | None = None) -> None:
        """Keep ``value`` (of ``size`` bytes, measured if not given) unless it is over a quarter of the budget."""
        if self.max_bytes <= 0:
            return  # caching is off: not even measured
        size = size_of(value) if size is None else size
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            self._evict()

    def _evict(self) -> None:
        while self._size > self.max_bytes and self._items:
            _, (_, size) = self._items.popitem(last=False)
            self._size -= size

    def remember(self, key: Hashable, make: Callable[[], object]) -> object:
        """The value kept for ``key``, made (and kept, if it fits) when there is none."""
        missing = object()
        value = self.get(key, missing)
        if value is missing:
            value = make()
            self.put(key, value)
        return value


BUDGET = Budget(DEFAULT_MB * 1024 * 1024)  # sized from ATLAS_CACHE_MB by dashboard.create_app


def _copy(value):
    if isinstance(value, tuple):
        return tuple(_copy(v) for v in value)
    return value.copy() if isinstance(value, pd.DataFrame | list | dict) else value


def per_atlas(func: Callable) -> Callable:
    """Cache a pure function per (atlas, arguments) in :data:`BUDGET`: an Atlas is never mutated after loading.

    Callers get a copy of a frame, list or dict, so a caller changing it cannot change what the next
    caller sees. An Atlas is keyed by a weak reference to it (by identity): entries of an atlas that was
    dropped are never found again and leave as the least recently used. Arguments must come from a known,
    finite set (validated before the call), never straight from a request.
    """
    @functools.wraps(func)
    def wrapper(atlas, *args):
        return _copy(BUDGET.remember((func, weakref.ref(atlas), args), lambda: func(atlas, *args)))

    return wrapper
