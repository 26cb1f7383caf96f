"""The production path on Redis: cache and task queue, against the real server.

The suite runs on the embedded defaults (database cache, SQLite queue); these
tests start the portal's settings with REDIS_URL in a process of their own, as
a deployment does, and fail when Redis at 127.0.0.1:6379 does not answer.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

PROGRAM = """
import json, django
django.setup()
from django.core.cache import cache, caches
from huey.contrib.djhuey import HUEY

@HUEY.task()
def add(a, b):
    return a + b

cache.set("elx-probe", "қала", 30)
result = add(2, 3)
queued = HUEY.pending_count()
HUEY.execute(HUEY.dequeue())
print(json.dumps({
    "cache_backend": type(caches["default"]).__name__,
    "cache_value": cache.get("elx-probe"),
    "huey_class": type(HUEY).__name__,
    "queued": queued,
    "result": result.get(blocking=True, timeout=5),
}))
HUEY.flush()
"""


def run_with_redis(tmp_path: Path) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "REDIS_URL": REDIS_URL,
        "VAR_DIR": str(tmp_path),
    }
    environment.pop("DATABASE_URL", None)
    finished = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_with_redis_url_the_cache_and_the_queue_live_in_redis(tmp_path):
    seen = run_with_redis(tmp_path)

    assert seen["cache_backend"] == "RedisCache"
    assert seen["cache_value"] == "қала"
    assert seen["huey_class"] == "RedisHuey"
    assert seen["queued"] >= 1
    assert seen["result"] == 5
