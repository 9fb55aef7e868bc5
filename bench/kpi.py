#!/usr/bin/python3
"""make bench's peer of swt-kpi: the KPIs of SPEC 7 for one year, in pandas.

usage: kpi.py DB YEAR

Reads the tables of an swt database with pandas.read_sql and computes the
full KPI set of SPEC section 7 for YEAR, written from the SPEC's text and
not from swt's C, so that the two can check each other.  Prints what
swt-kpi --period YEAR prints (period, kpi, measure, value; TSV).  Medians
and p90 are numpy's linear quantiles (R's type 7).
"""
import datetime
import sqlite3
import sys

import numpy as np
import pandas as pd

ROUTES = ["advies", "sociale_basis", "eigen_inzet", "maatwerk"]
RESIDENTIAL = {"15", "16", "17", "18", "43", "44"}  # SPEC 5: Wmo 15-18, Jeugd 43-44
EPOCH = np.datetime64("1970-01-01", "D")


def days(col):
    """A column of ISO dates or times as day numbers (NaN when empty)."""
    d = pd.to_datetime(col.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    return (d - pd.Timestamp("1970-01-01")).dt.days


def num(v):
    """A value as swt prints it: 2 decimals, no trailing zeros."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    s = "%.2f" % v
    return s.rstrip("0").rstrip(".") if "." in s else s


def pct(part, whole):
    return 100.0 * part / whole if whole else None


def durations(d):
    d = np.asarray(d, dtype=float)
    if len(d) == 0:
        return [("count", 0), ("median", None), ("p90", None), ("mean", None)]
    return [("count", len(d)), ("median", np.percentile(d, 50)),
            ("p90", np.percentile(d, 90)), ("mean", d.mean())]


# ---- the Atw calendar (SPEC 6b) ----

def easter(y):
    """Gregorian computus (anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(y, month, day)


def holidays(y):
    e = easter(y)
    out = [datetime.date(y, 1, 1), e - datetime.timedelta(2),
           e + datetime.timedelta(1), e + datetime.timedelta(39),
           e + datetime.timedelta(50), datetime.date(y, 5, 5),
           datetime.date(y, 12, 25), datetime.date(y, 12, 26)]
    if y >= 2014:
        k = datetime.date(y, 4, 27)
    else:
        k = datetime.date(y, 4, 30)
    if k.weekday() == 6:
        k -= datetime.timedelta(1)
    out.append(k)
    return out


def next_working(lo, hi, extra):
    """For each day number lo..hi the first day on or after it that is no
    Saturday, Sunday, public holiday or equated day (Atw art. 1)."""
    lo, hi = int(lo), int(hi) + 40
    base = datetime.date(1970, 1, 1)
    off = set(extra)
    for y in range((base + datetime.timedelta(lo)).year,
                   (base + datetime.timedelta(hi)).year + 1):
        off.update((d - base).days for d in holidays(y))
    n = hi - lo + 1
    free = np.array([(lo + i) in off or (lo + i + 3) % 7 >= 5
                     for i in range(n)])  # day 0 was a Thursday
    nxt = np.arange(lo, hi + 1)
    for i in range(n - 2, -1, -1):
        if free[i]:
            nxt[i] = nxt[i + 1]
    return lambda d: nxt[(d - lo).astype(int)]


# ---- the data ----

def load(db):
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    q = lambda sql: pd.read_sql(sql, con)
    t = {
        "request": q("SELECT request_id, client_id, kind, law, received_at,"
                     " intake_at, assessed_at, closed_at, closure_reason"
                     " FROM request"),
        "decision": q("SELECT decision_id, request_id, route,"
                      " recommended_route, decided_at FROM decision"),
        "referral": q("SELECT referral_id, request_id, kind, product,"
                      " applied_at, decided_at, sent_at, started_at"
                      " FROM referral"),
        "contact": q("SELECT request_id, date FROM contact"
                     " WHERE request_id IS NOT NULL"),
        "plan": q("SELECT plan_id, client_id, opened_at, evaluated_at,"
                  " closed_at FROM plan"),
        "goal": q("SELECT plan_id, status, zrm_start, zrm_end FROM goal"),
        "suspension": q("SELECT request_id, term, referral_id, kind,"
                        " from_date, until_date, days, notified_at"
                        " FROM suspension"),
        "complaint": q("SELECT received_at, admissible, resolved_at"
                       " FROM complaint"),
        "staff": q("SELECT fte FROM staff"),
        "legal_term": q("SELECT term, law, from_event, days FROM legal_term"
                        " ORDER BY rowid"),
        "holiday": q("SELECT date FROM holiday"),
    }
    con.close()
    return t


def requests(t):
    """Each request with its day numbers, its decision and support start."""
    r = t["request"].copy()
    for c in ("received_at", "intake_at", "closed_at"):
        r[c[:-3]] = days(r[c])
    d = t["decision"].sort_values(["request_id", "decided_at", "decision_id"])
    d = d.drop_duplicates("request_id", keep="last").copy()
    d["decided"] = days(d["decided_at"])
    r = r.merge(d[["request_id", "route", "recommended_route", "decided"]],
                on="request_id", how="left")
    # eigen_inzet: the first contact on or after the decision's day
    c = t["contact"].copy()
    c["day"] = days(c["date"])
    c = c.merge(r[["request_id", "decided"]], on="request_id")
    c = c[c["day"] >= c["decided"]].groupby("request_id")["day"].min()
    # sociale_basis, maatwerk: the first referral sent
    x = t["referral"].copy()
    x["sent"] = days(x["sent_at"])
    x = x.groupby("request_id")["sent"].min()
    r["support"] = np.where(r["route"] == "eigen_inzet",
                            r["request_id"].map(c),
                            np.where(r["route"].isin(["sociale_basis",
                                                      "maatwerk"]),
                                     r["request_id"].map(x), np.nan))
    return r


def kpis(t, year):
    first = (datetime.date(year, 1, 1) - datetime.date(1970, 1, 1)).days
    last = (datetime.date(year, 12, 31) - datetime.date(1970, 1, 1)).days
    inp = lambda s: (s >= first) & (s <= last)
    out = []

    def put(kpi, pairs):
        out.extend((kpi, m, v) for m, v in pairs)

    r = requests(t)
    # wachttijd_intake
    a = r[inp(r["intake"])]
    w = ((r["received"] <= last) &
         ~(r["intake"] <= last)).sum()
    put("wachttijd_intake", durations(a["intake"] - a["received"]) +
        [("waiting", int(w))])
    # wachttijd_ondersteuning
    a = r[inp(r["support"]) & r["intake"].notna()]
    put("wachttijd_ondersteuning", durations(a["support"] - a["intake"]))
    # doorlooptijd
    closed = r[inp(r["closed"])]
    a = closed[closed["support"].notna()]
    put("doorlooptijd", durations(a["closed"] - a["support"]))
    # klachten
    k = t["complaint"].copy()
    k["received"] = days(k["received_at"])
    k["resolved"] = days(k["resolved_at"])
    rec = k[inp(k["received"])]
    res = k[inp(k["resolved"])]
    put("klachten", [("received", len(rec)),
                     ("admissible", int((rec["admissible"] == "yes").sum())),
                     ("resolved", len(res)),
                     ("on_time_pct",
                      pct(((res["resolved"] - res["received"]) <= 42).sum(),
                          len(res)))])
    # effectiviteit
    x = t["referral"]
    started = x[(x["kind"] == "toewijzen") & x["started_at"].notna()]
    resid = set(started.loc[started["product"].isin(RESIDENTIAL),
                            "request_id"])
    other = set(started["request_id"])
    c = closed
    cat = np.select(
        [c["request_id"].isin(resid),
         c["request_id"].isin(other) | (c["route"] == "maatwerk"),
         c["route"] == "eigen_inzet", c["route"] == "sociale_basis",
         c["route"] == "advies"],
        ["verblijf", "ambulant", "eigen_inzet", "voorliggend", "zelf"], "")
    pairs = [(m, int(c.loc[cat == m, "client_id"].nunique()))
             for m in ("verblijf", "ambulant", "eigen_inzet", "voorliggend",
                       "zelf")]
    p = t["plan"].copy()
    p["opened"] = days(p["opened_at"])
    p["closed"] = days(p["closed_at"])
    g = t["goal"].merge(p.loc[inp(p["closed"]), ["plan_id"]], on="plan_id")
    g = g[g["status"] != "cancelled"]
    n = len(g)
    pairs += [(s + "_pct", pct((g["status"] == s).sum(), n))
              for s in ("achieved", "partly", "not_achieved")]
    both = g.dropna(subset=["zrm_start", "zrm_end"])
    pairs.append(("zrm_change", (both["zrm_end"] - both["zrm_start"]).mean()
                  if len(both) else None))
    # herhaling: another request of the resident closed in the 365 days
    # before this one came in, not because they moved away or died
    new = r.loc[inp(r["received"]), ["request_id", "client_id", "received"]]
    old = r.loc[r["closed"].notna() &
                ~r["closure_reason"].isin(["verhuisd", "overleden"]),
                ["request_id", "client_id", "closed"]]
    old = old[(old["closed"] >= first - 365) & (old["closed"] <= last)]
    m = new.merge(old, on="client_id", suffixes=("", "_old"))
    m = m[(m["request_id"] != m["request_id_old"]) &
          (m["closed"] <= m["received"]) &
          (m["closed"] >= m["received"] - 365)]
    pairs.append(("herhaling_pct", pct(m["request_id"].nunique(), len(new))))
    put("effectiviteit", pairs)
    # efficientie, on the period's last day
    openr = ((r["received"] <= last) & ~(r["closed"] <= last)).sum()
    openp = ((p["opened"] <= last) & ~(p["closed"] <= last)).sum()
    fte = t["staff"]["fte"].sum()
    put("efficientie", [("open_requests", int(openr)),
                        ("open_plans", int(openp)), ("fte", fte),
                        ("per_fte", openr / fte if fte else None)])
    # proceskwaliteit
    c = closed[closed["route"].isin(["eigen_inzet", "maatwerk"])]
    fp = p.groupby("client_id")["opened"].min()
    had = c["client_id"].map(fp) <= c["closed"]
    pc = p[inp(p["closed"])]
    put("proceskwaliteit", [("met_plan_pct", pct(had.sum(), len(c))),
                            ("met_evaluatie_pct",
                             pct(pc["evaluated_at"].notna().sum(), len(pc)))])
    put("wettelijke_termijnen", clocks(t, r, first, last))
    # beweging and afwijkingen: the requests decided in the period
    dd = r[inp(r["decided"])]
    n = len(dd)
    counts = [(x, int((dd["route"] == x).sum())) for x in ROUTES]
    put("beweging", [("count", n)] + counts +
        [(x + "_pct", pct(v, n)) for x, v in counts])
    order = {x: i for i, x in enumerate(ROUTES)}
    ro = dd["route"].map(order)
    rr = dd["recommended_route"].map(order)
    dev = ro.notna() & rr.notna() & (ro != rr)
    nd = int(dev.sum())
    put("afwijkingen", [("count", n), ("afwijkend_pct", pct(nd, n)),
                        ("lichter_pct", pct((ro[dev] < rr[dev]).sum(), nd)),
                        ("zwaarder_pct", pct((ro[dev] > rr[dev]).sum(), nd))])
    return out


def clocks(t, r, first, last):
    """wettelijke_termijnen: each term's clocks as they stand on the
    period's last day (SPEC 6b)."""
    x = t["referral"]
    cl = []
    for term, law, event, ndays in t["legal_term"].itertuples(index=False):
        if event == "received_at":
            q = r[(r["law"] == law) & (r["kind"] == "vraag")]
            c = pd.DataFrame({"request_id": q["request_id"], "referral_id": 0,
                              "start": q["received"],
                              "stop": days(q["assessed_at"])})
        else:
            q = x[(x["kind"] == "toewijzen") & x["applied_at"].notna()]
            q = q.merge(r.loc[r["law"] == law, ["request_id"]],
                        on="request_id")
            c = pd.DataFrame({"request_id": q["request_id"],
                              "referral_id": q["referral_id"],
                              "start": days(q["applied_at"]),
                              "stop": days(q["decided_at"])})
        c["term"] = term
        c["days"] = ndays
        cl.append(c)
    c = pd.concat(cl, ignore_index=True)
    c = c[c["start"] <= last].copy()
    c.loc[c["stop"] > last, "stop"] = np.nan  # not yet stopped then
    s = t["suspension"].copy()
    s["referral_id"] = s["referral_id"].fillna(0).astype(int)
    s["from"] = days(s["from_date"])
    s["until"] = days(s["until_date"])
    s["notified"] = days(s["notified_at"])
    key = ["request_id", "term", "referral_id"]
    sp = s[(s["kind"] == "suspension") & (s["from"] <= last)].copy()
    sp["open"] = sp["until"].isna() | (sp["until"] > last)
    sp["n"] = (sp["until"] - sp["from"]).where(~sp["open"], 0)
    sp = sp.groupby(key).agg(n=("n", "sum"), open=("open", "any"))
    ex = s[(s["kind"] == "extension") &
           ~(s["notified"] > last)].groupby(key)["days"].sum()
    c = c.join(sp, on=key).join(ex.rename("ext"), on=key)
    c["open"] = c["open"].fillna(False).astype(bool)
    raw = c["start"] + c["days"] + c["n"].fillna(0) + c["ext"].fillna(0)
    shift = next_working(np.nanmin([raw.min(), first]),
                         np.nanmax([raw.max(), last]),
                         days(t["holiday"]["date"]).dropna().astype(int))
    c["deadline"] = np.where(c["open"], np.nan,
                             shift(raw.fillna(first).to_numpy()))
    out = []
    for term in t["legal_term"]["term"]:
        k = c[c["term"] == term]
        done = k[(k["stop"] >= first) & (k["stop"] <= last)]
        on_time = (done["deadline"].isna() |
                   (done["stop"] <= done["deadline"])).sum()
        run = k[k["stop"].isna()]
        overdue = (run["deadline"] < last).sum()
        out += [(term + "_count", len(done)),
                (term + "_on_time_pct", pct(on_time, len(done))),
                (term + "_overdue", int(overdue))]
    return out


def main():
    db, year = sys.argv[1], int(sys.argv[2])
    print("period\tkpi\tmeasure\tvalue")
    for kpi, m, v in kpis(load(db), year):
        print("%d\t%s\t%s\t%s" % (year, kpi, m,
                                   v if isinstance(v, int) else num(v)))


if __name__ == "__main__":
    main()
