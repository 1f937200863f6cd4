"""The exception that means "bad input from the command line" (exit code 2), and the user file's own exit."""


class UsageError(Exception):
    """Bad usage or refused input; the message says what was wrong and what is accepted."""


class ExitAtImport(SystemExit):
    """The user's file called sys.exit(...) while it was imported, before its function ran."""
