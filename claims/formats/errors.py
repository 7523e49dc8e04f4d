"""The one error the readers in claims.formats raise for input they cannot read."""


class FormatError(ValueError):
    """Input that is not in the expected format; the message says which input and why."""
