"""Signals handled in a thread of their own, never inside the interrupted code.

A Python signal handler runs in the main thread between two bytecodes, wherever that thread
is: inside ``Event.wait`` holding the event's lock, say. A handler that then calls
``Event.set`` on the same event waits for that lock forever (a deadlock seen with
``sandbox serve`` and SIGTERM). So the handlers here do nothing in Python: the interpreter's
C handler writes the signal number to a wakeup socket, and a relay thread reads it and runs
the callback there, where taking a lock only means waiting for the main thread to let go.
"""

from __future__ import annotations

import signal
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

__all__ = ["relay_signals"]


def _ignore(_signum: int, _frame: FrameType | None) -> None:
    """The Python-level handler: the relay thread does the work."""


@contextmanager
def relay_signals(signals: Sequence[int], callback: Callable[[int], None]) -> Iterator[None]:
    """While inside, each of ``signals`` calls ``callback(signum)`` in a relay thread.

    Outside the main thread (where handlers cannot be installed) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    relay = threading.Thread(target=_relay, args=(reader, set(signals), callback), daemon=True)
    relay.start()
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    previous = {signum: signal.signal(signum, _ignore) for signum in signals}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(previous_fd)
        writer.close()
        relay.join(timeout=1.0)
        reader.close()


def _relay(reader: socket.socket, wanted: set[int], callback: Callable[[int], None]) -> None:
    while received := _receive(reader):
        for signum in received:
            if signum in wanted:
                callback(signum)


def _receive(reader: socket.socket) -> bytes:
    try:
        return reader.recv(64)
    except OSError:
        return b""
