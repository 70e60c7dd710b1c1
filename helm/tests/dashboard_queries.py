"""Every query of the Grafana dashboard, asked of a real Prometheus that scrapes the service.

A query Prometheus cannot parse, or one that returns no series (a metric or label the service does
not export, a typo in a selector), fails the check: a dashboard panel that would stay empty is a
defect. Grafana's variables are replaced as Grafana would for "All replicas".

usage: dashboard_queries.py DASHBOARD_JSON PROMETHEUS_URL [SECONDS_TO_WAIT]
"""
import json
import sys
import time
import urllib.parse
import urllib.request

VARIABLES = {
    "$__rate_interval": "1m",
    "${instance}": ".+",
    "$instance": ".+",
}


def queries(dashboard):
    """(panel title, refId, expr) of every target of every panel, rows' nested panels included."""
    pending = list(dashboard["panels"])
    while pending:
        panel = pending.pop(0)
        pending.extend(panel.get("panels", []))
        for target in panel.get("targets", []):
            yield panel["title"], target["refId"], target["expr"]


def resolve(expr):
    for name, value in VARIABLES.items():
        expr = expr.replace(name, value)
    if "$" in expr:
        raise ValueError("unknown dashboard variable in: " + expr)
    return expr


def ask(prometheus, expr):
    url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        # Prometheus answers 400 with a JSON body naming the parse error.
        return json.load(error)


def main():
    dashboard_file, prometheus = sys.argv[1], sys.argv[2]
    deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 60)
    with open(dashboard_file, encoding="utf-8") as file:
        dashboard = json.load(file)
    targets = list(queries(dashboard))
    if not targets:
        print("dashboard-queries: the dashboard has no queries", file=sys.stderr)
        return 1
    failures = {}
    while True:
        failures = {}
        for title, ref, expr in targets:
            answer = ask(prometheus, resolve(expr))
            if answer.get("status") != "success":
                failures[(title, ref)] = "invalid PromQL: %s (%s)" % (answer.get("error"), expr)
            elif not answer["data"]["result"]:
                failures[(title, ref)] = "no data: " + expr
        invalid = [reason for reason in failures.values() if reason.startswith("invalid")]
        if not failures or invalid or time.monotonic() > deadline:
            break
        time.sleep(2)
    for title, ref, expr in targets:
        verdict = failures.get((title, ref), "ok")
        print("dashboard-queries: %s [%s]: %s" % (title, ref, verdict))
    passed = len(targets) - len(failures)
    print("dashboard-queries: %d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
