"""Bots for the benchmarks: the negotiation strategies of simulations.strategies, mixed per table.

bench/chaos.py runs ``manage.py run_bots`` per table with these strategies; bench/load.py plays them in its own
process before it measures (``play_round``), so the rooms it measures carry a negotiation's record.
"""

from collections import Counter

BOT_STRATEGIES = ["hard_liner", "concession_maker", "integrative", "free_rider"]


def seat_strategies(keys, shift=0):
    """{delegation key: strategy}: the four strategies in turn, starting ``shift`` places along."""
    return {key: BOT_STRATEGIES[(shift + i) % len(BOT_STRATEGIES)] for i, key in enumerate(keys)}


def strategy_counts(strategy_by_run):
    """How many seats play each strategy, over every table."""
    return dict(Counter(name for chosen in strategy_by_run.values() for name in chosen.values()))


def play_round(runs, strategy_by_run, passes=5):
    """Let every delegation of every table act as its strategy's bot in the table's current round, through the
    domain (simulations.domain.bots.act_once), until nothing new happens or ``passes`` calls per table (each
    call may table or amend again: a strategy never re-tables a package). Returns Counter({action: n})."""
    from simulations.domain.bots import act_once  # noqa: PLC0415 (after setup)
    from simulations.domain.versions import run_sheet  # noqa: PLC0415 (after setup)
    from simulations.models import Delegation  # noqa: PLC0415 (after setup)

    done = Counter()
    for run in runs:
        delegations = list(Delegation.objects.filter(scenario_id=run.scenario_id).order_by("position", "pk"))
        sheet = run_sheet(run)
        for _ in range(passes):
            acted = act_once(run, delegations, sheet=sheet, strategy_by_seat=strategy_by_run[run.pk])
            done.update(action for _key, action in acted)
            if not acted:
                break
    return done
