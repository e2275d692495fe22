"""Errors raised while turning a file into a Document."""
from __future__ import annotations


class IngestError(ValueError):
    """A file cannot become a Document; the message names the file and the problem.

    A ValueError subclass so callers that only care about "bad input" need not
    import this module.
    """
