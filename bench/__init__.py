"""The national-scale benchmark (``manage.py bench``): deterministic data, page and import
timings against the database's own limit, one table. See BENCHMARKS.md."""
