"""Benchmark: the full debrief analysis of a scenario with 8 delegations and 5 issues of 5 options each.

Builds a seeded random scoring sheet (3,125 packages), then times, from a fresh sheet each time (nothing
cached): enumeration and scores of every package, the Pareto frontier, the zone of agreement and its frontier,
the Nash package, the best achievable joint gain, an agreement's analysis with its distance to the frontier,
and every delegation's best package (what a bot asks). Target: median under 1000 ms.

Run from the repository root: .venv/bin/python bench/negotiation_analysis.py [--repeat N] [--seed S]
The last line printed is one JSON object.
"""

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulations.analysis import (  # noqa: E402
    DecisionRule,
    Issue,
    ScoringSheet,
    agreement_frontier,
    analyse_agreement,
    analyse_sheet,
    best_package_for,
    pareto_frontier,
)

DELEGATIONS = 8
ISSUES = 5
OPTIONS = 5


def build_sheet(seed: int) -> ScoringSheet:
    """Each delegation spreads 100 points of importance over the issues (so priorities differ) and scores each
    option between 0 and that weight; BATNAs sit at 45 % of the delegation's best possible total."""
    rng = random.Random(seed)
    delegations = tuple(f"delegation_{n + 1}" for n in range(DELEGATIONS))
    issues = tuple(Issue(f"issue_{n + 1}", tuple(f"option_{m + 1}" for m in range(OPTIONS))) for n in range(ISSUES))
    points, batna = {}, {}
    for delegation in delegations:
        cuts = sorted(rng.sample(range(1, 100), ISSUES - 1))
        weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        for issue, weight in zip(issues, weights, strict=True):
            values = [rng.randint(0, weight) for _ in issue.options]
            values[rng.randrange(OPTIONS)] = weight  # every issue has a best option worth its full weight
            for option, value in zip(issue.options, values, strict=True):
                points[(delegation, issue.key, option)] = value
        batna[delegation] = 45
    rule = DecisionRule("k_of_n", k=6, required=delegations[:2], veto=delegations[2:3])
    return ScoringSheet(delegations, issues, points, batna, rule)


def run_analysis(sheet: ScoringSheet) -> dict:
    summary = analyse_sheet(sheet)
    frontier = pareto_frontier(sheet)
    zone_frontier = agreement_frontier(sheet)
    agreement = zone_frontier[-1] if zone_frontier else None
    result = analyse_agreement(sheet, agreement)
    bots = {d: best_package_for(sheet, d, acceptable_only=True) for d in sheet.delegations}
    return {
        "frontier": len(frontier),
        "agreement_frontier": len(zone_frontier),
        "zone": summary.zone_size,
        "adoptable": summary.adoptable_count,
        "best_achievable_joint_gain": summary.best_achievable_joint_gain,
        "agreement_distance": result.distance_to_frontier,
        "bots_with_a_package": sum(1 for p in bots.values() if p is not None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    timings, facts = [], {}
    for _ in range(args.repeat):
        sheet = build_sheet(args.seed)  # fresh sheet: no cached package space
        started = time.perf_counter()
        facts = run_analysis(sheet)
        timings.append((time.perf_counter() - started) * 1000)
    packages = OPTIONS**ISSUES
    median = statistics.median(timings)
    print(
        f"Full analysis of {packages} packages × {DELEGATIONS} delegations: median {median:.1f} ms, "
        f"min {min(timings):.1f} ms, max {max(timings):.1f} ms over {args.repeat} runs "
        f"(frontier {facts['frontier']}, zone of agreement {facts['zone']}, target < 1000 ms)"
    )
    print(
        json.dumps(
            {
                "packages": packages,
                "delegations": DELEGATIONS,
                "issues": ISSUES,
                "repeat": args.repeat,
                "analysis_ms": round(median, 1),
                "min_ms": round(min(timings), 1),
                "max_ms": round(max(timings), 1),
                "target_ms": 1000,
                "ok": median < 1000,
                **facts,
            }
        )
    )


if __name__ == "__main__":
    main()
