#!/usr/bin/env python3
"""The polars (lazy) way of the change-from-baseline table: the same definition as
`baseline_pandas_cfb.py` (study day from the first dose, no day 0; analysis visit by window,
closest to the target day and the later record on a tie; baseline = last non-missing value on or
before Day 1; CHG, PCHG, R2BASE), written to CSV. Prints one JSON line: rows, seconds, peak RSS.

    polars_cfb.py EXPORT.h5 FIRST_DOSE.csv STUDY.yaml OUT.csv
"""
import json
import resource
import sys
import time

import h5py
import polars as pl
import yaml

COLUMNS = ["subject", "collection_date", "analyte", "statistic", "denominator", "value", "unit"]


def column(g, name):
    """A store column as polars reads it best: categoricals from their codes (no string per row
    until polars decides), numbers as they are."""
    item = g[name]
    if isinstance(item, h5py.Group):
        categories = pl.Series(item["categories"].asstr()[:], dtype=pl.String)
        codes = pl.Series(item["codes"][:])
        return categories.cast(pl.Categorical).gather(codes).alias(name)
    return pl.Series(name, item[:])


def main(export, first_dose, study, out):
    t0 = time.perf_counter()
    with h5py.File(export) as f:
        g = f["measurements"]
        df = pl.DataFrame([column(g, c).alias(c) for c in COLUMNS])
    visits = yaml.safe_load(open(study))["visits"]
    fd = pl.read_csv(first_dose, infer_schema_length=0)
    if "period" in fd.columns:
        fd = fd.filter(pl.col("period").fill_null("") == "")
    fd = fd.unique("subject", keep="first", maintain_order=True).select(
        pl.col("subject"), pl.col("date").str.to_date().alias("DAY1"))

    plain = pl.col("statistic").cast(pl.String).is_in(["concentration", "value", "score"])
    den = pl.col("denominator").cast(pl.String).fill_null("")
    paramcd = (pl.when(plain).then(pl.col("analyte").cast(pl.String))
               .otherwise(pl.col("analyte").cast(pl.String) + "." + pl.col("statistic").cast(pl.String).str.to_uppercase()
                          + pl.when(den != "").then("." + den).otherwise(pl.lit(""))))
    diff = (pl.col("collection_date").cast(pl.String).str.to_date() - pl.col("DAY1")).dt.total_days()
    ady = pl.when(diff >= 0).then(diff + 1).otherwise(diff)
    avisit, dist = pl.lit(None, dtype=pl.String), pl.lit(None, dtype=pl.Int64)
    for v in visits:  # later windows override earlier ones, as the pandas script does
        inside = (pl.col("ADY") >= v["window_low"]) & (pl.col("ADY") <= v["window_high"])
        avisit = pl.when(inside).then(pl.lit(v["name"])).otherwise(avisit)
        dist = pl.when(inside).then((pl.col("ADY") - v["target_day"]).abs()).otherwise(dist)

    lf = (df.lazy()
          .with_columns(pl.col("subject").cast(pl.String))
          .join(fd.lazy(), on="subject", how="inner")
          .with_columns(PARAMCD=paramcd, ADY=ady)
          .with_columns(AVISIT=avisit, DIST=dist)
          .filter(pl.col("AVISIT").is_not_null()))
    base = (lf.filter((pl.col("ADY") <= 1) & pl.col("value").is_not_nan())
            .sort("ADY")
            .group_by(["subject", "PARAMCD"]).agg(pl.col("value").last().alias("BASE")))
    result = (lf.sort(["subject", "PARAMCD", "AVISIT", "DIST", "ADY"], descending=[False, False, False, False, True])
              .with_columns(ANL01FL=pl.struct(["subject", "PARAMCD", "AVISIT"]).is_first_distinct())
              .join(base, on=["subject", "PARAMCD"], how="left", maintain_order="left")
              .with_columns(CHG=pl.col("value") - pl.col("BASE"))
              .with_columns(
                  PCHG=pl.when(pl.col("BASE") != 0).then(100 * pl.col("CHG") / pl.col("BASE").abs()),
                  R2BASE=pl.when(pl.col("BASE") != 0).then(pl.col("value") / pl.col("BASE")))
              .drop("DAY1")
              .rename({"subject": "USUBJID", "value": "AVAL"}))
    table = result.collect()
    table.write_csv(out)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": table.height, "seconds": round(seconds, 3), "peak_rss_mib": round(peak, 1),
                      "polars": pl.__version__}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
