"""The SQLite schema as an ordered list of migration steps, tracked by `PRAGMA user_version`.

Step i brings a file from version i to i+1. Steps are append-only: never edit a released step,
add a new one (a file written by an older nianbao is upgraded in place on open).
"""

from __future__ import annotations

import sqlite3

from ingest.errors import StoreError

# Each step is a tuple of statements run in one transaction (executescript would commit midway).
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE reports (
            id TEXT PRIMARY KEY,                     -- sha256 of the file's bytes
            agency TEXT NOT NULL,
            year INTEGER NOT NULL,
            title TEXT NOT NULL,
            region TEXT,
            level TEXT,
            publish_date TEXT,
            source_name TEXT NOT NULL DEFAULT '',
            fmt TEXT NOT NULL DEFAULT '',
            layout TEXT NOT NULL DEFAULT '2021',
            raw_table2_json TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL CHECK (status IN ('pending', 'complete')),
            ingested_at TEXT NOT NULL,
            n_chunks INTEGER NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX reports_status ON reports(status)",
        "CREATE INDEX reports_agency_year ON reports(agency, year)",
        """CREATE TABLE sections (
            report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,                    -- order within the report
            ordinal INTEGER NOT NULL,
            key TEXT NOT NULL,
            heading TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (report_id, seq)
        )""",
        """CREATE TABLE cells (
            report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            tbl TEXT NOT NULL,
            row_key TEXT NOT NULL,
            col_key TEXT NOT NULL,
            value REAL,                              -- NULL: blank in the report, never 0
            raw_text TEXT NOT NULL,
            row_label TEXT NOT NULL,
            column_label TEXT NOT NULL,
            position TEXT NOT NULL,
            PRIMARY KEY (report_id, tbl, row_key, col_key)
        )""",
        "CREATE INDEX cells_by_key ON cells(tbl, row_key, col_key)",
        """CREATE TABLE findings (
            report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            cells_json TEXT NOT NULL DEFAULT '[]',
            diagnosis TEXT,
            PRIMARY KEY (report_id, seq)
        )""",
        """CREATE TABLE chunks (
            id TEXT PRIMARY KEY,
            report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            section TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('prose', 'table_fact')),
            heading TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            UNIQUE (report_id, ordinal)
        )""",
        """CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            question TEXT NOT NULL,
            answer_json TEXT NOT NULL,
            mode TEXT NOT NULL,
            answerable INTEGER NOT NULL,
            verdict TEXT NOT NULL,
            latency_ms REAL NOT NULL,
            agency TEXT,
            year INTEGER,
            channel TEXT NOT NULL,
            review_mark TEXT CHECK (review_mark IN ('correct', 'incorrect')),
            review_note TEXT NOT NULL DEFAULT '',
            reviewed_by TEXT,
            reviewed_at TEXT
        )""",
        "CREATE INDEX answers_created ON answers(created_at)",
        """CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('staff', 'evaluator', 'admin')),
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
    ),
    (
        # a never-reused account id: a session cookie is bound to the account, not to a reusable name
        "ALTER TABLE users ADD COLUMN account TEXT NOT NULL DEFAULT ''",
        "UPDATE users SET account = lower(hex(randomblob(12))) WHERE account = ''",
    ),
    (
        # the agency's other names as the report uses them (JSON list), and whether its tables were read
        "ALTER TABLE reports ADD COLUMN aliases_json TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE reports ADD COLUMN tables_readable INTEGER NOT NULL DEFAULT 1",
    ),
)

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Apply the missing steps, each in its own transaction; returns the version reached.

    The version is re-read under the write lock, so two processes opening a new file at once
    do not both run a step.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: schema version {version} is newer than this nianbao knows ({SCHEMA_VERSION}): upgrade nianbao"
        )
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
