"""The one exception that means "bad input from the command line": exit code 2."""


class UsageError(Exception):
    """Bad usage or refused input; the message says what was wrong and what is accepted."""
