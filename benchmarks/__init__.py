"""Performance harness for Voordeurcheck at sector scale.

``python -m benchmarks.run`` seeds synthetic sectors (``readiness seed-synthetic``) on
SQLite and PostgreSQL and measures the pages (AppTest and headless Chromium), the
denktank aggregation, ``readiness sector`` and the exports. Each measurement that must
start cold runs in a fresh process (:mod:`benchmarks.probes`). Results go to
``benchmarks/results/*.json`` (git-ignored) and a markdown table on stdout; the
recorded figures and the targets are in BENCHMARKS.md.

Modules: :mod:`benchmarks.run` (the run and its options), :mod:`benchmarks.pages` (first
render of every page against a bare Streamlit page; also runnable on its own),
:mod:`benchmarks.servers` (processes, seeded databases, Streamlit servers),
:mod:`benchmarks.report` (tables and target checks), :mod:`benchmarks.probes` (cold
measurements in a fresh process), :mod:`benchmarks.load` (many respondents at once),
:mod:`benchmarks.clicks` (server CPU per answer click), :mod:`benchmarks.guard` (the
personal-data guard on hostile text).
"""
