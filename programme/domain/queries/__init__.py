"""Reads that several pages, exports and tasks of the programme need."""
