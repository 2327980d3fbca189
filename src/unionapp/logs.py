"""The log file (`unionapp.log` in the data folder), for the window and the command line
alike. Whatever reaches it, a message or a traceback, passes the masking rules first:
an error while saving a member must not leave their ID number and phone in a file that
is sent to whoever helps with a problem."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from unionapp import config
from unionapp.domain.masking import mask_text

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_TRACEBACKS = logging.Formatter()


class MaskingFilter(logging.Filter):
    """Rewrites each record in place, so every handler after it sees the masked text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - arguments that don't fit the format: keep the format
            message = str(record.msg)
        record.msg = mask_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:  # the formatters print exc_text, not exc_info, once it is set
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


class _LogFile(logging.FileHandler):
    def handleError(self, record: logging.LogRecord) -> None:
        """A log that can't be written (full disk, read-only folder) must not put a
        Python traceback in front of the user; the failure itself is said elsewhere."""


def open_log(level: int = logging.INFO) -> logging.Handler | None:
    """Log to the file from now on (created on the first record); None when the data
    folder can't be made, in which case nothing is logged."""
    try:
        handler = _LogFile(config.log_path(), encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(MaskingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # Alembic names each of its plugins at INFO on every start: noise for whoever reads the log.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    return handler


def close_log(handler: logging.Handler | None) -> None:
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()


@contextmanager
def log_file() -> Iterator[logging.Handler | None]:
    """The log for the length of one command line run."""
    handler = open_log()
    try:
        yield handler
    finally:
        close_log(handler)
