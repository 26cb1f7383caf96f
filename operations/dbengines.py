"""Dumps of the live database and scratch databases to restore them into.

Two engines behind one shape:

- SQLite: the online backup API copies the live file page by page under a
  read transaction, so the copy is one consistent state even while the web
  and the worker write. A scratch database is a copy in a temporary folder;
  swapping it in copies it back into the live file through the same API.
- PostgreSQL: pg_dump in custom format, inside an exported snapshot whose
  row counts go into the manifest, so the counts and the dump describe the
  same moment. A scratch database is a new database on the same server;
  swapping it in renames the live one away and the scratch one into its
  name in one transaction, after every other connection was ended.

Passwords reach pg_dump and pg_restore through the environment, never on a
command line that `ps` would show.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

PG_MAINTENANCE_DB = "postgres"
PG_NAME_MAX = 63


class BackupEngineError(Exception):
    """A database tool or step failed; the message says which and why."""


class Scratch(Protocol):
    label: str

    def applied_migrations(self) -> set[tuple[str, str]]: ...

    def row_counts(self, tables: Iterable[str]) -> dict[str, int]: ...

    def problems(self) -> list[str]: ...

    def swap_in(self) -> str: ...

    def drop(self) -> None: ...


def engine_for(db: BaseDatabaseWrapper = connection) -> "SqliteEngine | PostgresEngine":
    if db.vendor == "sqlite":
        return SqliteEngine(db)
    if db.vendor == "postgresql":
        return PostgresEngine(db)
    raise BackupEngineError(f"backups of a {db.vendor} database are not supported")


def live_tables(db: BaseDatabaseWrapper = connection) -> list[str]:
    """Tables of the portal's models, and Django's migration record."""
    with db.cursor() as cursor:
        existing = set(db.introspection.table_names(cursor))
    tables = set(db.introspection.django_table_names(only_existing=True))
    tables |= {"django_migrations"} & existing
    return sorted(tables)


# --- SQLite --------------------------------------------------------------------

class SqliteEngine:
    vendor = "sqlite"
    suffix = "sqlite3"

    def __init__(self, db: BaseDatabaseWrapper) -> None:
        self.db = db

    def dump(self, path: Path, tables: list[str]) -> dict[str, int]:
        self.db.ensure_connection()
        with closing(sqlite3.connect(path)) as target:
            self.db.connection.backup(target)
        with closing(sqlite3.connect(path)) as copy:
            return _sqlite_counts(copy, tables)

    def scratch_from(self, dump: Path) -> "SqliteScratch":
        folder = Path(tempfile.mkdtemp(prefix="elx-scratch-"))
        target = folder / "scratch.sqlite3"
        shutil.copyfile(dump, target)
        return SqliteScratch(target, self.db)


class SqliteScratch:
    def __init__(self, path: Path, live: BaseDatabaseWrapper) -> None:
        self.path = path
        self.live = live
        self.label = "a temporary SQLite file"

    def applied_migrations(self) -> set[tuple[str, str]]:
        with closing(sqlite3.connect(self.path)) as db:
            rows = db.execute("SELECT app, name FROM django_migrations").fetchall()
        return {(app, name) for app, name in rows}

    def row_counts(self, tables: Iterable[str]) -> dict[str, int]:
        with closing(sqlite3.connect(self.path)) as db:
            return _sqlite_counts(db, tables)

    def problems(self) -> list[str]:
        with closing(sqlite3.connect(self.path)) as db:
            found = [row[0] for row in db.execute("PRAGMA integrity_check")]
            orphans = db.execute("PRAGMA foreign_key_check").fetchall()
        found = [item for item in found if item != "ok"]
        found += [f"row {row[1]} of {row[0]} points to a missing {row[2]}"
                  for row in orphans[:20]]
        return found

    def swap_in(self) -> str:
        self.live.ensure_connection()
        if self.live.in_atomic_block:
            raise BackupEngineError("the live database is inside a transaction")
        with closing(sqlite3.connect(self.path)) as source:
            source.backup(self.live.connection)
        return ""

    def drop(self) -> None:
        shutil.rmtree(self.path.parent, ignore_errors=True)


def _sqlite_counts(db: sqlite3.Connection, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        counts[table] = db.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]
    return counts


# --- PostgreSQL ----------------------------------------------------------------

class PostgresEngine:
    vendor = "postgresql"
    suffix = "pgdump"

    def __init__(self, db: BaseDatabaseWrapper) -> None:
        self.db = db
        self.settings = db.settings_dict
        self.name = str(self.settings["NAME"])

    def dump(self, path: Path, tables: list[str]) -> dict[str, int]:
        with closing(self.connect(self.name, autocommit=False)) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = _pg_counts(conn, tables)
            # The snapshot lives as long as this transaction: pg_dump must
            # finish before it ends.
            self.run("pg_dump", "--format=custom", f"--snapshot={snapshot}",
                     f"--file={path}", f"--dbname={self.name}")
            conn.rollback()
        return counts

    def scratch_from(self, dump: Path) -> "PostgresScratch":
        name = self.scratch_name("restore")
        self.create_database(name)
        scratch = PostgresScratch(name, self)
        try:
            self.run("pg_restore", "--no-owner", "--no-privileges",
                     "--exit-on-error", f"--dbname={name}", str(dump))
        except BackupEngineError:
            scratch.drop()
            raise
        return scratch

    def scratch_name(self, purpose: str) -> str:
        # Unique per run: two checks (or two test runs) never meet.
        suffix = f"_{purpose}_{uuid.uuid4().hex[:10]}"
        return (self.name[: PG_NAME_MAX - len(suffix)] + suffix).lower()

    def create_database(self, name: str) -> None:
        from psycopg import sql

        with closing(self.connect(PG_MAINTENANCE_DB)) as conn:
            collate, ctype = conn.execute(
                "SELECT datcollate, datctype FROM pg_database WHERE datname = %s",
                [self.name],
            ).fetchone()
            conn.execute(sql.SQL(
                "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                "LC_COLLATE {} LC_CTYPE {}"
            ).format(sql.Identifier(name), sql.Literal(collate), sql.Literal(ctype)))

    def drop_database(self, name: str) -> None:
        from psycopg import sql

        with closing(self.connect(PG_MAINTENANCE_DB)) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    def connect(self, dbname: str, autocommit: bool = True) -> Any:
        import psycopg

        options = self.settings.get("OPTIONS") or {}
        params = {
            "dbname": dbname,
            "host": self.settings.get("HOST") or None,
            "port": self.settings.get("PORT") or None,
            "user": self.settings.get("USER") or None,
            "password": self.settings.get("PASSWORD") or None,
            "sslmode": options.get("sslmode"),
        }
        return psycopg.connect(
            autocommit=autocommit, **{k: v for k, v in params.items() if v}
        )

    def run(self, tool: str, *args: str) -> None:
        executable = shutil.which(tool) or f"/usr/bin/{tool}"
        if not Path(executable).exists():
            raise BackupEngineError(f"{tool} is not installed")
        result = subprocess.run(
            [executable, *args], env=self._environment(), capture_output=True,
            text=True, check=False,
        )
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            raise BackupEngineError(
                f"{tool} failed ({result.returncode}): {' '.join(message[-3:])[:500]}"
            )

    def _environment(self) -> dict[str, str]:
        environment = dict(os.environ)
        values = {
            "PGHOST": self.settings.get("HOST"),
            "PGPORT": self.settings.get("PORT"),
            "PGUSER": self.settings.get("USER"),
            "PGPASSWORD": self.settings.get("PASSWORD"),
            "PGSSLMODE": (self.settings.get("OPTIONS") or {}).get("sslmode"),
        }
        environment.update({key: str(value) for key, value in values.items() if value})
        return environment


class PostgresScratch:
    def __init__(self, name: str, engine: PostgresEngine) -> None:
        self.name = name
        self.engine = engine
        self.label = f"the scratch database {name}"

    def applied_migrations(self) -> set[tuple[str, str]]:
        with closing(self.engine.connect(self.name)) as conn:
            rows = conn.execute("SELECT app, name FROM django_migrations").fetchall()
        return {(app, name) for app, name in rows}

    def row_counts(self, tables: Iterable[str]) -> dict[str, int]:
        with closing(self.engine.connect(self.name)) as conn:
            return _pg_counts(conn, tables)

    def problems(self) -> list[str]:
        with closing(self.engine.connect(self.name)) as conn:
            invalid = conn.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint "
                "WHERE NOT convalidated"
            ).fetchall()
        return [f"constraint {name} of {table} is not validated"
                for table, name in invalid]

    def swap_in(self) -> str:
        """Make the scratch database the live one; return the old one's name."""
        from psycopg import sql

        live = self.engine.name
        old = self.engine.scratch_name("before")
        connections.close_all()
        with closing(self.engine.connect(PG_MAINTENANCE_DB)) as conn:
            conn.execute(sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS false")
                         .format(sql.Identifier(live)))
            try:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()", [live])
                with conn.transaction():
                    conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(live), sql.Identifier(old)))
                    conn.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(self.name), sql.Identifier(live)))
            finally:
                current = old if _exists(conn, old) else live
                conn.execute(sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS true")
                             .format(sql.Identifier(current)))
        self.name = live
        return old

    def drop(self) -> None:
        if self.name != self.engine.name:
            self.engine.drop_database(self.name)


def _exists(conn: Any, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return row.fetchone() is not None


def _pg_counts(conn: Any, tables: Iterable[str]) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    for table in tables:
        query = sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
        counts[table] = conn.execute(query).fetchone()[0]
    return counts
