"""Fixed-window request counters in the shared cache, true on every backend.

django-ratelimit counts with cache.incr. Django's database cache (the one
`make run` uses without Redis) implements incr as get + set with the DEFAULT
timeout (300 s), so every count moved the row's expiry five minutes ahead: a
"5 per hour" limit forgot its count after five quiet minutes. Here the end of
the window is stored beside the count, and every write sets the timeout that
is left until that end, so a window lasts what the rate says on the database,
Redis and local-memory caches alike; the stored end, not the cache's expiry,
decides when a window is over.

Reading and writing are two steps: two requests at the same instant may both
take the last free place. The limits stop floods; they are no quota.
"""

import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# When the cache cannot be reached, a request is refused for this long
# rather than let a flood through.
CACHE_DOWN_RETRY_SECONDS = 60


@dataclass(frozen=True)
class WindowUsage:
    count: int  # requests counted in the current window
    limit: int
    seconds_left: int  # until the window ends, at least 1

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def full(self) -> bool:
        return self.count >= self.limit


def rate_parse(rate: str) -> tuple[int, int]:
    """Turn "5/h" or "3/5m" into (5, 3600) or (3, 300); ValueError otherwise."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"a rate looks like 5/h or 3/5m, not {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNIT_SECONDS[unit]


def window_usage(
    name: str, *, limit: int, seconds: int, increment: bool
) -> WindowUsage:
    """Return the usage of counter NAME in its window; INCREMENT counts one more.

    The first count opens a window of SECONDS; the count starts again from
    zero once that window is over.
    """
    key = _key(name)
    now = time.time()
    try:
        count, ends_at = cache.get(key) or (0, 0.0)
        if ends_at <= now:
            count, ends_at = 0, now + seconds
        if increment:
            count += 1
            cache.set(key, (count, ends_at), timeout=math.ceil(ends_at - now))
    except Exception:  # noqa: BLE001 - any cache failure must refuse, not crash
        logger.exception("rate limit cache unavailable for %s", name)
        return WindowUsage(
            count=limit + 1, limit=0, seconds_left=CACHE_DOWN_RETRY_SECONDS
        )
    return WindowUsage(
        count=count, limit=limit, seconds_left=max(math.ceil(ends_at - now), 1)
    )


def window_clear(name: str) -> None:
    """Forget the count of NAME, e.g. once its owner proved who they are.

    A cache that fails is logged and left: the window then ends by itself.
    """
    try:
        cache.delete(_key(name))
    except Exception:  # noqa: BLE001 - clearing is a courtesy, never a crash
        logger.exception("rate limit cache unavailable to clear %s", name)


def _key(name: str) -> str:
    return "window:" + hashlib.sha256(name.encode()).hexdigest()
