"""English dates as written in Europe, where the programmes run: Django's British English
display formats ("15 Mar 2027", "15/03/2027", weeks from Monday) instead of the US ones
("March 15, 2027", "03/15/2027"). Input formats stay Django's English ones."""

from django.conf.locale.en_GB import formats as _british

DATE_FORMAT = _british.DATE_FORMAT
MONTH_DAY_FORMAT = _british.MONTH_DAY_FORMAT
SHORT_DATE_FORMAT = _british.SHORT_DATE_FORMAT
FIRST_DAY_OF_WEEK = _british.FIRST_DAY_OF_WEEK
# The 24-hour clock, as agendas and meeting grids are written in Europe ("09:30", not
# Django's English "9:30 a.m.").
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
