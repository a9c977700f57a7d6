"""Text shared by the READMEs `roster generate` writes into a scenario folder."""

from __future__ import annotations

# The part of a generated scenario's README that says what is real data and what is not
# (the README of `roster generate` and of `--zones official` alike).
REAL_AND_SYNTHETIC: tuple[str, ...] = (
    "## What is real and what is synthetic",
    "",
    "- **Real**: the zones are real EPCI (SIREN, name, department, population), the sites,",
    "  practices, volunteers and locums sit at real commune centres (INSEE COG 2025), and",
    "  the priority of each zone comes from its population-weighted DREES APL 2023:",
    "  `priority = round(1 + 4 * clip((4.0 - APL) / 3.0, 0, 1), 1)`,",
    "  `demand_days = clip(round(population / 1000), 2, 20)`.",
    "- **Synthetic**: the people (names, availability, caps, max km), site capacities and",
    "  opening days, practices' staffing. Public holidays are the French ones of the month.",
)

REBUILD_END = "\n```\n\n## What is real"  # where a generated README's rebuild command ends


def with_rebuild_options(readme: str, options: list[str]) -> str:
    """A generated README with `options` added to its `roster generate` rebuild command."""
    if not options or REBUILD_END not in readme:
        return readme
    extra = "".join(f" \\\n    {option}" for option in options)
    return readme.replace(REBUILD_END, extra + REBUILD_END, 1)
