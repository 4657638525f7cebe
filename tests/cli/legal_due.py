#!/usr/bin/env python3
"""The tests' own oracle for SPEC §10's due dates, written apart from lib/gdpr/holidays.cpp:
received + MONTHS calendar months (the month's last day when it has no such day), moved past
Saturdays, Sundays and the public holidays of Austria (AT) or Germany's federal ones (DE), or
past weekends only (none). Usage: legal_due.py YYYY-MM-DD MONTHS [AT|DE|none]"""
import calendar
import datetime
import sys


def easter(year):
    # Gauss's Easter formula as Lichtenberg corrected it (a different algorithm from the library's).
    k = year // 100
    m = 15 + (3 * k + 3) // 4 - (8 * k + 13) // 25
    s = 2 - (3 * k + 3) // 4
    a = year % 19
    d = (19 * a + m) % 30
    r = (d + a // 11) // 29
    og = 21 + d - r
    sz = 7 - (year + year // 4 + s) % 7
    oe = 7 - (og - sz) % 7
    return datetime.date(year, 3, 1) + datetime.timedelta(days=og + oe - 1)


def holidays(year, region):
    if region == "none":
        return set()
    e = easter(year)
    day = lambda n: e + datetime.timedelta(days=n)
    fixed = {"AT": [(1, 1), (1, 6), (5, 1), (8, 15), (10, 26), (11, 1), (12, 8), (12, 25), (12, 26)],
             "DE": [(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)]}[region]
    moving = {"AT": [1, 39, 50, 60], "DE": [-2, 1, 39, 50]}[region]
    return {datetime.date(year, m, d) for m, d in fixed} | {day(n) for n in moving}


def legal_due(received, months, region="AT"):
    m = received.month - 1 + months
    y, m = received.year + m // 12, m % 12 + 1
    due = datetime.date(y, m, min(received.day, calendar.monthrange(y, m)[1]))
    while due.weekday() >= 5 or due in holidays(due.year, region):
        due += datetime.timedelta(days=1)
    return due


if __name__ == "__main__":
    region = sys.argv[3] if len(sys.argv) > 3 else "AT"
    print(legal_due(datetime.date.fromisoformat(sys.argv[1]), int(sys.argv[2]), region).isoformat())
