"""The Cartesian grid of a sweep: one variant per combination of `--set` values."""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from roster.models import Scenario
from roster.whatif.overrides import Change, OverrideError, Target, apply_changes, parse_set_option

MAX_SLUG = 120
MAX_VARIANTS = 1_000  # default of `sweep --max-variants` (docs/scenario-format.md, sweep limits)


@dataclass(frozen=True)
class Axis:
    """One `--set`: a knob and the values it takes."""

    target: Target
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Variant:
    """One point of the grid; `index` is its place in grid order (first axis slowest)."""

    index: int
    params: tuple[tuple[Target, Change], ...]

    @property
    def slug(self) -> str:
        return variant_slug(self.params)

    def values(self) -> dict[str, str]:
        """Parameter key -> canonical value (`120`, `*1.5`, `+20`)."""
        return {target.key: change.text for target, change in self.params}


def parse_axes(options: Sequence[str]) -> list[Axis]:
    """The `--set` options in order; a key given twice is an error."""
    axes: list[Axis] = []
    for text in options:
        target, changes = parse_set_option(text)
        if any(axis.target == target for axis in axes):
            raise OverrideError(f"--set {target.key} is given twice; list every value in one --set")
        axes.append(Axis(target, changes))
    if not axes:
        raise OverrideError("sweep needs at least one --set KEY=V1,V2,...")
    return axes


def grid_size(axes: Sequence[Axis]) -> int:
    """How many variants the grid holds (computed, not built)."""
    return math.prod(len(axis.changes) for axis in axes)


def check_grid_size(axes: Sequence[Axis], max_variants: int = MAX_VARIANTS) -> int:
    """The grid size; OverrideError above `max_variants` (each variant is a full solve)."""
    size = grid_size(axes)
    if size > max_variants:
        counts = " x ".join(str(len(axis.changes)) for axis in axes)
        raise OverrideError(
            f"--set gives {counts} = {size:,} variants, more than --max-variants {max_variants:,}; "
            "list fewer values or raise --max-variants"
        )
    return size


def iter_grid(axes: Sequence[Axis]) -> Iterator[Variant]:
    """Every combination, lazily, the first axis varying slowest."""
    combos = itertools.product(*(axis.changes for axis in axes))
    for i, combo in enumerate(combos):
        yield Variant(i, tuple(zip((a.target for a in axes), combo, strict=True)))


def expand_grid(axes: Sequence[Axis]) -> list[Variant]:
    """Every combination, the first axis varying slowest (call `check_grid_size` first)."""
    return list(iter_grid(axes))


def variant_slug(params: Sequence[tuple[Target, Change]]) -> str:
    """A portable folder name: `max_days_per_doctor=2__doctors.max_km=x1.5` (`*` becomes `x`).

    Names longer than MAX_SLUG characters are cut and end with a hash of the full name.
    """
    slug = "__".join(f"{t.key}={c.text.replace('*', 'x')}" for t, c in params)
    if len(slug) > MAX_SLUG:
        digest = hashlib.sha1(slug.encode()).hexdigest()[:10]
        slug = slug[: MAX_SLUG - 11] + "-" + digest
    return slug


def variant_scenario(base: Scenario, variant: Variant) -> Scenario:
    """The base scenario with the variant's changes applied."""
    return apply_changes(base, variant.params)
