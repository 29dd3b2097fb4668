"""A signal that lands while the main thread holds the stop event's lock must not deadlock.

Before the relay, the handlers called ``Event.set`` in the main thread; when the signal landed
inside ``Event.wait`` (which holds the event's lock for a moment) the process hung forever:
``sandbox serve`` ignored SIGTERM that way. Each case runs in a child process with a timeout.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

_CHILD = """
import os, signal, threading, time
{setup}
stop = threading.Event()
with {context}:
    with stop._cond:                       # where Event.wait is when the signal lands
        os.kill(os.getpid(), signal.{signal})
        time.sleep(0.2)                    # a Python-level handler would run here
    print("stopped" if stop.wait(5) else "not stopped", flush=True)
"""

_CONTEXTS = {
    "sandbox serve": (
        "from ghlsync.sandbox.server import _stop_on_signals",
        "_stop_on_signals(stop)",
    ),
    "apply runner": ("from ghlsync.plumbing.runner import stop_on_sigint", "stop_on_sigint(stop)"),
}


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("where", sorted(_CONTEXTS))
def test_a_signal_inside_the_events_lock_still_stops(where: str, signal_name: str) -> None:
    setup, context = _CONTEXTS[where]
    script = _CHILD.format(setup=setup, context=context, signal=signal_name)
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{where}: {signal_name} inside Event.wait's lock deadlocked the process")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"


def test_handlers_are_restored_after_the_relay() -> None:
    import signal

    from ghlsync.plumbing.signals import relay_signals

    before = signal.getsignal(signal.SIGTERM)
    with relay_signals((signal.SIGTERM,), lambda _signum: None):
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
    assert signal.set_wakeup_fd(-1) == -1  # no wakeup socket left behind
