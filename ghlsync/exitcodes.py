"""The exit codes of every ghlsync command (README, "Commands").

``ERROR`` covers every failure, usage errors included, because CI scripts read ``CHANGES``
as "there are changes": a typo must never look like one.
"""

from __future__ import annotations

__all__ = ["CHANGES", "ERROR", "INTERRUPTED", "OK", "TERMINATED"]

OK = 0
ERROR = 1
CHANGES = 2  # only plan --detailed-exitcode with changes, and diff with differences
INTERRUPTED = 130  # Ctrl-C
TERMINATED = 143  # SIGTERM: handled as Ctrl-C is
