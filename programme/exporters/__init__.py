"""Exports of a programme release: JSON schedule, Frab schedule XML, print HTML and PDF, the week pack ZIP.

They read a release (never the draft) and render; views and tasks call them, the domain never does."""
