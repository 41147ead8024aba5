"""Staff sessions: a signed cookie naming the user, the role read from SQLite on every request.

The cookie holds only the user name, signed and timestamped with itsdangerous (HttpOnly, SameSite=Lax,
Secure when served over https). The role is looked up each time, so deleting a user or changing a
role takes effect at once rather than when the cookie expires. Scripts may use HTTP Basic auth on the
API routes instead of a cookie.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

from ingest.config import Settings
from ingest.errors import NianbaoError
from ingest.store.sqlite import SqliteStore

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


class Sessions:
    """Issues and reads session cookies; checks passwords through the users table."""

    def __init__(self, secret: str, sql: SqliteStore, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="nianbao-session")
        self.sql = sql
        self.max_age_s = max_age_s

    def login(self, name: str, password: str) -> User | None:
        role = self.sql.verify_user(name, password) if name and password else None
        return None if role is None else User(name.strip(), role)

    def issue(self, user: User) -> str:
        return self._serializer.dumps({"u": user.name})

    def _current(self, name: str) -> User | None:
        user = next((u for u in self.sql.list_users() if u.name == name), None)
        return None if user is None else User(user.name, user.role)

    def read(self, token: str | None) -> User | None:
        if not token:
            return None
        try:
            data = self._serializer.loads(token, max_age=self.max_age_s)
        except BadSignature:  # also covers SignatureExpired
            return None
        name = data.get("u") if isinstance(data, dict) else None
        return self._current(name) if isinstance(name, str) else None

    def from_request(self, cookies: Mapping[str, str], headers: Mapping[str, str]) -> User | None:
        """The signed-in user: the session cookie, else HTTP Basic credentials."""
        user = self.read(cookies.get(COOKIE))
        if user is not None:
            return user
        auth = headers.get("authorization") or ""
        if auth[:6].lower() == "basic ":
            try:
                name, _, password = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return self.login(name, password)
        return None


def safe_next(target: str | None) -> str:
    """Only same-site paths after login (no open redirect to //evil.example)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
