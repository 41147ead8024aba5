"""Staff accounts: roles and scrypt password hashes (`scrypt$n$r$p$salt$hash`, base64 parts).

scrypt is in the standard library and memory-hard; the parameters travel with each hash, so they
can be raised later without invalidating stored passwords.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import sqlite3
from typing import cast

from ingest.errors import StoreError
from ingest.records import StoredUser, UserRole
from ingest.store.database import Database, utc_now

ROLES: tuple[UserRole, ...] = ("staff", "evaluator", "admin")
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB, ~50 ms a check on this machine
_SALT_BYTES, _KEY_BYTES = 16, 32


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(_SALT_BYTES)
    key = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=_KEY_BYTES)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def check_password(password: str, encoded: str) -> bool:
    """Whether `password` matches `encoded`; the comparison takes the same time either way."""
    try:
        scheme, n, r, p, salt_b64, key_b64 = encoded.split("$")
        if scheme != "scrypt":
            return False
        salt, key = base64.b64decode(salt_b64), base64.b64decode(key_b64)
        candidate = hashlib.scrypt(
            password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(key), maxmem=2**26
        )
    except ValueError:
        return False
    return hmac.compare_digest(candidate, key)


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the user does not exist, so an unknown name costs as long as a wrong
    password (no probing for names)."""
    return hash_password(secrets.token_hex(8))


class Users(Database):
    """The `users` table."""

    def add_user(self, name: str, role: str, password: str) -> None:
        name = name.strip()
        if not name:
            raise StoreError("a user needs a name")
        if role not in ROLES:
            raise StoreError(f"role must be one of {ROLES}, not {role!r}")
        if not password:
            raise StoreError(f"user {name}: the password is empty")
        encoded = hash_password(password)
        try:
            with self._write() as conn:
                conn.execute(
                    "INSERT INTO users (name, role, password_hash, created_at, account) VALUES (?, ?, ?, ?, ?)",
                    (name, role, encoded, utc_now(), secrets.token_hex(12)),
                )
        except StoreError as exc:
            if isinstance(exc.__cause__, sqlite3.IntegrityError):
                raise StoreError(f"user {name} already exists") from exc
            raise

    def verify_user(self, name: str, password: str) -> UserRole | None:
        """The user's role when the password is right, else None (unknown user or wrong password)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT role, password_hash FROM users WHERE name = ?", (name.strip(),)
            ).fetchone()
        if row is None:
            check_password(password, _dummy_hash())
            return None
        return cast(UserRole, row[0]) if check_password(password, row[1]) else None

    def list_users(self) -> list[StoredUser]:
        with self._read() as conn:
            rows = conn.execute("SELECT name, role, created_at, account FROM users ORDER BY name").fetchall()
        return [StoredUser(name=n, role=r, created_at=c, account=a) for n, r, c, a in rows]

    def delete_user(self, name: str) -> bool:
        """Whether a user of that name existed."""
        with self._write() as conn:
            return conn.execute("DELETE FROM users WHERE name = ?", (name.strip(),)).rowcount > 0
