"""One guard around every command: however a command ends, the user gets at most one line on
stderr and an exit code from the contract, never a traceback.

- an expected failure (ReviewerError): its line and its code (2 usage, 3 provider);
- Ctrl-C: pending work is dropped and requests in flight abandoned (the pipeline closes its
  client on the way out), then `error: interrupted` and 130; a second Ctrl-C is ignored;
- anything else is a bug: `internal error: ...` and 4, so CI never takes a crash for findings
  (1) or a pass (0). REVIEWER_DEBUG=1 prints the traceback as well.
"""

from __future__ import annotations

import os
import signal
import threading
import traceback
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

import typer

from reviewer.contract import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK
from reviewer.errors import NothingToDo, ReviewerError
from reviewer.terminal import say


def _on_interrupt(signum: int, frame: FrameType | None) -> None:
    # The first Ctrl-C stops the run; a second must not break into the cleanup with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _masked(text: str) -> str:
    """The secrets the run holds are never shown, even inside an unexpected error's message."""
    from reviewer.trust.masking import held_secrets, mask_text

    return mask_text(text, held_secrets(os.environ, None))


def guarded(command: Callable[[], int]) -> NoReturn:
    """Run `command` (which returns an exit code) and exit as the contract says."""
    watching = threading.current_thread() is threading.main_thread()
    previous: Any = signal.signal(signal.SIGINT, _on_interrupt) if watching else None
    interrupted = False
    try:
        code = command()
    except typer.Exit:
        raise  # click's Exit is a RuntimeError: an exit asked for, not a bug
    except ReviewerError as exc:
        say("error", exc.message)
        code = exc.exit_code
    except NothingToDo as exc:
        say("warning", str(exc))
        code = EXIT_OK
    except KeyboardInterrupt:
        interrupted = True
        say("error", "interrupted")
        code = EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("REVIEWER_DEBUG"):
            traceback.print_exc()
        detail = _masked(" ".join(f"{type(exc).__name__}: {exc}".split()))
        hint = (
            "" if os.environ.get("REVIEWER_DEBUG") else "; set REVIEWER_DEBUG=1 for the traceback"
        )
        say("error", f"internal error: {detail}{hint}")
        code = EXIT_INTERNAL
    finally:
        # Restored unless interrupted: then the process is on its way out, and stays deaf.
        if watching and not interrupted:
            signal.signal(signal.SIGINT, previous)
    raise typer.Exit(code)
