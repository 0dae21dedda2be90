"""The one place where numbers, qualities, dates and attributions become text; pure functions.

Every panel, hover, handout, export, coverage cell and fact-check card formats through here, so a
figure reads the same everywhere. Display precision follows the source: a value is printed with the
digits it was stated with (``6300`` US$ m from "$6.3 billion" is "US$6.3 bn", ``3496`` from
"3.496 billion" is "US$3.496 bn", Tokayev's "$5 billion" is "US$5 bn"); nothing is padded with zeros
the source never gave. A bound says so with a sign: "> US$1.9 bn" ("more than"), "≈ US$2 bn"
("almost", "nearly").
"""

from __future__ import annotations

import math
from datetime import date

#: Quality of a figure in words (a separate matter from who relayed it: :func:`attribution`).
QUALITY_LABEL = {
    "official": "official statistic",
    "rounded": "rounded figure from a statement",
    "lower_bound": "lower bound (“more than”)",
    "upper_bound": "upper bound (“almost”, “nearly”)",
    "dubious": "dubious: not a statistic",
    "forecast": "forecast or plan",
}
#: The same for sector indicators, where "official" figures come from ministries and operators.
INDICATOR_QUALITY_LABEL = {**QUALITY_LABEL, "official": "official figure"}
BOUND_SIGN = {"lower_bound": "> ", "upper_bound": "≈ "}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MASS_UNITS = {"t": 1.0, "kt": 1e3, "Mt": 1e6}  # exact conversions between the tonne units the sources use


def quality_label(quality: object, *, indicator: bool = False) -> str:
    labels = INDICATOR_QUALITY_LABEL if indicator else QUALITY_LABEL
    return labels.get(str(quality), str(quality))


def plain(x: float, max_decimals: int = 6) -> str:
    """``x`` with its own digits and a thousands separator: 6.3 → '6.3', 5.0 → '5', 439031 → '439,031'."""
    text = f"{round(float(x), max_decimals):,.{max_decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def decimals(x: float) -> int:
    """How many decimals ``x`` was stated with (0 for whole numbers)."""
    text = plain(x).replace(",", "")
    return len(text.split(".")[1]) if "." in text else 0


def _signed(text: str, quality: object) -> str:
    return BOUND_SIGN.get(str(quality), "") + text


def money(value_usd_m: float | None, quality: object = None) -> str:
    """US$ from a value in US$ million, with the precision the source gave: 'US$6.3 bn', 'US$939.6 m'."""
    if value_usd_m is None or (isinstance(value_usd_m, float) and math.isnan(value_usd_m)):
        return "—"
    v = float(value_usd_m)
    text = f"US${plain(v / 1000)} bn" if abs(v) >= 1000 else f"US${plain(v)} m"
    return _signed(text, quality)


def quantity(value: float, unit: str, quality: object = None) -> str:
    """A sector indicator value in its unit, as stated: '1.392 Mt', '77,000 TEU', '31%', 'US$2.9 bn'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit == "USD m":
        return money(value, quality)
    if unit == "USD bn":
        return money(float(value) * 1000, quality)
    if unit == "%":
        return _signed(f"{plain(value)}%", quality)
    if unit == "count":
        return _signed(plain(value), quality)
    return _signed(f"{plain(value)} {unit}", quality)


def pct_change(pct: float, *, stated: bool) -> str:
    """A change in percent: a stated change with the source's own digits, a computed one to 0.1 point."""
    return f"{pct:+.{decimals(pct)}f}%" if stated else f"{pct:+.1f}%"


def date_label(text: object) -> str:
    """'2024-05-20' → '20 May 2024'; '2024-05' → 'May 2024'; '2018' → '2018'; anything else as given."""
    parts = str(text or "").strip().split("-")
    try:
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return "-".join(parts) if parts != [""] else ""


def attribution(issuer: object, channel: object, when: object) -> str:
    """Who produced a figure and who relayed it: 'Kazakh statistics, as reported by Trend (20 May 2024)'."""
    issuer, channel = str(issuer or "").strip(), str(channel or "").strip()
    if issuer in ("nan", "<NA>"):
        issuer = ""
    if channel in ("nan", "<NA>"):
        channel = ""
    dated = f" ({date_label(when)})" if date_label(when) else ""
    if issuer and channel:
        return f"{issuer}, as reported by {channel}{dated}"
    return f"{issuer or channel}{dated}"
