"""Text that is safe to show and to open: ids and names without control characters,
spreadsheet cells that cannot start a formula.

The policy (docs/scenario-format.md, "Text safety"):
- ids and names never hold a control character (C0, DEL, C1, U+2028/U+2029): refused
  at validation with file:line;
- ids never start with `=`, `+`, `-` or `@` (a spreadsheet would read a formula);
- free text (names, labels) written to a file meant for a spreadsheet goes through
  `spreadsheet_cell`, which prefixes `'` to a cell starting with `=`, `+`, `-`, `@`,
  a tab or a CR, unless the cell is a plain number.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL = CONTROL_CHARACTERS
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot be an id or a name (a control character in it), or None."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return f"contains a control character (U+{ord(found.group()):04X}); remove it"


def id_problem(text: str) -> str | None:
    """Why `text` cannot be an id, or None."""
    problem = control_character_problem(text)
    if problem is None and text.startswith(FORMULA_START[:4]):
        return f"must not start with {text[0]!r} (a spreadsheet would read a formula)"
    return problem


def check_id(text: str) -> str:
    """Pydantic validator: `text` unchanged, ValueError if it cannot be an id."""
    problem = id_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def check_name(text: str) -> str:
    """Pydantic validator: `text` unchanged, ValueError if it holds a control character."""
    problem = control_character_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def spreadsheet_cell(value: object) -> object:
    """A cell for a CSV meant for a spreadsheet: text starting like a formula gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def printable(text: str) -> str:
    """`text` with every control character replaced by a space (for .ics, Markdown, a terminal)."""
    return _CONTROL.sub(" ", text)
