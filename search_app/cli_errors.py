"""How the command line reports trouble: one line saying what is wrong and what to do, never a
traceback; exit status 2 for a request that cannot be read (usage), 3 when another indexing run
holds the lock, 1 otherwise.

``fail("No city profile is called “Atlantis”", 2)``
"""

from __future__ import annotations

import logging

import click

from indexer.errors import IndexerError, LockHeld

from .compare import UnknownCity
from .query import BadRequest

log = logging.getLogger(__name__)


class Failure(click.ClickException):
    """A command's own failure: click prints ``Error: <message>`` and exits with `exit_code`."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit does not fail on the closed pipe again."""
    import os
    import sys
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def fail(message: str, code: int = 1):
    raise Failure(message, code)


class Commands(click.Group):
    """The command group: what a command lets escape becomes one line (see the module's doc)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (BadRequest, UnknownCity) as exc:
            raise Failure(str(exc), 2) from None
        except LockHeld as exc:
            raise Failure(str(exc), 3) from None
        except IndexerError as exc:
            raise Failure(str(exc), 1) from None
        except KeyboardInterrupt:
            raise Failure("interrupted", 130) from None
        except BrokenPipeError:  # the reader went away (`| head`): nothing more to say, as other tools
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:  # a bug: say so in one line; -v logs where it happened
            log.info("unexpected error", exc_info=True)
            raise Failure(f"unexpected error ({type(exc).__name__}: {exc}); run the command again with -v "
                          "to see where it happened, and report it") from None
