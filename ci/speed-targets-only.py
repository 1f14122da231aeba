#!/usr/bin/env python3
"""Exit 0 when every result file in a results directory passed, was skipped, or failed on measured speed targets
alone (recovery at the limit, the p99 and average operation latency); else name what failed and exit 1.

CI runs real scenarios right after mvn verify, on a machine still busy with it. Speed targets, like every wall-clock
target, are judged in ./harness run on a quiet machine (figures in the closing notes), not as a gate here; the verdicts
and the report stay exactly as the harness wrote them. Any other criterion that does not pass, a criterion that was
not measured, an error or an aborted run fails. The same rule as the CLI tests' SpeedTargets.

Usage: ci/speed-targets-only.py RESULTS_DIR
"""
import json
import pathlib
import sys

SPEED_TARGETS = {"recovery at the limit", "p99 operation latency", "average operation latency"}


def main(argv):
    if len(argv) != 2:
        print("usage: speed-targets-only.py RESULTS_DIR", file=sys.stderr)
        return 2
    files = sorted(pathlib.Path(argv[1]).glob("*.json"))
    if not files:
        print(f"ci: no result files in {argv[1]}", file=sys.stderr)
        return 1
    bad = []
    for f in files:
        r = json.loads(f.read_text(encoding="utf-8"))
        sid, verdict = r.get("scenario", f.name), r.get("verdict")
        if verdict in ("pass", "skipped"):
            continue
        if verdict != "fail":
            bad.append(f"{sid}: {verdict}: {r.get('error')}")
            continue
        failed = [c for c in r.get("criteria", []) if c.get("verdict") != "pass"]
        others = [c for c in failed if c.get("name") not in SPEED_TARGETS or c.get("verdict") != "fail"]
        if not failed or others:
            bad.append(f"{sid}: " + ("; ".join(f"{c.get('name')} {c.get('verdict')}: {c.get('measured')}"
                                               for c in others) or "failed with every criterion met"))
            continue
        for c in failed:
            print(f"ci: {sid}: {c.get('name')} missed, measured {c.get('measured')} (a speed target: judged in "
                  f"./harness run on a quiet machine, not gated here)")
    for line in bad:
        print(f"ci: {line}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
