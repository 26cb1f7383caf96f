# Django's English times are on a twelve-hour clock ("6 p.m."): the
# abbreviation's full stop doubles the one of a sentence that ends with a
# time ("... due by March 5, 2026, 6 p.m.."), and Kazakhstan reads a
# 24-hour clock anyway. Django's short forms are American and numeric
# ("01/31/2027"), which a reader here takes for 1 December or cannot read at
# all; the short forms name the month as the long ones do ("Jan. 31, 2027").
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATE_FORMAT = "N j, Y"
SHORT_DATETIME_FORMAT = "N j, Y, H:i"
TIME_FORMAT = "H:i"
