"""The report's statistics, recomputed with scipy from the report's own cfb.csv and response.csv.

Builds the unblinded report of the seeded dermatomyositis trial with the real binary, then, for
every within-group Wilcoxon test, every between-arm Mann-Whitney test and every Fisher test of
response rates in associations.csv, recomputes the statistic and p-value with scipy using the
method the row names (exact or asymptotic) and compares them.
"""
import math

import pandas as pd
import pytest
from scipy import stats

from conftest import sample_report

STUDY = "NCT05495321"
REL = 1e-6


@pytest.fixture(scope="module")
def report(binary, tmp_path_factory):
    out, _ = sample_report(binary, tmp_path_factory.mktemp("stats"), STUDY, unblind=True)
    read = lambda name: pd.read_csv(out / name, keep_default_na=False, na_values=[""], dtype={"AVISITN": "Int64"})
    return read("cfb.csv"), read("response.csv"), read("associations.csv")


def close(a, b):
    return math.isclose(a, b, rel_tol=REL, abs_tol=1e-12)


def values(cfb, row, variable, arm=None):
    sel = cfb[(cfb.PARAMCD == row.PARAMCD) & (cfb.BASETYPE == row.BASETYPE) & (cfb.AVISIT == row.AVISIT)
              & (cfb.ANL01FL == "Y")]
    if arm is not None:
        sel = sel[sel.ARM == arm]
    return sel[variable].dropna().astype(float).tolist()


def test_within_group_wilcoxon_matches_scipy(report):
    cfb, _, assoc = report
    rows = assoc[(assoc.ANALYSIS == "wilcoxon_change") & assoc.CRIT.isna() & assoc.PVALUE.notna()]
    assert len(rows) > 50
    for row in rows.itertuples():
        arm = None if row.GROUP == "all" else row.GROUP.removeprefix("arm=")
        x = values(cfb, row, "CHG", arm)
        assert len(x) == row.N, row
        method = "exact" if row.METHOD == "exact" else "asymptotic"
        r = stats.wilcoxon(x, zero_method="wilcox", correction=False, method=method)
        assert close(r.statistic, row.STATISTIC), (row.PARAMCD, row.AVISIT, row.GROUP, r, row.STATISTIC)
        assert close(r.pvalue, row.PVALUE), (row.PARAMCD, row.AVISIT, row.GROUP, r, row.PVALUE)


def test_between_arm_mann_whitney_matches_scipy(report):
    cfb, _, assoc = report
    rows = assoc[(assoc.ANALYSIS == "mann_whitney_arms") & assoc.PVALUE.notna()]
    assert len(rows) > 50
    for row in rows.itertuples():
        a_arm, b_arm = row.COMPARISON.split(" vs ")
        a = values(cfb, row, row.VARIABLE, a_arm)
        b = values(cfb, row, row.VARIABLE, b_arm)
        assert (len(a), len(b)) == (row.N, row.N2)
        method = "exact" if row.METHOD == "exact" else "asymptotic"
        r = stats.mannwhitneyu(a, b, use_continuity=True, alternative="two-sided", method=method)
        assert close(r.statistic, row.STATISTIC), (row.PARAMCD, row.AVISIT, r, row.STATISTIC)
        assert close(r.pvalue, row.PVALUE), (row.PARAMCD, row.AVISIT, r, row.PVALUE)


def test_response_rates_fisher_matches_scipy(report):
    _, response, assoc = report
    rows = assoc[assoc.ANALYSIS == "fisher_response_rate"]
    assert len(rows) >= 2
    for row in rows.itertuples():
        a_arm, b_arm = row.COMPARISON.split(" vs ")
        sel = response[(response.CRIT == row.CRIT) & (response.AVISIT == row.RESPVISIT) & (response.BASETYPE == row.BASETYPE)
                       & response.RESPFL.isin(["Y", "N"])]
        table = [[int(((sel.ARM == arm) & (sel.RESPFL == flag)).sum()) for flag in ("Y", "N")] for arm in (a_arm, b_arm)]
        odds, p = stats.fisher_exact(table)
        assert close(p, row.PVALUE), (row.CRIT, row.RESPVISIT, table, p, row.PVALUE)
        assert (math.isinf(odds) and math.isinf(row.ESTIMATE)) or close(odds, row.ESTIMATE)
