#!/usr/bin/env python3
"""The DuckDB (SQL) way of the change-from-baseline table: the same definition as
`baseline_pandas_cfb.py` and `polars_cfb.py`, as one SQL query over the exported columns,
written with COPY. Prints one JSON line: rows, seconds, peak RSS.

    duckdb_cfb.py EXPORT.h5 FIRST_DOSE.csv STUDY.yaml OUT.csv
"""
import json
import resource
import sys
import time

import duckdb
import h5py
import pandas as pd
import yaml

COLUMNS = ["subject", "collection_date", "analyte", "statistic", "denominator", "value", "unit"]


def column(g, name):
    item = g[name]
    if isinstance(item, h5py.Group):
        return pd.Categorical.from_codes(item["codes"][:], item["categories"].asstr()[:])
    return item[:]


def quote(s):
    return "'" + str(s).replace("'", "''") + "'"


def main(export, first_dose, study, out):
    t0 = time.perf_counter()
    with h5py.File(export) as f:
        g = f["measurements"]
        measurements = pd.DataFrame({c: column(g, c) for c in COLUMNS})
    visits = yaml.safe_load(open(study))["visits"]
    con = duckdb.connect()
    con.register("measurements", measurements)
    windows = " ".join(f"WHEN ADY BETWEEN {v['window_low']} AND {v['window_high']} THEN {quote(v['name'])}"
                       for v in reversed(visits))  # the last matching window wins, as in pandas
    targets = " ".join(f"WHEN ADY BETWEEN {v['window_low']} AND {v['window_high']} THEN abs(ADY - {v['target_day']})"
                       for v in reversed(visits))
    has_period = "period" in pd.read_csv(first_dose, nrows=0).columns
    period_filter = "WHERE coalesce(period, '') = ''" if has_period else ""
    query = f"""
    WITH fd AS (
      SELECT subject, min(CAST(date AS DATE)) AS day1
      FROM read_csv({quote(first_dose)}, all_varchar = true) {period_filter} GROUP BY subject),
    m AS (
      SELECT CAST(m.subject AS VARCHAR) AS USUBJID, m.collection_date, m.value AS AVAL, m.unit,
             CASE WHEN CAST(m.statistic AS VARCHAR) IN ('concentration', 'value', 'score') THEN CAST(m.analyte AS VARCHAR)
                  ELSE CAST(m.analyte AS VARCHAR) || '.' || upper(CAST(m.statistic AS VARCHAR))
                       || CASE WHEN coalesce(CAST(m.denominator AS VARCHAR), '') <> '' THEN '.' || CAST(m.denominator AS VARCHAR) ELSE '' END
             END AS PARAMCD,
             CASE WHEN CAST(m.collection_date AS DATE) - fd.day1 >= 0 THEN CAST(m.collection_date AS DATE) - fd.day1 + 1
                  ELSE CAST(m.collection_date AS DATE) - fd.day1 END AS ADY
      FROM measurements m JOIN fd ON CAST(m.subject AS VARCHAR) = fd.subject),
    w AS (SELECT *, CASE {windows} END AS AVISIT, CASE {targets} END AS DIST FROM m),
    v AS (SELECT * FROM w WHERE AVISIT IS NOT NULL),
    b AS (SELECT USUBJID, PARAMCD, arg_max(AVAL, ADY) AS BASE FROM v
          WHERE ADY <= 1 AND NOT isnan(AVAL) GROUP BY USUBJID, PARAMCD)
    SELECT v.*, row_number() OVER (PARTITION BY v.USUBJID, v.PARAMCD, v.AVISIT ORDER BY DIST, ADY DESC) = 1 AS ANL01FL,
           b.BASE, v.AVAL - b.BASE AS CHG,
           CASE WHEN b.BASE <> 0 THEN 100 * (v.AVAL - b.BASE) / abs(b.BASE) END AS PCHG,
           CASE WHEN b.BASE <> 0 THEN v.AVAL / b.BASE END AS R2BASE
    FROM v LEFT JOIN b USING (USUBJID, PARAMCD)
    ORDER BY v.USUBJID, v.PARAMCD, v.AVISIT, v.DIST, v.ADY DESC
    """
    rows = con.execute(f"COPY ({query}) TO {quote(out)} (HEADER, DELIMITER ',')").fetchone()[0]
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": int(rows), "seconds": round(seconds, 3), "peak_rss_mib": round(peak, 1),
                      "duckdb": duckdb.__version__}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
