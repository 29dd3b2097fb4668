"""An httpx transport that answers from an in-process Sandbox, with its state in a JSON file."""

from __future__ import annotations

from pathlib import Path

import httpx

from ghlsync.sandbox.app import Sandbox, is_lost_answer
from ghlsync.sandbox.faults import FaultSettings
from ghlsync.sandbox.state import SandboxState
from ghlsync.sandbox.storage import StateFileLock

__all__ = ["LOST_ANSWER_MESSAGE", "SandboxTransport"]

LOST_ANSWER_MESSAGE = "Server disconnected without sending a response."


class SandboxTransport(httpx.BaseTransport):
    """Plug into ``httpx.Client(transport=...)``; ``close()`` saves the state if it changed."""

    def __init__(
        self,
        sandbox: Sandbox,
        state_path: Path | None = None,
        lock: StateFileLock | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.state_path = state_path
        self._lock = lock

    @classmethod
    def open(cls, path: Path, faults: FaultSettings | None = None) -> SandboxTransport:
        """Lock and load the state file (missing: empty state) until ``close()``.

        UsageError when it is unreadable, or still in use by another process after a wait.
        """
        lock = StateFileLock(path)
        try:
            real = lock.state_path
            return cls(Sandbox(SandboxState.load(real), faults), real, lock)
        except BaseException:
            lock.release()
            raise

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.sandbox.handle(request)
        if is_lost_answer(response):
            raise httpx.RemoteProtocolError(LOST_ANSWER_MESSAGE, request=request)
        return response

    def close(self) -> None:
        try:
            if self.state_path is not None:
                self.sandbox.save_if_changed(self.state_path)
        finally:
            if self._lock is not None:
                self._lock.release()
