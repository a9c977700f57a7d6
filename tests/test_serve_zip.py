"""The zip reader of `roster serve` alone: hypothesis-generated entry names never write outside
the target folder, and every refusal names the entry."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from roster.web.config import ServeConfig
from roster.web.uploads import UploadRejected, extract_scenario_zip

PIECES = st.sampled_from(
    ["..", ".", "", "a", "scenario.toml", "zones.csv", "C:", "\\", "..\\x", "/", "é", "\x00", " "]
)
NAMES = st.lists(PIECES, min_size=1, max_size=5).map("/".join)


@settings(max_examples=300, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=6), toml_at=st.sampled_from(["", "s/", "s/t/"]))
def test_random_entry_names_never_escape_the_target(names: list[str], toml_at: str) -> None:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the test
        archive.writestr(f"{toml_at}scenario.toml", b'name = "x"\n')
        for name in names:
            with contextlib.suppress(ValueError):  # names zipfile itself refuses to write
                archive.writestr(zipfile.ZipInfo(name), b"data")
    with tempfile.TemporaryDirectory() as temp:
        case = Path(temp)
        target = case / "target"
        target.mkdir()
        config = ServeConfig(data_dir=case, max_zip_files=20)
        try:
            root = extract_scenario_zip(buffer.getvalue(), "u.zip", target, config)
        except UploadRejected as exc:
            assert exc.problems and all(p.file.startswith("u.zip") and p.message for p in exc.problems)
            root = None
        written = [Path(d) / f for d, _, files in os.walk(case) for f in files]
        assert all(p.parent == target and p.is_file() and not p.is_symlink() for p in written), written
        if root is not None:
            assert (target / "scenario.toml").is_file() and "/" not in root  # the top or one folder deep
