"""Which column of a sign-up export holds what: the national form's names, or a mapping file.

A mapping file (TOML) renames columns for another form and sets defaults:

```toml
[columns]            # field = "column name in the export" (any case, accents optional)
last_name = "Nom de famille"
commune = "Ville du cabinet"

[defaults]           # used when the export has no such column, or an empty cell
max_days = 2         # default: the scenario's max_days_per_doctor
max_km = 60          # default: the scenario's day_trip_max_km

[export]
sheet = "Dossiers"   # .xlsx export: the sheet to read (default: the first one)
```
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from roster.scenarios.errors import IssueLog

# field -> (default column name of the national form, required?)
FIELDS: dict[str, tuple[str, bool]] = {
    "last_name": ("Nom", True),
    "first_name": ("Prénom", True),
    "email": ("Email", False),
    "phone": ("Téléphone", False),
    "rpps": ("Numéro RPPS", True),
    "commune": ("Commune d'exercice", True),
    "sites": ("Lieux souhaités", False),
    "slots": ("Créneaux souhaités", False),
    "availability": ("Disponibilités", True),
    "max_days": ("Jours maximum", False),
    "max_km": ("Distance maximale (km)", False),
    "practice": ("Cabinet", False),
    "only_wished": ("Uniquement mes souhaits", False),
    "available_from": ("Disponible à partir du", False),
}
DEFAULT_KEYS = ("max_days", "max_km")


def header_key(text: str) -> str:
    """A column name compared loosely: case, accents, spaces and apostrophes ignored."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9()]+", " ", text).strip()


@dataclass(frozen=True)
class Mapping:
    """Column name per field, defaults, and the sheet of a workbook export."""

    columns: dict[str, str] = field(default_factory=lambda: {k: v for k, (v, _) in FIELDS.items()})
    defaults: dict[str, float] = field(default_factory=dict)
    sheet: str | None = None
    path: Path | None = None


def _line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def load_mapping(path: Path | None, log: IssueLog) -> Mapping:
    """The national form's columns, renamed by the mapping file when given (problems go to `log`)."""
    if path is None:
        return Mapping()
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        log.error(path, None, "no such mapping file")
        return Mapping()
    except (OSError, UnicodeDecodeError) as exc:
        log.error(path, 1, f"cannot be read: {exc}")
        return Mapping()
    except tomllib.TOMLDecodeError as exc:
        log.error(path, 1, f"bad TOML: {exc}")
        return Mapping()
    columns = {k: v for k, (v, _) in FIELDS.items()}
    defaults: dict[str, float] = {}
    sheet = None
    for section, body in data.items():
        if section not in ("columns", "defaults", "export") or not isinstance(body, dict):
            log.error(
                path,
                _line(text, section) or 1,
                f"unknown section '{section}' (use [columns], [defaults], [export])",
            )
            continue
        for key, value in body.items():
            line = _line(text, key) or 1
            if section == "columns":
                if key not in FIELDS:
                    log.error(path, line, f"unknown field '{key}' (fields: {', '.join(FIELDS)})")
                elif not isinstance(value, str) or not value.strip():
                    log.error(path, line, f"'{key}': give the export's column name in quotes")
                else:
                    columns[key] = value.strip()
            elif section == "defaults":
                ok = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
                if key not in DEFAULT_KEYS:
                    log.error(path, line, f"unknown default '{key}' (defaults: {', '.join(DEFAULT_KEYS)})")
                elif not ok or (key == "max_days" and value != int(value)):
                    log.error(
                        path,
                        line,
                        f"'{key}': must be a number >= 0" + (" (whole)" if key == "max_days" else ""),
                    )
                else:
                    defaults[key] = float(value)
            elif key == "sheet" and isinstance(value, str):
                sheet = value
            else:
                log.error(path, line, f"unknown [export] key '{key}' (only sheet = \"name\")")
    return Mapping(columns, defaults, sheet, path)
