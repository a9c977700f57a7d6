"""Input problems reported as `file:line: message`, all at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    """A scenario (or planning) folder that breaks the contract; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(issue) for issue in issues))


@dataclass
class IssueLog:
    """Collects issues while a folder is read, so that all of them are reported together."""

    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    def error(self, path: Path | str, line: int | None, message: str) -> None:
        self.issues.append(Issue(str(path), line, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.warnings.append(Issue(str(path), line, message))

    def __bool__(self) -> bool:
        return bool(self.issues)

    def raise_if_any(self) -> None:
        if self.issues:
            raise ScenarioError(list(self.issues))
