"""CSV text of a table meant for a spreadsheet: text cells cannot start a formula."""

from __future__ import annotations

import pandas as pd

from roster.models.safe_text import spreadsheet_cell


def spreadsheet_csv(frame: pd.DataFrame) -> str:
    """`frame` as CSV (`\\n` line ends), each text cell passed through `spreadsheet_cell`."""
    return frame.map(spreadsheet_cell).to_csv(index=False, lineterminator="\n")
