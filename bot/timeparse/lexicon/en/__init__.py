"""English: the words (keywords, months, weekdays, units) and the English rules, each a regular
expression and the handler that turns its match into tokens, one module per kind (words,
dates and zones, durations, clocks, phrases); `RULES` here lists them in the order they are
tried.
"""

from __future__ import annotations

from bot.timeparse.lexicon.en.clocks import (
    CLOCK_AMPM,
    CLOCK_AP,
    CLOCK_HM,
    HALF_H,
    ORDINAL,
    PAST_TO,
    SPELLED_CLOCK,
)
from bot.timeparse.lexicon.en.dates import (
    CITY_TIME,
    IANA_ZONE,
    ISO_DATETIME,
    NAMED_ZONE,
    PLUS_OFFSET,
    SLASH_DATE,
    UTC_OFFSET,
    YMD,
)
from bot.timeparse.lexicon.en.durations import (
    COUPLE,
    DUR,
    DUR_AND_A_HALF,
    DUR_ARTICLE,
    DUR_H_M,
    DUR_H_N,
    DUR_WORDS,
    FRACTION,
    HALF_HOUR,
    HCLOCK,
    PRIME_MINUTES,
    QUARTER_HOUR,
)
from bot.timeparse.lexicon.en.phrases import (
    ALL_DAY,
    AMPERSAND,
    AMPM_DOTS,
    AT_NIGHT,
    AT_SIGN,
    DASH,
    DAY_AFTER_TOMORROW,
    DAY_BEFORE_YESTERDAY,
    IN_BETWEEN,
    IN_THE_AMPM,
    IN_THE_PART,
    ISH,
    NTH_WEEKDAY,
    OCLOCK,
    ORDINAL_WORD,
    PLUS_LENGTH,
    RIGHT_NOW,
    STRAIGHT_AWAY,
    UP_TO,
    US_AND_CANADA,
    WEEK_WEEKDAY,
    WEEKDAY_OF_WEEK,
    WEEKEND,
    WORD,
)
from bot.timeparse.tokens import _Rule

# The English rules in the order they are tried; at a position the first that matches wins, so
# a longer shape comes before the pieces it is made of.
RULES: list[_Rule] = [
    # dates and zones: a date-time before the date alone
    ISO_DATETIME,  # 2026-11-28T20:00, 2026-11-28t20:00:00+08:00
    YMD,  # 2026-11-28, 2026/11/28, 2026.11.28
    FRACTION,  # 1/2 h, 3/4 hour (before SLASH_DATE reads 1/2 as a date)
    SLASH_DATE,  # 11/28, 28/11/2026
    UTC_OFFSET,  # UTC+8, gmt-5:30 (before WORD reads `utc` alone)
    PLUS_LENGTH,  # the + of `now + 30 minutes` (before PLUS_OFFSET reads +30 as a zone)
    PLUS_OFFSET,  # +8, +05:30
    CITY_TIME,  # beijing time, new york time
    NAMED_ZONE,  # eastern, pacific time
    IANA_ZONE,  # asia/tokyo, america/new_york
    US_AND_CANADA,  # (US and Canada), after `Eastern Time`
    # `10 minutes to 9pm`, `twenty after 3`: a time, before the lengths read `10 minutes`
    PAST_TO,  # half past 8, quarter to 9pm, twenty after 3, 15 to noon (before WORD, `half`)
    # durations: compound lengths before their parts
    DUR_H_M,  # 2 hours 30 minutes, 2h and 30m
    DUR_H_N,  # 1 hour thirty, 1hr 30
    HCLOCK,  # 15h30, 16h: a European clock or a length, by position (before DUR)
    DUR_AND_A_HALF,  # 2 and a half hours, two and a half hours
    DUR,  # 3h, 1.5 hours, 0,5 hours, 90 min, 2 hours and a half
    PRIME_MINUTES,  # 30'
    SPELLED_CLOCK,  # seven thirty pm, ten oh five (before DUR_WORDS reads `seven`)
    DUR_WORDS,  # three hours, two-hours
    COUPLE,  # a couple of hours
    DUR_ARTICLE,  # an hour, a day and a half
    HALF_HOUR,  # half an hour
    QUARTER_HOUR,  # a quarter of an hour, three-quarters of an hour
    # clocks: with am/pm before a bare `8:30`
    CLOCK_AMPM,  # 8pm, 8:30 a.m., 8.30pm, 8pmish
    CLOCK_AP,  # 8p, 8:30a
    HALF_H,  # half eight (British: 8:30)
    CLOCK_HM,  # 20:00, 8:30:15
    ORDINAL,  # 28th, 1st
    # signs and phrases, before WORD would read the first word of a phrase alone
    ISH,  # -ish (before DASH reads its `-`)
    DASH,  # the `-` of 8-11: `to`
    AMPM_DOTS,  # a.m., p. m
    IN_THE_PART,  # in the evening, in afternoon
    IN_THE_AMPM,  # in the AM, in the p.m.
    IN_BETWEEN,  # in between
    AT_NIGHT,  # at night
    DAY_AFTER_TOMORROW,  # the day after tomorrow
    DAY_BEFORE_YESTERDAY,  # the day before yesterday
    NTH_WEEKDAY,  # three fridays from now
    WEEKEND,  # this weekend, all weekend
    ALL_DAY,  # all day, the whole day
    RIGHT_NOW,  # right now, right away
    STRAIGHT_AWAY,  # straight away
    UP_TO,  # up to, up until
    OCLOCK,  # o'clock
    WEEK_WEEKDAY,  # next week friday, this week's monday
    WEEKDAY_OF_WEEK,  # friday next week, on monday of this week
    ORDINAL_WORD,  # first, twenty-eighth (after DUR_ARTICLE has read `a second`)
    # single words, then signs
    WORD,  # tomorrow, nov, friday, est, nine; anything else is `unknown`
    AT_SIGN,  # @
    AMPERSAND,  # &: `and`
]
