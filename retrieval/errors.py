"""The one base class of the errors a user can fix: bad input, config, corpus file or index.

The command line turns an `InputError` into a one-line message and exit code 2; any
other exception escaping the library is a bug in newsqa, and is left to print its
traceback (exit 1). That split only works if library code raises `InputError`
subclasses for what the user did, and never for its own mistakes.
"""

from __future__ import annotations


class InputError(ValueError):
    """Something the user gave that newsqa cannot use; the message says what and where.

    A ValueError, so code written before this class existed still catches it.
    """


class ArticleIdError(InputError, KeyError):
    """An article id that the index lacks (remove) or already holds (add)."""

    def __str__(self) -> str:
        # KeyError's own str() is the repr of its argument: 'no article with id nope', quotes included
        return str(self.args[0]) if self.args else ""
