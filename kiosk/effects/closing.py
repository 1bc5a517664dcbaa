"""Court documents a session used up, closed when that session ends (``offline_queue.doc_store``).

A decision or fee answer shown on the status step (or an archive refusal in the list) has done
its work once its person has seen it; an archive has once it was viewed. None of them may go
while the session still shows or prints from them, so the handlers only note them here and the
notes are recorded as closed at the session's end; the sender's purge then removes them after the
retention. A crash before the end loses the notes: those documents then go with the unclosed ones
(``retention.keep_unclosed_documents_days``)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)
VIEWING_CLOSES = ("archive",)
"""Kinds that one viewing uses up (a judgment opened in the viewer is closed by its proof)."""


class SessionDocuments:
    """A session hook (``Controller.session_hooks``): notes during the session, closes at its end."""

    def __init__(self, ports):
        self.ports = ports
        self._lock = threading.Lock()
        self._used: dict[str, str] = {}
        self._opened: set[str] = set()

    def used(self, doc_id: str, how: str) -> None:
        """``doc_id`` was shown to its person (``shown``, ``paid``): closed when the session ends."""
        with self._lock:
            self._used.setdefault(doc_id, how)

    def opened(self, path: str) -> None:
        """A file was opened in the viewer; its document is closed at the end if one viewing uses it up."""
        with self._lock:
            self._opened.add(str(path))

    def start_session(self) -> None:
        pass

    def end_session(self) -> None:
        with self._lock:
            used, opened = dict(self._used), set(self._opened)
            self._used.clear()
            self._opened.clear()
        if not used and not opened:
            return
        outbox = self.ports.outbox() if self.ports.outbox is not None else None
        if outbox is None:
            log.warning("%d court document(s) used this session not closed: no outbox", len(used) + len(opened))
            return
        try:
            self._close(outbox, used, opened)
        except Exception:  # a locked store: they go with the unclosed ones later, never a crashed hook
            log.exception("court documents used this session not closed")

    @staticmethod
    def _close(outbox, used: dict[str, str], opened: set[str]) -> None:
        from sqlmodel import select

        from offline_queue.doc_store import mark_served
        from offline_queue.models import InDocument

        if opened:
            with outbox.session() as s:
                rows = s.exec(select(InDocument).where(InDocument.state == "verified",
                                                       InDocument.kind.in_(VIEWING_CLOSES))).all()
            for row in rows:
                if row.path and any(Path(p).is_relative_to(row.path) for p in opened):
                    used.setdefault(row.doc_id, "viewed")
        for doc_id, how in used.items():
            mark_served(outbox, doc_id, how)
            log.info("court document %s closed (%s) at the end of the session", doc_id, how)
