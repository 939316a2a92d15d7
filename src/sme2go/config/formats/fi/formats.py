"""Finnish day and month in the form a date takes in a sentence: "15. maaliskuuta"
(Django's own pattern uses the nominative, "15. maaliskuu"); every other format is
Django's."""

MONTH_DAY_FORMAT = "j. E"
