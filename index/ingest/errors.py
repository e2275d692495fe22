"""Errors raised while turning a file into a Document."""
from __future__ import annotations


class IngestError(ValueError):
    """A file cannot become a Document; the message names the file and the problem.

    A ValueError subclass so callers that only care about "bad input" need not
    import this module.
    """


class DuplicateDocument(IngestError):
    """The file's content is already indexed (under `existing`); adding it again would change nothing."""

    def __init__(self, message: str, existing: str) -> None:
        super().__init__(message)
        self.existing = existing
