"""British dates as Accord has always written them: “5 February 2024, 23:59”, a 24-hour clock and the month in full.

Only what differs from Django's own en_GB formats is set here (settings.FORMAT_MODULE_PATH); every other format,
the input formats included, is Django's.
"""

DATE_FORMAT = "j F Y"  # '25 October 2006'
TIME_FORMAT = "H:i"  # '14:30'
DATETIME_FORMAT = "j F Y, H:i"  # '25 October 2006, 14:30'
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # '25/10/2006 14:30'
