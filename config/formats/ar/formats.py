"""Arabic date and time together: Django's ar formats have a date and a time format but no date-time one, so
DATETIME_FORMAT would fall back to the American default ("N j, Y, P")."""

DATETIME_FORMAT = "j F، Y، g:i A"  # '25 أكتوبر، 2006، 2:30 م'
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y g:i A"  # Django's ar short date, then the time
