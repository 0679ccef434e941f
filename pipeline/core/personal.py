"""Customer personal data: identity numbers, mobile numbers, bank cards, e-mail addresses.

Each finder returns (start, end, kind, masked value). Numbers are validated
(check digit, birth date, Luhn) so order numbers and the like are not flagged.
``\\d`` in Python's ``re`` also matches full-width digits, which are folded here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

_ID = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|＋|00)\s?86[\s\-－]?|\(\+86\)\s?)?"
    r"([1１][3-9３-９]\d(?:[\s\-－]?\d){8})(?![\d])"
)
_MOBILE_PREFIX = re.compile(r"[1１][3-9３-９]")
_CARD = re.compile(r"(?<![\d\-])(\d(?:[ \-]?\d){15,18})(?![\d])")
_EMAIL = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)


def digits(text: str) -> str:
    return "".join(str(int(c)) if c.isdigit() else c for c in text if c.isalnum())


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    if len(value) <= keep_start + keep_end + 1:  # too short to show any of it
        return "*" * max(len(value), 3)
    tail = value[len(value) - keep_end :]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + tail


def valid_id_number(number: str, today: date) -> bool:
    number = number.upper()
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= today


def luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_personal_data(
    text: str, company_domains: tuple[str, ...], public_addresses: tuple[str, ...]
) -> Iterator[tuple[int, int, str, str]]:
    today = date.today()
    ids: list[tuple[int, int]] = []
    for match in _ID.finditer(text):
        number = digits(match.group(1))
        if len(number) == 18 and valid_id_number(number, today):
            ids.append(match.span(1))
            yield (*match.span(1), "id-number", mask(number, 3, 4))
    for match in _MOBILE.finditer(text):
        number = digits(match.group(1))
        if len(number) == 11 and _MOBILE_PREFIX.match(number):
            yield (*match.span(), "mobile", mask(number, 3, 4))
    for match in _CARD.finditer(text):
        number = digits(match.group(1))
        if 16 <= len(number) <= 19 and luhn(number):
            if any(s <= match.start(1) < e for s, e in ids):
                continue
            yield (*match.span(1), "bank-card", mask(number, 4, 4))
    for match in _EMAIL.finditer(text):
        local, domain = match.group(1), match.group(2).lower()
        address = f"{local.lower()}@{domain}"
        if address in public_addresses or any(
            domain == d or domain.endswith("." + d) for d in company_domains
        ):
            continue
        yield (*match.span(), "email", f"{mask(local, 1, 0)}@{domain}")


def mask_personal_numbers(text: str) -> str:
    """``text`` with every identity, mobile and card number masked.

    The safety net for messages of other checks, which repeat what an editor wrote
    (an unknown category, a link target): no report may show such a number.
    """
    found = [f for f in find_personal_data(text, (), ()) if f[2] != "email"]
    for start, end, _kind, masked in sorted(found, reverse=True):
        text = text[:start] + masked + text[end:]
    return text
