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


class NeedsReason(DomainError):
    """A figure falls outside a standard or spending rule: it needs a written reason
    (说明) to be saved. `warnings` lists what fell outside, each naming its rule."""

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        super().__init__("；".join(warnings) + "。如确需这样登记，请填写说明理由。")
