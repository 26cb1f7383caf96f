# Django writes a Russian date as "2 марта 2026 г."; the abbreviation's full
# stop doubles the one of a sentence that ends with the date ("... 2026 г..").
# The year alone reads as well and ends no sentence twice. The other formats
# are Django's.
DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, G:i"
