"""What-if analysis: compare plannings side by side and sweep policy grids over a scenario.

* `kpis` — the KPIs compared, their display and which direction is better;
* `overrides` — `--set KEY=V1,V2,...`: the knobs a sweep may turn and how they change a scenario;
* `grid` — the Cartesian grid of variants and their folder names (slugs);
* `scenario_files` — a `Scenario` object back to contract files (to reproduce a variant);
* `runner` — solving variants in local processes or on a Dask cluster;
* `compare` and `sweep_report` — the rich tables and CSV files.
"""
