"""Sanity of the platform at start-up, as Django system checks.

`manage.py migrate` and `manage.py check --database default` run the
database checks; every command runs the Python ones. A failure is a warning
here, not an error: a start on a database with a C collation must remain
possible, but nobody may overlook it. /health/ready reports the same checks.
"""

from collections.abc import Sequence
from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import connections

from operations.health import FAIL, WARN, CheckResult, database_sanity, python_sanity


@register("operations")
def python_sanity_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    return _warnings(python_sanity())


@register(Tags.database)
def database_sanity_check(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[Warning]:
    found: list[Warning] = []
    for alias in databases or ():
        found += _warnings(database_sanity(connections[alias]), alias=alias)
    return found


def _warnings(results: list[CheckResult], alias: str = "") -> list[Warning]:
    where = f" (database {alias})" if alias else ""
    return [
        Warning(
            f"{result.name}: {result.message}{where}",
            id=f"operations.W{_CODES.get(result.name, 99):03d}",
        )
        for result in results
        if result.status in (FAIL, WARN)
    ]


_CODES = {"case_folding": 1, "collation": 2, "time_zone": 3}
