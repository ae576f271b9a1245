"""Personnummer never reach a log: neither the access log's ``path`` nor the server's request log.

A search by personnummer is a POST, so the number is not in any address the app makes; but an
address can still be typed or linked by hand, and a request line, an error or a message may
carry one. Anything that looks like one is masked: 10 or 12 digits, the last four optionally
after a - or + (also as %2B, URL-encoded), standing alone rather than within a longer number.
"""

import logging
import re

PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}(?:[-+]|%2[bB])?\d{4}(?!\d)")
MASK = "[personnummer]"


def mask_personal_numbers(text: str) -> str:
    return PERSONAL_NUMBER.sub(MASK, text)


class MaskPersonalNumbers(logging.Filter):
    """A logging filter for every handler (see LOGGING in config/settings.py): the record's
    message, with its arguments put in, and its traceback are masked before any formatter or
    handler sees them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_numbers(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        return True
