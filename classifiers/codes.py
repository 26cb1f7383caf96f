"""The structure of KATO and ISCO-08 codes."""

from collections.abc import Container

# KATO code AABBCCDDD: AA oblast, BB district, CC rural district or city,
# DDD settlement. A unit's descendants share the digits of its level.
TREE_PREFIX_LENGTH = {1: 2, 2: 4, 3: 6, 4: 9}


def kato_tree_prefix(code: str, level: int) -> str:
    """Return the code prefix shared by a unit and everything below it."""
    return code[: TREE_PREFIX_LENGTH[level]]


def kato_oblast_code(code: str) -> str:
    return code[:2] + "0000000"


def kato_parent_code(code: str, level: int, known: Container[str]) -> str | None:
    """Return the code of the nearest unit above CODE that KNOWN holds.

    The nearest is not always one level up: districts of the cities of
    republican significance hang directly under the city (711110000 under
    710000000), and some towns have no rural district above them.
    """
    own_length = TREE_PREFIX_LENGTH[level]
    for length in (6, 4, 2):
        if length >= own_length:
            continue
        candidate = code[:length].ljust(9, "0")
        if candidate != code and candidate in known:
            return candidate
    return None


def isco_parent_code(code: str) -> str | None:
    return code[:-1] or None
