"""Domain errors that views map to HTTP statuses with a stable machine-readable code."""
from __future__ import annotations


class DomainError(Exception):
    """Base for errors a service raises; `code` goes to the client as {"detail": {"error": code}}."""

    status_code = 400

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class NotFoundError(DomainError):
    """Raise when a thing does not exist or the caller may not know that it does."""

    status_code = 404


class PermissionDenied(DomainError):
    """Raise when the caller is known but not allowed."""

    status_code = 403


class ConflictError(DomainError):
    """Raise when the request conflicts with current state."""

    status_code = 409


class GoneError(DomainError):
    """Raise when a thing existed but is no longer usable."""

    status_code = 410


class InvalidError(DomainError):
    """Raise when a request is well-formed but refers to the wrong things."""

    status_code = 422
