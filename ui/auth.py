"""Staff sessions: a signed cookie naming the user, the role read from SQLite on every request.

The cookie holds the user name, the account's creation time and a random session id, signed and
timestamped with itsdangerous (HttpOnly, SameSite=Lax, Secure when served over https). The role is
looked up each time, so deleting a user or changing a role takes effect at once rather than when the
cookie expires; signing out voids the session id on the server, not only in the browser. Scripts may
use HTTP Basic auth on the API routes instead of a cookie.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.store.sqlite import SqliteStore
from ui.limits import RateLimiter

COOKIE = "nianbao_session"
SESSION_MAX_AGE_S = 12 * 3600
STAFF_ROLES = frozenset({"staff", "admin"})
# Evaluators run the QA suite; staff may too (it only reads the store). Evaluators do not see the
# archive of citizens' questions.
EVAL_ROLES = frozenset({"evaluator", "staff", "admin"})
ROLE_NAMES = {"staff": "工作人员", "evaluator": "评测人员", "admin": "管理员"}


@dataclass(frozen=True)
class User:
    name: str
    role: str
    since: str = ""  # the account's never-reused id: binds a cookie to this account, not just a name

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_evaluator(self) -> bool:
        return self.role in EVAL_ROLES

    @property
    def label(self) -> str:
        return f"{self.name}（{ROLE_NAMES.get(self.role, self.role)}）"


def load_secret(settings: Settings) -> str:
    """`settings.secret_key`, else a random key kept in `data_dir/secret.key` (mode 0600) so
    sessions survive a restart."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise NianbaoError(f"{path}: 会话密钥过短或为空，请删除该文件后重启") from None
        return key
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


class Revocations:
    """Session ids signed out before they expired, kept in a JSON file (mode 0600) so that neither a
    restart nor another process revives them. Entries are dropped once the cookie would have expired."""

    def __init__(self, path: Path | None, max_age_s: int) -> None:
        self.path = path
        self.max_age_s = max_age_s
        self._ids: dict[str, float] = {}
        self._mtime: float | None = None
        self._lock = threading.Lock()

    def _reload(self) -> None:
        """Re-read the file when another process (or a restart) wrote it. Call with the lock held."""
        if self.path is None:
            return
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime != self._mtime:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except ValueError:
                loaded = {}
            self._ids = {str(k): float(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}
            self._mtime = mtime

    def add(self, session_id: str) -> None:
        with self._lock:
            self._reload()
            now = time.time()
            self._ids = {k: v for k, v in self._ids.items() if v > now}
            self._ids[session_id] = now + self.max_age_s
            if self.path is not None:
                tmp = self.path.with_suffix(".tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(self._ids, fh)
                os.replace(tmp, self.path)
                self._mtime = self.path.stat().st_mtime

    def __contains__(self, session_id: str) -> bool:
        with self._lock:
            self._reload()
            return session_id in self._ids


class Sessions:
    """Issues, reads and revokes session cookies; checks passwords through the users table.

    A cookie names the user, a random session id (so signing out can void exactly it) and when the
    account was created (so a cookie of a deleted account is not revived by a new account of the
    same name). Failed sign-ins — the form and HTTP Basic alike — are limited per client."""

    def __init__(
        self,
        secret: str,
        sql: SqliteStore,
        max_age_s: int = SESSION_MAX_AGE_S,
        revoked_path: Path | None = None,
        failures: RateLimiter | None = None,
    ) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="nianbao-session")
        self.sql = sql
        self.max_age_s = max_age_s
        self.revoked = Revocations(revoked_path, max_age_s)
        self.failures = failures or RateLimiter(10, what="登录失败次数过多")

    def login(self, name: str, password: str, client: str = "unknown") -> User | None:
        """The user when the password is right. Raises RateLimited after too many failures from
        `client`, before checking (so a blocked client learns nothing about the password)."""
        if not name or not password:
            return None
        self.failures.refuse_if_over(client)
        role = self.sql.verify_user(name, password)
        user = self._current(name.strip()) if role is not None else None
        if user is None:
            self.failures.hit(client)
        return user

    def issue(self, user: User) -> str:
        return self._serializer.dumps({"u": user.name, "c": user.since, "s": secrets.token_urlsafe(16)})

    def _current(self, name: str) -> User | None:
        user = next((u for u in self.sql.list_users() if u.name == name), None)
        return None if user is None else User(user.name, user.role, user.account)

    def _payload(self, token: str | None) -> dict[str, str] | None:
        if not token:
            return None
        try:
            data = self._serializer.loads(token, max_age=self.max_age_s)
        except BadSignature:  # also covers SignatureExpired
            return None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in "ucs"):
            return None
        return data

    def read(self, token: str | None) -> User | None:
        data = self._payload(token)
        if data is None or data["s"] in self.revoked:
            return None
        user = self._current(data["u"])
        return user if user is not None and user.since == data["c"] else None

    def revoke(self, token: str | None) -> None:
        """Sign out: this cookie stops working everywhere, even where a copy of it is kept."""
        data = self._payload(token)
        if data is not None:
            self.revoked.add(data["s"])

    def from_request(
        self, cookies: Mapping[str, str], headers: Mapping[str, str], client: str = "unknown"
    ) -> User | None:
        """The signed-in user: the session cookie, else HTTP Basic credentials (which may raise
        RateLimited, like the login form)."""
        user = self.read(cookies.get(COOKIE))
        if user is not None:
            return user
        auth = headers.get("authorization") or ""
        if auth[:6].lower() == "basic ":
            try:
                name, _, password = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return self.login(name, password, client)
        return None


def safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect to //evil.example)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
