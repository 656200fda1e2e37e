"""CSV cells that a spreadsheet will not run: every export of every app writes its cells through ``guard_formula``.

A cell starting with one of FORMULA_STARTS is read as a formula by Excel, LibreOffice and Google Sheets (OWASP's
"CSV injection"), so a name typed as ``=HYPERLINK(...)`` would become a link, or worse, on the course team's
machine. Such text gets a leading apostrophe; empty text stays empty; numbers (ints, floats, Decimals) and None
are left as they are."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
