"""Words several stages share: month and weekday names, number words, speech verbs, locative prepositions and the
news agencies whose names close a photo credit.

A stage that needs a narrower or wider set says so where it builds it from these (``LOCATIVE_PREPOSITIONS |
{"from", "to"}``), so the shared core is written once and each difference is visible and explained.
"""
from __future__ import annotations

# "jan" -> 1 ... "dec" -> 12: stages read the first three letters of a month name ("Sept." -> "sep").
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Cardinal number words as news writes them in full.
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}

# Lemmas of the verbs that introduce what someone said (the core that quotes, coreference and events share).
SPEECH_VERBS = frozenset({"say", "tell", "announce", "state", "add", "warn", "insist", "declare", "confirm", "deny",
                          "vow", "pledge", "promise", "argue", "claim"})

# Prepositions that put something at a place ("in Kabul", "near the border", "across the region").
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "inside", "outside", "around", "throughout",
                                   "within", "through", "via", "into", "toward", "towards"})

# Agencies and photo services whose name, a slash and a photographer's name close a caption ("REUTERS/Name").
PHOTO_AGENCIES = ("REUTERS", "Reuters", "AFP", "AP", "EPA", "Getty Images")
