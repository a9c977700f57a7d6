"""Input problems reported as `file:line: message`, all at once, within bounds.

A hostile file can hold millions of faults; the log keeps the first few of each kind
(same file, same message once values and numbers are set aside) and at most
`SHOWN_TOTAL` in all, and counts the rest: "... and 999,998 more like this".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SHOWN_PER_KIND = 5
SHOWN_TOTAL = 200
MAX_KINDS = 10_000  # distinct kinds tracked; beyond, they share one counter per file
_COLUMN_PREFIX = re.compile(r"^column '[^']{0,80}': ")
_VALUES = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\d+(?:[.,]\d+)*")


@dataclass(frozen=True, order=True)
class Issue:
    """One problem in one input file; `line` 1 is the header row."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class ScenarioError(Exception):
    """A scenario (or planning) folder that breaks the contract; carries the issues shown
    and `total`, the number of problems found (more than shown when the log was capped)."""

    def __init__(self, issues: list[Issue], total: int | None = None) -> None:
        self.issues = issues
        self.total = len(issues) if total is None else total
        super().__init__("\n".join(str(issue) for issue in issues))


def message_kind(path: str, message: str) -> tuple[str, str]:
    """What makes two messages "alike": the file, the column named first, the wording
    once quoted values and numbers are set aside."""
    prefix = _COLUMN_PREFIX.match(message)
    head = prefix.group(0) if prefix else ""
    return path, head + _VALUES.sub("#", message[len(head) :])


@dataclass
class _Capped:
    """Issues kept within bounds, with the count of those not kept per kind."""

    kept: list[Issue] = field(default_factory=list)
    shown: dict[tuple[str, str], int] = field(default_factory=dict)
    hidden: dict[tuple[str, str], int] = field(default_factory=dict)
    total: int = 0

    def add(self, issue: Issue) -> None:
        self.total += 1
        key = message_kind(issue.path, issue.message)
        if key not in self.shown and len(self.shown) >= MAX_KINDS:
            key = (issue.path, "*")
        count = self.shown.get(key, 0)
        if count < SHOWN_PER_KIND and len(self.kept) < SHOWN_TOTAL:
            self.shown[key] = count + 1
            self.kept.append(issue)
        else:
            self.shown.setdefault(key, count)
            self.hidden[key] = self.hidden.get(key, 0) + 1

    def reported(self) -> list[Issue]:
        """The kept issues, each kind followed by "... and N more like this"."""
        last: dict[tuple[str, str], int] = {}
        for i, issue in enumerate(self.kept):
            last[message_kind(issue.path, issue.message)] = i
        out: list[Issue] = []
        unplaced = dict(self.hidden)
        for i, issue in enumerate(self.kept):
            out.append(issue)
            key = message_kind(issue.path, issue.message)
            if last.get(key) == i and key in unplaced:
                out.append(Issue(issue.path, None, f"... and {unplaced.pop(key):,} more like this"))
        rest = sum(unplaced.values())
        if rest:
            paths = sorted({path for path, _ in unplaced})
            where = paths[0] if len(paths) == 1 else f"{len(paths)} files"
            out.append(Issue(where, None, f"... and {rest:,} more problem(s) not shown"))
        return out


@dataclass
class IssueLog:
    """Collects issues while a folder is read, so that all of them are reported together.

    Memory stays bounded whatever the input: see `SHOWN_PER_KIND` and `SHOWN_TOTAL`.
    """

    _errors: _Capped = field(default_factory=_Capped)
    _warnings: _Capped = field(default_factory=_Capped)

    def error(self, path: Path | str, line: int | None, message: str) -> None:
        self._errors.add(Issue(str(path), line, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self._warnings.add(Issue(str(path), line, message))

    @property
    def issues(self) -> list[Issue]:
        """The errors to show (with their "... and N more like this" lines)."""
        return self._errors.reported()

    @property
    def warnings(self) -> list[Issue]:
        return self._warnings.reported()

    @property
    def error_count(self) -> int:
        return self._errors.total

    def __bool__(self) -> bool:
        return self._errors.total > 0

    def raise_if_any(self) -> None:
        if self:
            raise ScenarioError(self.issues, self._errors.total)
