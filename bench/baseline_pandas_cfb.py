#!/usr/bin/env python3
"""The pandas way of the change-from-baseline part of `immunopipe report`: read the exported
measurements, study day from the first dose (no day 0), analysis visit by window (closest to the
target day, the later record on a tie), baseline = last non-missing value on or before Day 1,
CHG, PCHG, R2BASE, and write the long table to CSV. Prints one JSON line: rows, seconds, peak
RSS (MiB).

    baseline_pandas_cfb.py EXPORT.h5 FIRST_DOSE.csv STUDY.yaml OUT.csv
"""
import json
import resource
import sys
import time

import h5py
import numpy as np
import pandas as pd
import yaml


def column(g, name):
    item = g[name]
    if isinstance(item, h5py.Group):
        return pd.Categorical.from_codes(item["codes"][:], item["categories"].asstr()[:])
    return item[:]


def text(series):
    """A column as strings, missing as "": `astype(str)` writes NaN as "nan" under pandas 2 but
    keeps it missing under pandas 3 (string dtype), where concatenating it gave an empty PARAMCD."""
    return series.astype(object).where(series.notna(), "").astype(str)


def main(export, first_dose, study, out):
    t0 = time.perf_counter()
    with h5py.File(export) as f:
        g = f["measurements"]
        df = pd.DataFrame({c: column(g, c) for c in ["subject", "collection_date", "analyte", "statistic", "denominator", "value", "unit"]})
    visits = yaml.safe_load(open(study))["visits"]
    fd = pd.read_csv(first_dose, dtype=str)
    fd = fd[fd.get("period", pd.Series([""] * len(fd))).fillna("") == ""].drop_duplicates("subject")
    day1 = pd.to_datetime(pd.Series(fd.date.values, index=fd.subject.values))
    df = df[text(df.subject).isin(day1.index)].copy()
    date = pd.to_datetime(text(df.collection_date))
    diff = (date - text(df.subject).map(day1)).dt.days
    df["ADY"] = np.where(diff >= 0, diff + 1, diff)
    stat = text(df.statistic)
    plain = stat.isin(["concentration", "value", "score"])
    den = text(df.denominator)
    df["PARAMCD"] = np.where(plain, text(df.analyte),
                             text(df.analyte) + "." + stat.str.upper() + np.where(den != "", "." + den, ""))
    # Analysis visits by window.
    df["AVISIT"] = ""
    df["DIST"] = np.inf
    for v in visits:
        inside = (df.ADY >= v["window_low"]) & (df.ADY <= v["window_high"])
        df.loc[inside, "AVISIT"] = v["name"]
        df.loc[inside, "DIST"] = (df.ADY[inside] - v["target_day"]).abs()
    df = df[df.AVISIT != ""]
    df = df.sort_values(["subject", "PARAMCD", "AVISIT", "DIST", "ADY"], ascending=[True, True, True, True, False])
    df["ANL01FL"] = ~df.duplicated(["subject", "PARAMCD", "AVISIT"])
    base = (df[(df.ADY <= 1) & df.value.notna()].sort_values("ADY")
            .groupby(["subject", "PARAMCD"], observed=True).value.last().rename("BASE"))
    df = df.join(base, on=["subject", "PARAMCD"])
    df["CHG"] = df.value - df.BASE
    df["PCHG"] = np.where(df.BASE != 0, 100 * df.CHG / df.BASE.abs(), np.nan)
    df["R2BASE"] = np.where(df.BASE != 0, df.value / df.BASE, np.nan)
    df.rename(columns={"subject": "USUBJID", "value": "AVAL"}).to_csv(out, index=False)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": int(len(df)), "seconds": round(seconds, 3), "peak_rss_mib": round(peak, 1)}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
