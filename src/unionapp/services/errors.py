"""Errors a service raises for the user to read; all are DomainError, so str() is Chinese."""

from unionapp.domain.errors import DomainError


class NotFoundError(DomainError):
    pass


class DuplicateError(DomainError):
    pass


class InUseError(DomainError):
    pass


class ConcurrentEditError(DomainError):
    pass


class ReadOnlyError(DomainError):
    pass
