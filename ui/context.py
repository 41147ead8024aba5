"""What every part of the web app shares: one Stores, one QAService, the rate limiter, the sessions.

Built once per app by `ui.server.create_app`; routes and tabs receive it instead of opening stores
themselves, so a process answers with one model and one SQLite connection.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.config import Settings
from ingest.store import Stores
from qa.records import Answer
from qa.service import QAService, QuestionError
from ui.answer_log import AnswerLog
from ui.auth import Sessions
from ui.limits import RateLimited, RateLimiter

__all__ = ["AppContext", "QuestionError", "RateLimited", "RateLimiter"]


@dataclass
class AppContext:
    settings: Settings
    stores: Stores
    service: QAService
    sessions: Sessions
    limiter: RateLimiter
    answers: AnswerLog | None = None  # the archive, written behind the answers (ui.answer_log)

    def ask(self, question: str, client: str, channel: str) -> Answer:
        """The one way the web, the JSON API and the OpenAI API ask: rate limit, then `QAService.ask`.

        Raises RateLimited or QuestionError (both carry a Chinese message for the user)."""
        self.limiter.check(client or "unknown")
        if self.answers is None:
            return self.service.ask(question, channel=channel)
        answer = self.service.ask(question, channel=channel, record=False)
        self.answers.put(answer, channel)
        return answer

    def reports_changed(self) -> None:
        """After a delete or re-ingest: a fresh QAService, because its report cache is keyed by the
        file's sha256 and a re-ingest may parse the same file differently."""
        self.service = QAService(self.stores, self.settings, llm=self.service.llm)
