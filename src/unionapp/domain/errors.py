"""Base class for validation errors shown to the user."""


class DomainError(ValueError):
    """A problem the user can fix; ``str(err)`` is the Chinese message."""
