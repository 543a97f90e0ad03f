"""Messages a user reads, in English, that remember how they were made so a page can show them in
another language.

The library (query understanding, the pipeline, the CLI) speaks English; a :class:`Message` is that
English text, and also its template and values, which the web layer translates
(:func:`search_app.i18n.translate`). ``msg("year range {a}..{b} is empty", a=2010, b=2008) ==
"year range 2010..2008 is empty"``
"""

from __future__ import annotations


class Message(str):
    """English text with its `template` (the message catalogue's key), its `plural` template when it
    counts something (``values["n"]`` chooses), and its `values`."""

    template: str
    plural: str | None
    values: dict

    def __new__(cls, template: str, plural: str | None = None, **values) -> "Message":
        chosen = plural if plural is not None and values.get("n") != 1 else template
        self = super().__new__(cls, chosen.format(**values) if values else chosen)
        self.template = template
        self.plural = plural
        self.values = values
        return self


def msg(template: str, **values) -> Message:
    """A message from its template and values (``{name}`` fields); its text is the English one."""
    return Message(template, **values)


def nmsg(singular: str, plural: str, n: int, **values) -> Message:
    """A message that counts: ``nmsg("{n} passage", "{n} passages", 2) == "2 passages"``."""
    return Message(singular, plural, n=n, **values)


def message_of(exc: BaseException) -> str:
    """What an error says, as raised (a :class:`Message` when it was given one)."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
