"""Benchmark of vacancy search on a database of its own.

    .venv/bin/python bench/search.py --database-url postgres://.../elx_bench
    .venv/bin/python bench/search.py --database-url sqlite:////tmp/b.sqlite3 --n 20000

Fills the given database (never the developer's: it refuses one that holds
vacancies it did not make) with N vacancies whose texts are variants of the
real corpus, then runs a fixed mix of searches, each with counts and facets,
and prints p50 and p95 of each search through the API and of the same SQL
run directly, and their ratio. Defaults: 1,000,000 vacancies on PostgreSQL,
200,000 on SQLite.

"Through the API" means a GET of /api/v1/vacancies?...&facets=1 made with
Django's test client in this process: URL routing, middleware, parsing,
the selectors, the ORM and JSON rendering, without a socket or a web server.
"The same SQL" is every statement that request ran, recorded once and
replayed on a cursor, results fetched.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "vacancies_hh.jsonl"
SOURCE = "bench"
KAZAKH_TITLES = [
    "Бағдарламашы", "Мұғалім", "Жүргізуші", "Бас есепші", "Сатушы-кеңесші",
    "Қазақ тілі мұғалімі", "Әкімшілік қызметкер", "Аспазшы", "Күзетші",
]
QUALIFIERS = ["", "", "", "Старший", "Ведущий", "Младший", "Senior", "Junior",
              "Главный", "Помощник", "Бас", "Кіші"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="database to fill and query (or BENCH_DATABASE_URL)",
    )
    parser.add_argument("--n", type=int, default=None, help="number of vacancies")
    parser.add_argument(
        "--repeat", type=int, default=100,
        help="runs of each search (the p95 of 100 runs is the 95th fastest)",
    )
    parser.add_argument("--seed", type=int, default=20250301)
    return parser.parse_args()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # Production caches in Redis, outside the database; the default
    # DatabaseCache would put cache reads and writes among the statements
    # replayed as "SQL", and a replayed write fails on its key.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }


def load_corpus() -> list[tuple[str, str]]:
    records = []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            snippet = record.get("snippet") or {}
            body = " ".join(
                part for part in (
                    snippet.get("requirement"), snippet.get("responsibility"),
                    record.get("description"),
                ) if part
            )
            records.append((record["name"], body))
    return records


def fill(n: int, rng: random.Random) -> None:
    from django.db import connection

    from classifiers.models import KatoUnit, Occupation
    from core.text import search_tokens
    from employers.models import Employer
    from vacancies.models import EmploymentType, Status, Vacancy
    from vacancies.place_names import searched_place_names
    from vacancies.search_document import place_words

    have = Vacancy.objects.filter(source=SOURCE).count()
    if have == n:
        print(f"reusing {n} vacancies already in the database")
        return
    Vacancy.objects.filter(source=SOURCE).delete()

    corpus = load_corpus() + [(title, "") for title in KAZAKH_TITLES] * 50
    print(f"stemming {len(corpus)} corpus records", flush=True)
    stemmed = [
        (title, body[:2000], search_tokens(title), search_tokens(body))
        for title, body in corpus
    ]
    vocabulary = [word for *_, words in stemmed for word in words[:5]]
    qualifiers = {q: search_tokens(q) for q in QUALIFIERS}

    oblasts = list(KatoUnit.objects.filter(level=1)[:20]) or [
        KatoUnit.objects.create(
            code=f"{10 + i:02d}0000000", version=SOURCE, level=1,
            name_kk=f"Облыс {i}", name_ru=f"Область {i}", tree_prefix=f"{10 + i:02d}",
        )
        for i in range(20)
    ]
    majors = list(Occupation.objects.filter(level=1)[:10]) or [
        Occupation.objects.create(code=str(i), version=SOURCE, level=1,
                                  title_en=f"Group {i}")
        for i in range(10)
    ]
    employers = [Employer.objects.create(name=f"Bench {i}") for i in range(200)]
    # The words of each oblast's names in three languages, as a vacancy there
    # carries them (vacancies.place_names).
    place = {
        oblast.pk: place_words(searched_place_names(
            city="", units=[(oblast.name_kk, oblast.name_ru, oblast.name_en)],
            country_code="KZ", is_abroad=False,
        )).split()
        for oblast in oblasts
    }
    kinds = EmploymentType.values
    now = dt.datetime.now(dt.UTC)

    save = _copy if connection.vendor == "postgresql" else Vacancy.objects.bulk_create
    batch = []
    started = time.perf_counter()
    for number in range(n):
        title, body, title_words, body_words = rng.choice(stemmed)
        qualifier = rng.choice(QUALIFIERS)
        title_words = qualifiers[qualifier] + title_words
        extra = rng.sample(vocabulary, 3)
        oblast = rng.choice(oblasts)
        search_title = " ".join(title_words)
        employer = rng.choice(employers)
        batch.append(
            Vacancy(
                employer=employer, title=f"{qualifier} {title}".strip(),
                description=body, status=Status.PUBLISHED, source=SOURCE,
                # Rows arrive as they are published, give or take a few hours.
                published_at=now - dt.timedelta(
                    minutes=(n - number) * 60 * 24 * 90 // n + rng.randrange(240)
                ),
                expires_on=None if rng.random() < 0.7 else now.date()
                + dt.timedelta(days=rng.randrange(1, 60)),
                salary_kzt=(
                    None if rng.random() < 0.4 else rng.randrange(80, 2000) * 1000
                ),
                oblast=oblast, region_code=oblast.code,
                occupation_major=rng.choice(majors),
                employment_type=rng.choice(kinds), is_remote=rng.random() < 0.1,
                is_abroad=rng.random() < 0.03, search_title=search_title,
                # The synthetic names ("Bench 7") are left out of the words,
                # where "bench" would match every row; real names add about
                # two words to a document of eighty.
                search_document=" ".join(
                    [search_title, *body_words, *extra, *place[oblast.pk]]
                ),
                search_employer_name=employer.name,
            )
        )
        if len(batch) == 5000 or number == n - 1:
            save(batch)
            batch = []
            rate = (number + 1) / (time.perf_counter() - started)
            print(f"\r{number + 1} vacancies, {rate:.0f}/s", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        # A steady portal's autovacuum has marked old pages all-visible;
        # index-only scans depend on it.
        postgresql = connection.vendor == "postgresql"
        cursor.execute("VACUUM ANALYZE" if postgresql else "ANALYZE")


def _copy(vacancies: list) -> None:
    """Write VACANCIES with COPY: bulk INSERTs make a million take most of an hour."""
    from django.db import connection

    from vacancies.models import Vacancy

    fields = [f for f in Vacancy._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        sql = f"COPY {Vacancy._meta.db_table} ({columns}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for vacancy in vacancies:
                copy.write_row(
                    [
                        f.get_db_prep_save(f.pre_save(vacancy, True), connection)
                        for f in fields
                    ]
                )


def mix() -> dict[str, dict[str, str]]:
    """Return the fixed mix of searches as API query parameters."""
    from classifiers.models import KatoUnit
    from vacancies.models import Vacancy
    from vacancies.search_index import WordsMatch

    listed = Vacancy.objects.filter(source=SOURCE)
    titled = listed.exclude(search_title="").order_by("id")
    sample = list(titled.values_list("search_title", flat=True)[:2000])
    counts: dict[str, int] = {}
    for title in sample:
        for word in set(title.split()):
            counts[word] = counts.get(word, 0) + 1

    def matches(word: str) -> int:
        return listed.filter(WordsMatch((word,)))[:1000].count()

    unusual = sorted((w for w in counts if len(w) > 5), key=lambda w: (counts[w], w))
    rare = min(unusual[:30], key=lambda w: (matches(w), w))
    region = KatoUnit.objects.get(pk=listed.values_list("oblast", flat=True).first())
    return {
        f"rare term ({rare})": {"q": rare},
        "broad term (опыт)": {"q": "опыт"},
        "broad term (менеджер)": {"q": "менеджер"},
        "text + region": {"q": "менеджер", "region": region.code},
        "text + salary, newest": {"q": "опыт", "salary_min": "300000",
                                  "sort": "newest"},
        "filters only, newest": {"region": region.code, "employment": "full",
                                 "salary_min": "200000"},
        "filters only, salary": {"region": region.code, "sort": "salary"},
    }


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile: the smallest value with at least
    SHARE of the values at or below it (p95 of 100 runs is the 95th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(params: dict[str, str], repeat: int) -> dict[str, float]:
    """Time the API request and the SQL it ran; return p50/p95 in ms and matches."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="ru")
    url = "/api/v1/vacancies"
    query = {**params, "facets": "1"}
    statements: list[tuple[str, object]] = []

    def record(execute, sql, sql_params, many, context):
        statements.append((sql, sql_params))
        return execute(sql, sql_params, many, context)

    # A first request fills what a running portal keeps cached (the whole
    # listing's counts, recomputed once a minute: see docs/benchmarks.md);
    # the statements of the second are those every request runs.
    client.get(url, query)
    with connection.execute_wrapper(record):
        answer = client.get(url, query)
    if answer.status_code != 200:
        raise SystemExit(f"{url} {query} answered {answer.status_code}: "
                         f"{answer.content[:300]!r}")
    body = answer.json()
    api_times, sql_times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url, query)
        api_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, sql_params in statements:
                cursor.execute(sql, sql_params)
                cursor.fetchall()
        sql_times.append(time.perf_counter() - started)
    return {
        "api50": percentile(api_times, 0.5) * 1000,
        "api95": percentile(api_times, 0.95) * 1000,
        "sql50": percentile(sql_times, 0.5) * 1000,
        "sql95": percentile(sql_times, 0.95) * 1000,
        "statements": len(statements),
        "total": body["total"],
        "estimate": body["total_is_estimate"],
    }


