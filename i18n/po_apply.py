"""Apply translation batches to locale/kk and locale/ru, checking each string.

Usage: .venv/bin/python i18n/po_apply.py BATCH.py [BATCH.py ...]
Each batch is a Python file defining T, a dict from msgid to
  (kk, ru)                                   for a singular entry, or
  ((kk_one, kk_other), (ru_one, ru_few, ru_many))   for a plural entry.
Refuses (exit 1) a translation whose placeholders (%(name)s, %s, {name}), HTML
tags or leading/trailing whitespace differ from the msgid, Kazakh text mixing
Latin letters into Cyrillic words, and Kazakh left in English. Sets the
headers (Language, Plural-Forms, charset) and clears `fuzzy` on the entries it
fills. Needs polib (a translator's tool, not a project dependency).
"""

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdr]|%[sd]|\{[A-Za-z_0-9]*\}")
TAG = re.compile(r"<[^>]+>")
MIXED_WORD = re.compile(r"\b(?=\w*[а-яёәғқңөұүһі])(?=\w*[a-z])\w+\b", re.I)
KAZAKH_LETTERS = re.compile("[а-яәғқңөұүһі]", re.I)
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
}
TEAMS = {"kk": "Kazakh <kk@li.org>", "ru": "Russian <ru@li.org>"}


def load_batches(paths: list[str]) -> dict:
    translations: dict = {}
    for path in paths:
        spec = importlib.util.spec_from_file_location(Path(path).stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        translations.update(module.T)
    return translations


def edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]


def problems_of(msgid: str, text: str, lang: str) -> list[str]:
    found = []
    if not text:
        return ["empty"]
    if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text)):
        found.append("placeholders differ")
    if sorted(TAG.findall(msgid)) != sorted(TAG.findall(text)):
        found.append("HTML tags differ")
    if edges(msgid) != edges(text):
        found.append("leading/trailing whitespace differs")
    plain = PLACEHOLDER.sub("", TAG.sub("", text))
    if lang == "kk" and MIXED_WORD.search(plain):
        found.append("Latin letters inside a Cyrillic word")
    if (lang == "kk" and re.search("[a-z]{3,}", plain)
            and not KAZAKH_LETTERS.search(plain) and plain == msgid):
        found.append("left in English")
    return found


def apply(lang: str, index: int, translations: dict) -> tuple[int, list[str]]:
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"), wrapwidth=79)
    now = dt.datetime.now(ZoneInfo("Asia/Almaty")).strftime("%Y-%m-%d %H:%M%z")
    po.metadata.update({
        "Project-Id-Version": "Electronic Labor Exchange",
        "Language": lang,
        "Language-Team": TEAMS[lang],
        "Last-Translator": "translator",
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": PLURAL_FORMS[lang],
        "PO-Revision-Date": now,
    })
    po.metadata_is_fuzzy = False
    report, missing = [], 0
    for entry in po:
        if entry.obsolete:
            continue
        value = translations.get(entry.msgid)
        if value is None:
            empty = not entry.msgstr and not any(entry.msgstr_plural.values())
            missing += empty or "fuzzy" in entry.flags
            continue
        value = value[index]
        if entry.msgid_plural:
            for n, form in enumerate(value):
                source = entry.msgid_plural if n else entry.msgid
                report += [f"{lang} {entry.msgid!r}: {p}"
                           for p in problems_of(source, form, lang)]
                entry.msgstr_plural[n] = form
        else:
            report += [f"{lang} {entry.msgid!r}: {p}"
                       for p in problems_of(entry.msgid, value, lang)]
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
    if not report:
        po.save()
    return missing, report


def main() -> None:
    translations = load_batches(sys.argv[1:])
    failed = False
    for index, lang in enumerate(("kk", "ru")):
        missing, report = apply(lang, index, translations)
        for line in report:
            print("PROBLEM", line)
        failed = failed or bool(report)
        print(f"{lang}: {missing} entries still untranslated or fuzzy"
              + (" (nothing saved)" if report else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
