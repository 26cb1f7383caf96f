# Django's English times are on a twelve-hour clock ("6 p.m."): the
# abbreviation's full stop doubles the one of a sentence that ends with a
# time ("... due by March 5, 2026, 6 p.m.."), and Kazakhstan reads a
# 24-hour clock anyway. The dates stay Django's.
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
TIME_FORMAT = "H:i"
