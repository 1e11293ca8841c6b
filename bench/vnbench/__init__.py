"""The pieces of bench/run: processes and their cost, the corpus, SQLite FTS5, wrk, the
judged queries, and the report. Standard library only."""
