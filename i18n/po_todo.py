"""List catalogue entries that still need a translator: empty or fuzzy.

Usage: .venv/bin/python i18n/po_todo.py [--json FILE]
Prints one line per msgid missing in kk or ru and a total; with --json, also
writes the entries (msgid, plural, where) as a skeleton for the next batch.
Needs polib (a translator's tool, not a project dependency).
"""

import argparse
import json
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("kk", "ru")


def needs_work(entry: polib.POEntry) -> bool:
    empty = not entry.msgstr and not any(entry.msgstr_plural.values())
    return empty or "fuzzy" in entry.flags


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the entries to this file")
    args = parser.parse_args()
    todo: dict[str, dict] = {}
    for lang in LANGUAGES:
        for entry in polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po")):
            if entry.obsolete or not needs_work(entry) or entry.msgid in todo:
                continue
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
            todo[entry.msgid] = {"msgid": entry.msgid, "plural": entry.msgid_plural,
                                 "context": entry.msgctxt, "where": where}
            plural = f" PL={entry.msgid_plural!r}" if entry.msgid_plural else ""
            print(f"[{where}] {entry.msgid!r}{plural}")
    print(f"{len(todo)} to do")
    if args.json:
        Path(args.json).write_text(
            json.dumps(list(todo.values()), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
