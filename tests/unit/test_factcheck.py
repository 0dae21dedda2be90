"""Fact-check of the source article: verdicts recomputed from the shipped rows, and flipped by synthetic edits."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.config import ROOT
from dashboard.data.factcheck import check_all, evaluate, evidence_ids
from dashboard.data.load import DataError, load_atlas
from dashboard.data.schema import CHECKS, TABLES, VERDICTS

SHIPPED = ROOT / "geodata"
ARTICLE = ROOT.parent / "shared" / "source" / "000_1c748de0e54d4c16.txt"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(SHIPPED)


def claim(atlas, cid: str) -> pd.Series:
    fc = atlas.factcheck
    hit = fc[fc["id"] == cid]
    assert len(hit) == 1, cid
    return hit.iloc[0]


def synthetic_claim(**kw) -> dict:
    """An in-memory claim row with every column of factcheck.csv (blank unless given)."""
    row = {c: "" for c in TABLES["factcheck"].columns}
    row.update(id="fc_test", claim="test", topic="trade", verdict="unverified", explanation="synthetic test claim")
    row.update(kw)
    return row


def with_table(atlas, name: str, df: pd.DataFrame):
    return dataclasses.replace(atlas, **{name: df})


def set_cell(df: pd.DataFrame, row_id: str, column: str, value) -> pd.DataFrame:
    out = df.copy()
    assert (out["id"] == row_id).sum() == 1, row_id
    out.loc[out["id"] == row_id, column] = value
    return out


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --------------------------------------------------------------------------- the shipped table
def test_check_all_passes_on_the_shipped_data(atlas):
    assert check_all(atlas) == []


def test_shipped_table_is_valid_and_complete(atlas):
    fc = atlas.factcheck
    assert fc["id"].is_unique and len(fc) >= 20
    assert set(fc["verdict"]) <= VERDICTS and set(fc["check"]) <= CHECKS
    assert all(evidence_ids(r) for _, r in fc.iterrows())
    manual = fc[fc["check"] == "manual"]
    assert len(manual) <= 4, "keep hand-judged claims few"
    assert all(len(e) > 40 for e in manual["explanation"])
    # every machine kind the brief names is exercised by at least one shipped claim
    assert {"trade_value", "growth", "date", "post_list", "first_recognition", "count",
            "consistent_increase"} <= set(fc["check"])


@pytest.mark.skipif(not ARTICLE.exists(), reason="source article not available")
def test_every_claim_is_quoted_as_written():
    text = " ".join(ARTICLE.read_text(encoding="utf-8").split())
    fc = pd.read_csv(SHIPPED / "factcheck.csv", dtype=str, keep_default_na=False)
    for _, r in fc.iterrows():
        assert " ".join(r["claim"].split()) in text, r["id"]


def test_facts_are_copied_from_the_research_file(atlas):
    facts = atlas.facts.set_index("id")
    us = facts.loc["fact_us_recognition_1991"]
    assert us["date"] == "1991-12-25" and us["value"] == "9 days after Türkiye"
    assert us["origin"] == "targets_and_facts.csv:88"
    assert facts.loc["fact_hlscc_2012", "value"] == "5 meetings"
    assert facts["origin"].str.match(r"^(targets_and_facts|trade_by_sector)\.csv:\d+$").all()
    assert facts["source_url"].str.startswith("http").all()


# --------------------------------------------------------------------------- each kind on the real data
def test_turnover_2024_claim_is_contradicted_by_the_2024_row(atlas):
    c = claim(atlas, "fc01_turnover_2024")
    v = evaluate(c, atlas)
    assert v.verdict == "contradicted"
    assert v.used == ("t2024_kz_total_turnover_49",)
    assert v.found == "US$5 bn"  # Tokayev's "$5 billion", printed as stated
    assert any("t2022_kz_total_turnover_39" in d for d in v.details)  # 6.3 bn is the 2022 figure
    assert "US$5 bn" in c["corrected"] and "2022" in c["corrected"]


def test_growth_claim_is_contradicted_and_traced_to_2021_2022(atlas):
    v = evaluate(claim(atlas, "fc02_growth_vs_2022"), atlas)
    assert v.verdict == "contradicted"
    assert v.found == "-20.6%"
    assert set(v.used) == {"t2022_kz_total_turnover_39", "t2024_kz_total_turnover_49"}
    assert any("2021→2022" in d for d in v.details)


def test_export_split_claims(atlas):
    exports = evaluate(claim(atlas, "fc03_kz_exports_5_2bn"), atlas)
    assert exports.verdict == "contradicted"  # larger than the whole 2024 turnover
    assert "cannot exceed the total" in exports.reason
    imports = evaluate(claim(atlas, "fc04_tr_exports_1_1bn"), atlas)
    assert imports.verdict == "unverified"  # no 2024 row: never guessed
    assert any("2021" in d and "t2021_kz_tr_exports_to_kz_36" in d for d in imports.details)


def test_us_first_recognition_is_contradicted(atlas):
    v = evaluate(claim(atlas, "fc05_us_first_recognition"), atlas)
    assert v.verdict == "contradicted"
    assert {"fact_us_recognition_1991", "m03"} <= set(v.used)
    assert "1991-12-25" in v.reason and "9 days" in v.reason
    assert any("recognition date of Türkiye" in d for d in v.details)
    assert evaluate(claim(atlas, "fc06_turkiye_among_first"), atlas).verdict == "supported"


def test_dates_are_compared_at_the_shared_precision(atlas):
    assert evaluate(claim(atlas, "fc07_relations_1992"), atlas).verdict == "supported"
    embassy = evaluate(claim(atlas, "fc08_embassy_oct_1992"), atlas)
    # Anadolu Agency dates the embassy's start to October 1992 (the post's opening, issue 18); m04 gives the year only.
    assert embassy.verdict == "supported" and embassy.used == ("kz_emb_ankara", "m04")
    assert any("m04: 1992 agrees but cannot confirm the claimed 1992-10" in d for d in embassy.details)
    for cid in ("fc10_strategic_partnership_2009", "fc11_hlscc_2012", "fc12_enhanced_partnership_2022",
                "fc14_budapest_may_2025", "fc15_visit_29_july_2025"):
        assert evaluate(claim(atlas, cid), atlas).verdict == "supported", cid


def test_consulate_list_against_the_posts_layer(atlas):
    v = evaluate(claim(atlas, "fc09_consulate_cities"), atlas)
    assert v.verdict == "partly supported"
    assert "unverified: Hatay, Konya" in v.reason
    omitted = next(d for d in v.details if d.startswith("Verified posts the list leaves out"))
    for city in ("Kocaeli", "Istanbul", "İzmir", "Eskişehir"):
        assert city in omitted
    assert {"kz_hc_hatay", "kz_hc_konya", "kz_hc_kocaeli"} <= set(v.used)


def test_count_of_meetings(atlas):
    v = evaluate(claim(atlas, "fc13_meetings_since_2019"), atlas)
    assert v.verdict == "supported" and v.found == "14" and v.used == ("m66",)


def test_consistent_increase_is_contradicted_by_2023_and_2024(atlas):
    for cid in ("fc19_upward_trend", "fc20_five_year_increase"):
        v = evaluate(claim(atlas, cid), atlas)
        assert v.verdict == "contradicted"
        assert "2022→2023" in v.reason and "2023→2024" in v.reason


def test_targets(atlas):
    # US$10 bn was the target until May 2024; every target stated since Nov 2024 is Erdoğan's US$15 bn.
    assert evaluate(claim(atlas, "fc16_target_10bn"), atlas).verdict == "partly supported"
    deadline = evaluate(claim(atlas, "fc17_deadline_missed"), atlas)
    assert deadline.verdict == "supported"
    assert deadline.used == ("target_2012_10_nazarbayev_10bn_2015", "t2015_kz_total_turnover_22")


# --------------------------------------------------------------------------- synthetic variations
def test_changing_the_2024_value_flips_the_verdict_and_check_all_reports_it(atlas):
    trade = set_cell(atlas.trade, "t2024_kz_total_turnover_49", "value_usd_m", 6300.0)
    changed = with_table(atlas, "trade", trade)
    assert evaluate(claim(changed, "fc01_turnover_2024"), changed).verdict == "supported"
    problems = messages(check_all(changed))
    assert any("fc01_turnover_2024" in p and "stored verdict 'contradicted'" in p and "'supported'" in p
               for p in problems)


def test_rising_years_make_the_trend_claim_supported(atlas):
    trade = set_cell(atlas.trade, "t2023_kz_total_turnover_42", "value_usd_m", 6500.0)
    trade = set_cell(trade, "t2024_kz_total_turnover_49", "value_usd_m", 7000.0)
    changed = with_table(atlas, "trade", trade)
    assert evaluate(claim(changed, "fc19_upward_trend"), changed).verdict == "supported"


def test_a_missing_year_is_unknown_not_an_increase(atlas):
    trade = atlas.trade[atlas.trade["id"] != "t2021_kz_total_turnover_34"]
    changed = with_table(atlas, "trade", trade)
    c = synthetic_claim(check="consistent_increase", reporter="KZ", flow="total_turnover", year_from=2020,
                        year_to=2022, evidence="t2020_kz_total_turnover_30;t2022_kz_total_turnover_39")
    v = evaluate(c, changed)
    assert v.verdict == "unverified"
    assert "2020→2021" in v.reason and "2021→2022" in v.reason
    assert evaluate(c, atlas).verdict == "supported"  # with 2021 present, 3.1 → 4.1 → 6.3 rises


def test_lower_bound_row_only_contradicts_lower_claims(atlas):
    base = dict(check="trade_value", reporter="KZ", flow="total_turnover", year=2018, tolerance_pct=2,
                evidence="t2018_kz_total_turnover_28")
    assert evaluate(synthetic_claim(claimed_value_usd_m=1920, **base), atlas).verdict == "supported"
    assert evaluate(synthetic_claim(claimed_value_usd_m=2500, **base), atlas).verdict == "unverified"
    assert evaluate(synthetic_claim(claimed_value_usd_m=1000, **base), atlas).verdict == "contradicted"


def test_nonexistent_evidence_id_is_reported(atlas):
    fc = set_cell(atlas.factcheck, "fc07_relations_1992", "evidence", "m06;fact_diplomatic_relations_1992;m999")
    problems = messages(check_all(with_table(atlas, "factcheck", fc)))
    assert any("'m999' is not a row of any table" in p and "fc07_relations_1992" in p for p in problems)


def test_disagreeing_stored_verdict_is_reported(atlas):
    fc = set_cell(atlas.factcheck, "fc05_us_first_recognition", "verdict", "supported")
    problems = messages(check_all(with_table(atlas, "factcheck", fc)))
    assert len(problems) == 1
    assert "fc05_us_first_recognition" in problems[0] and "'contradicted'" in problems[0]


def test_verdict_resting_on_an_uncited_row_is_reported(atlas):
    fc = set_cell(atlas.factcheck, "fc01_turnover_2024", "evidence", "t2022_kz_total_turnover_39")
    problems = messages(check_all(with_table(atlas, "factcheck", fc)))
    assert any("does not cite: t2024_kz_total_turnover_49" in p for p in problems)


def test_verified_posts_make_the_list_supported(atlas):
    posts = atlas.posts.copy()
    posts.loc[posts["id"].isin(["kz_hc_hatay", "kz_hc_konya"]), "verified"] = True
    changed = with_table(atlas, "posts", posts)
    assert evaluate(claim(changed, "fc09_consulate_cities"), changed).verdict == "supported"
    c = synthetic_claim(check="post_list", topic="posts", claimed_items="Trabzon;Rize", evidence="kz_cg_istanbul")
    assert evaluate(c, atlas).verdict == "unverified"  # absent from the layer: not confirmed, never invented


def test_earlier_us_date_would_make_the_us_first(atlas):
    facts = set_cell(atlas.facts, "fact_us_recognition_1991", "date", "1991-12-15")
    changed = with_table(atlas, "facts", facts)
    assert evaluate(claim(changed, "fc05_us_first_recognition"), changed).verdict == "supported"
    assert evaluate(claim(changed, "fc06_turkiye_among_first"), changed).verdict == "contradicted"


def test_date_disagreement(atlas):
    ms = set_cell(atlas.milestones, "m06", "date", "1992-03-03")
    one = with_table(atlas, "milestones", ms)
    assert evaluate(claim(one, "fc07_relations_1992"), one).verdict == "unverified"  # sources disagree
    both = with_table(one, "facts", set_cell(atlas.facts, "fact_diplomatic_relations_1992", "date", "1993-03-02"))
    assert evaluate(claim(both, "fc07_relations_1992"), both).verdict == "contradicted"


def test_count_stated_differently_is_contradicted(atlas):
    m66 = atlas.milestones.set_index("id").loc["m66"]
    ms = set_cell(atlas.milestones, "m66", "title", m66["title"].replace("14 meetings", "13 meetings"))
    ms = set_cell(ms, "m66", "description", "Tokayev had met Erdoğan 13 times since 2019.")
    changed = with_table(atlas, "milestones", ms)
    v = evaluate(claim(changed, "fc13_meetings_since_2019"), changed)
    assert v.verdict == "contradicted" and v.found == "13"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actual=st.floats(min_value=100, max_value=20_000), claimed=st.floats(min_value=1, max_value=30_000),
       tol=st.sampled_from([0.0, 2.0, 5.0]))
def test_trade_value_verdict_follows_the_tolerance(atlas, actual, claimed, tol):
    trade = set_cell(atlas.trade, "t2022_kz_total_turnover_39", "value_usd_m", actual)
    changed = with_table(atlas, "trade", trade)
    c = synthetic_claim(check="trade_value", reporter="KZ", flow="total_turnover", year=2022,
                        claimed_value_usd_m=claimed, tolerance_pct=tol, evidence="t2022_kz_total_turnover_39")
    v = evaluate(c, changed)
    expected = "supported" if abs(claimed - actual) <= actual * tol / 100 else "contradicted"
    assert v.verdict == expected and v.used == ("t2022_kz_total_turnover_39",)


# --------------------------------------------------------------------------- validation at start-up
@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "geodata"
    shutil.copytree(SHIPPED, dst)
    return dst


def test_load_rejects_unknown_verdict_and_missing_evidence(data_copy: Path):
    fc = pd.read_csv(data_copy / "factcheck.csv", dtype=str, keep_default_na=False)
    fc.loc[0, "verdict"] = "false"
    fc.loc[1, "evidence"] = ""
    fc.to_csv(data_copy / "factcheck.csv", index=False)
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    problems = messages(err.value.problems)
    assert any(p.startswith("factcheck.csv, row 2, column 'verdict': 'false' is not one of") for p in problems)
    assert "factcheck.csv, row 3, column 'evidence': value is required" in problems


def test_load_requires_the_facts_file(data_copy: Path):
    (data_copy / "facts.csv").unlink()
    with pytest.raises(DataError) as err:
        load_atlas(data_copy)
    assert "facts.csv: file not found" in messages(err.value.problems)