def main() -> None:
    args = parse_args()
    if not args.database_url:
        sys.exit("Give --database-url (or BENCH_DATABASE_URL): a database of its own.")
    setup_django(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from vacancies.models import Vacancy

    call_command("migrate", verbosity=0)
    if Vacancy.objects.exclude(source=SOURCE).exists():
        sys.exit("This database holds real vacancies; give the benchmark its own.")
    n = args.n or (1_000_000 if connection.vendor == "postgresql" else 200_000)
    rng = random.Random(args.seed)
    fill(n, rng)

    print(f"{connection.vendor}, {n} vacancies, {args.repeat} runs each (ms)")
    print(f"{'search':30} {'api p50':>8} {'api p95':>8} {'sql p50':>8} {'sql p95':>8}"
          f" {'ratio50':>7} {'ratio95':>7} {'stmts':>5}  total")
    for name, params in mix().items():
        m = measure(params, args.repeat)
        ratio50 = m["api50"] / m["sql50"] if m["sql50"] else float("nan")
        ratio95 = m["api95"] / m["sql95"] if m["sql95"] else float("nan")
        total = ("about " if m["estimate"] else "") + str(m["total"])
        print(f"{name[:30]:30} {m['api50']:8.1f} {m['api95']:8.1f} {m['sql50']:8.1f}"
              f" {m['sql95']:8.1f} {ratio50:7.2f} {ratio95:7.2f}"
              f" {m['statements']:5}  {total}", flush=True)


if __name__ == "__main__":
    main()
