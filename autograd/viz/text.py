"""Any object as text that a drawing and a web page can show: tensor and parameter names, module
names, op labels, titles.

A name may be anything a user can write: an int, bytes, None, a tuple, a string holding NUL, a
newline, `</script>` or 100,000 characters, an object whose __str__ raises. `shown(value)` turns it
into printable text of bounded length, which DOT, HTML and JSON escaping then handle safely:

  - None is '' (no name); a str is itself; anything else is what str() gives (its repr, then
    '<TypeName object>', when that raises);
  - characters that are not printable (NUL and other control characters, line and paragraph
    separators, lone surrogates, ...) are written as Python's repr writes them: '\\x00', '\\n', '\\u2028';
  - text longer than the limit keeps its beginning and end around '…'.

The drawing shows names cut to LABEL_LENGTH (`short`); the tooltips and the explorer's panel show
them up to NAME_LENGTH.
"""
NAME_LENGTH = 1000  # characters of a name kept in full: tooltips, the explorer's panel
LABEL_LENGTH = 48  # characters of a name drawn in a box
ELLIPSIS = "…"


def shown(value, limit=NAME_LENGTH):
    """`value` as printable text of at most `limit` characters (see the module's docstring)."""
    if type(value) is str and len(value) <= limit and value.isprintable():
        return value  # the usual name, at once
    text = short(_as_str(value), 2 * limit)  # cut first: str() of a huge object may be megabytes
    return short("".join(_printable(character) for character in text), limit)


def module_path(scope):
    """A module path as one line, 'MLP / fc1: Linear', at most NAME_LENGTH characters."""
    return short(" / ".join(scope), NAME_LENGTH)


def short(text, limit=LABEL_LENGTH):
    """`text` if it has at most `limit` characters; else its first two thirds and last third, with '…'
    between them, `limit` characters in all."""
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 3
    return text[: limit - 1 - tail] + ELLIPSIS + (text[-tail:] if tail else "")


def _as_str(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return str.__str__(value)  # a plain str even for a subclass with its own __str__
    for convert in (str, repr):
        try:
            return str.__str__(convert(value))
        except Exception:  # the user's __str__ or __repr__ failed: try the next
            continue
    return f"<{type(value).__name__} object>"


def _printable(character):
    return character if character.isprintable() or character == " " else repr(character)[1:-1]
