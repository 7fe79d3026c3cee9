"""Performance harness for Voordeurcheck at sector scale.

``python -m benchmarks.run`` seeds synthetic sectors (``readiness seed-synthetic``) on
SQLite and PostgreSQL and measures the pages (AppTest and headless Chromium), the
denktank aggregation, ``readiness sector`` and the exports. Each measurement that must
start cold runs in a fresh process (:mod:`benchmarks.probes`). Results go to
``benchmarks/results/*.json`` (git-ignored) and a markdown table on stdout; the
recorded figures and the targets are in BENCHMARKS.md.
"""
