"""Chinese month and day as written in China: "3月15日". Django's own pattern pads the
month ("03月15日"); every other format is Django's."""

MONTH_DAY_FORMAT = "n月j日"
