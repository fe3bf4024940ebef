"""Errors that the CLI turns into one-line messages."""

from __future__ import annotations

from pydantic import ValidationError


class ItaError(Exception):
    """A user-facing error: a message plus where it happened (file:line or URL)."""

    exit_code = 2

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message, where)  # both in args, so the error survives pickling
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class PackError(ItaError):
    """A rule pack that does not load or does not validate."""


class SheetError(ItaError):
    """A score sheet that does not parse or names unknown ids."""


class EngineError(ItaError):
    """The rule engine failed while evaluating (an action raised, a fact was rejected)."""

    exit_code = 1


def first_error(exc: ValidationError) -> tuple[tuple, str]:
    """The location and a readable message of a pydantic error's first problem (with how many more)."""
    err = exc.errors()[0]
    loc = tuple(err.get("loc", ()))
    msg = err.get("msg", "invalid value")
    if err.get("type") == "extra_forbidden":
        msg = f"unknown key {loc[-1]!r}" if loc else "unknown key"
    elif err.get("type") == "missing":
        msg = f"missing required key {loc[-1]!r}" if loc else "missing required key"
    more = len(exc.errors()) - 1
    return loc, msg + (f" (and {more} more error{'s' if more > 1 else ''})" if more else "")
