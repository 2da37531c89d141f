"""A total deadline for one blocking call (an HTTP request with its whole answer).

Client libraries time out each socket operation, so a server that trickles one byte a second never
trips them and holds the command forever. `deadline(s)` interrupts the call when `s` seconds have
passed in all, with SIGALRM (main thread of a POSIX process); elsewhere it does nothing and the
per-operation timeouts remain.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class DeadlineExceeded(TimeoutError):
    """The call ran past its total deadline (a TimeoutError: callers' timeout handling applies)."""


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DeadlineExceeded in the block once `seconds` have passed (None or <= 0: no deadline).
    An outer deadline that is sooner stays in force."""
    if not seconds or seconds <= 0 or not _usable():
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer_left and outer_left <= seconds:
        yield  # the outer deadline comes first
        return

    def expire(signum, frame):
        raise DeadlineExceeded(f"no complete answer within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:  # give the outer deadline back what is left of it (at least a moment)
            signal.setitimer(signal.ITIMER_REAL, max(0.001, outer_left - seconds))
