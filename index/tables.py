"""Standard tables → Figures (being written). Interface fixed:

parse_report(doc, *, agency=None, year=None) -> ParsedReport   (figures + checks + identity, table_spans)
"""
