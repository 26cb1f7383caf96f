"""Benchmark of the vacancy import on a database of its own.

    .venv/bin/python bench/import_vacancies.py \
        --database-url postgres://postgres@127.0.0.1:5432/elx_bench_import
    .venv/bin/python bench/import_vacancies.py --database-url sqlite:////tmp/i.sqlite3 \
        --size 100000

Imports the three real vacancy files of DATA_DIR (default ../shared/data)
through the same service as `manage.py import_vacancies` (with its worker
processes for large files), and prints rows per second for each file and
overall. With --size, the corpus is imported again and again, each copy with
other external ids (the places, titles and texts stay real), until about SIZE
vacancies are in. Then the whole corpus is imported once more with --force:
every row must come out unchanged, and the count of vacancies must not grow.

It refuses a database that holds vacancies it did not put there, and wipes
its own vacancies from an earlier run before it starts.
"""

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("DATA_DIR") or ROOT.parent / "shared" / "data")
FILES = ["vacancies_hh.jsonl", "hhkz_vacancies_2020.csv", "hhkz_it_vacancies_2024.csv"]
MARKER = {"source": "bench", "external_id": "import-benchmark"}
_HH_LINK_ID = re.compile(r"/vacancy/(\d+)")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="database to import into (or BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--size", type=int, default=0,
        help="vacancies to reach by importing copies of the corpus (default: once)",
    )
    return parser.parse_args()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def claim_database() -> None:
    """Stop unless the database is empty or holds only this benchmark's data."""
    from classifiers.models import DataLoad
    from employers.models import Employer
    from vacancies.models import Vacancy

    ours = Employer.objects.filter(**MARKER).exists()
    if Vacancy.objects.exists() and not ours:
        sys.exit("This database holds vacancies the benchmark did not make; "
                 "give the benchmark a database of its own.")
    Vacancy.objects.all().delete()
    Employer.objects.exclude(**MARKER).delete()
    DataLoad.objects.filter(source__startswith="hh").delete()
    Employer.objects.get_or_create(**MARKER, defaults={"name": "Import benchmark"})


def copy_with_other_ids(name: str, number: int, folder: Path) -> Path:
    """Write copy NUMBER of corpus file NAME whose vacancies have other ids."""
    source, target = DATA_DIR / name, folder / f"{number}-{name}"
    with open(source, encoding="utf-8-sig", newline="") as lines, \
            open(target, "w", encoding="utf-8", newline="") as out:
        if name.endswith(".jsonl"):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record.get('id')}-copy{number}"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            return target
        reader = csv.reader(lines, delimiter=";")
        writer = csv.writer(out, delimiter=";")
        writer.writerow(next(reader))
        for row in reader:
            if name == "hhkz_vacancies_2020.csv" and len(row) == 5:
                # The cards' id is a digest of the row; what follows a comma
                # in the place is a street, which the importer drops.
                row[3] = f"{row[3]}, copy {number}"
            elif len(row) == 5:
                row[4] = _HH_LINK_ID.sub(
                    lambda m: f"/vacancy/{number}{m.group(1)}", row[4]
                )
            writer.writerow(row)
    return target


def import_files(paths: list[Path], context: object, force: bool) -> list[tuple]:
    from vacancies.importing.service import vacancy_import_file

    results = []
    for path in paths:
        started = time.perf_counter()
        report = vacancy_import_file(path=path, force=force, context=context)
        seconds = time.perf_counter() - started
        results.append((path.name, report.rows, seconds, report.counts()))
    return results


def show(title: str, results: list[tuple]) -> tuple[int, float]:
    rows = sum(r[1] for r in results)
    seconds = sum(r[2] for r in results)
    print(f"{title}: {rows} rows in {seconds:.2f} s = {rows / seconds:,.0f} rows/s")
    for name, file_rows, file_seconds, counts in results:
        print(f"    {name:40} {file_rows:7} rows {file_seconds:7.2f} s"
              f" {file_rows / file_seconds:8,.0f} rows/s  {counts}")
    return rows, seconds


def main() -> None:
    args = parse_args()
    if not args.database_url:
        sys.exit("Give --database-url (or BENCH_DATABASE_URL): a database of its own.")
    setup_django(args.database_url)

    from django.core.management import call_command
    from django.db import connection

    from vacancies.importing.service import import_context_build
    from vacancies.models import Vacancy

    call_command("migrate", verbosity=0)
    call_command("load_classifiers", stdout=io.StringIO())
    claim_database()
    started = time.perf_counter()
    context = import_context_build(data_dir=DATA_DIR)
    built = time.perf_counter() - started
    print(f"{connection.vendor}; context built in {built:.2f} s")

    corpus = [DATA_DIR / name for name in FILES]
    rows, seconds = show("corpus, first import", import_files(corpus, context, False))
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        number = 0
        while Vacancy.objects.count() < args.size:
            number += 1
            copies = [copy_with_other_ids(n, number, Path(folder)) for n in FILES]
            more = show(f"copy {number}", import_files(copies, context, False))
            rows, seconds = rows + more[0], seconds + more[1]
    total = Vacancy.objects.count()
    print(f"all new rows: {rows} rows in {seconds:.2f} s ="
          f" {rows / seconds:,.0f} rows/s; {total} vacancies in the database")

    show("corpus again, --force (nothing may change)",
         import_files(corpus, context, True))
    after = Vacancy.objects.count()
    print("re-import: " + ("no duplicates" if after == total
                           else f"DUPLICATES: {after - total} more vacancies"))


if __name__ == "__main__":
    main()
