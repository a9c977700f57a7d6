"""The state of each mission of a planning in the confirmation round, and the answers that change it.

A mission is `proposed` until its doctor answers: yes makes it `confirmed`, no makes a
proposed mission `declined` and a confirmed one `cancelled` (the doctor withdraws after
saying yes). A re-plan round removes declined and cancelled missions and never offers
those doctor-days again; their rows are kept in the new planning's `states.csv`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

MissionState = Literal["proposed", "confirmed", "declined", "cancelled"]
STATES: tuple[MissionState, ...] = ("proposed", "confirmed", "declined", "cancelled")
REFUSED: tuple[MissionState, ...] = ("declined", "cancelled")  # removed by a round, never offered again
STATE_COLUMNS = ("date", "doctor_id", "site_id", "state", "changed_by", "changed_at", "comment")
YES_WORDS = ("oui", "yes", "1")
NO_WORDS = ("non", "no", "0")


class StateRow(BaseModel):
    """One row of states.csv: a mission (or a refused doctor-day of an earlier round) and its state."""

    model_config = ConfigDict(frozen=True)

    date: dt.date
    doctor_id: str
    site_id: str
    state: MissionState = "proposed"
    changed_by: str = ""
    changed_at: str = ""  # ISO 8601 date-time (UTC), empty while nobody changed it
    comment: str = ""

    @property
    def key(self) -> tuple[str, dt.date]:
        """(doctor, date): a doctor has at most one mission a day."""
        return self.doctor_id, self.date


class Answer(BaseModel):
    """A doctor's answer about their mission of one day (`line`: where it was read, 0 if typed)."""

    model_config = ConfigDict(frozen=True)

    doctor_id: str
    date: dt.date
    yes: bool
    comment: str = ""
    line: int = 0


def answer_word(text: str) -> bool | None:
    """True for oui/yes/1, False for non/no/0 (any case), None for anything else."""
    word = text.strip().lower()
    return True if word in YES_WORDS else False if word in NO_WORDS else None


def answered(row: StateRow, answer: Answer, by: str, at: str) -> StateRow:
    """The row after the answer: yes confirms; no declines a proposal, cancels a confirmation."""
    if answer.yes:
        state: MissionState = "confirmed"
    else:
        state = "cancelled" if row.state in ("confirmed", "cancelled") else "declined"
    return row.model_copy(
        update={"state": state, "changed_by": by, "changed_at": at, "comment": answer.comment}
    )
