"""Importers: parsers turn files into normalized rows (rows.py); writer.py writes them.

The archive CSV (archive_csv.py) and the timing files both go through
`results.importers.writer.write_sessions`, so matching by name, in-place updates, class
positions and the report work the same for every source.
"""
