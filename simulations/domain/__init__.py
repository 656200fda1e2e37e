"""Business rules of the simulations app, as plain functions named verb_noun. Writes and rules only: the domain
never imports the room's read side (simulations.room), which hears about changes through the stamp-change hook.

- errors: the refusals (SimulationError and one subclass per layer, all ending in "Error")
- scenarios: load and validate scenario YAML files (docs/scenarios.md)
- scoring: a scenario's scoring sheet and the validation of a package (a read of the scenario)
- runs: create a run, adjust its round plan, seat pairs in delegations
- engine: the run state machine (start, pause, advance…), the only writer of a run's timing
- activity: the one ``bump_activity`` and the stamp-change hook
- negotiation: what a delegation does in a round (statement, caucus, floor, proposals, votes)
- injects: scenario injects released when their round is entered; what is released at a moment
- presence: who has a room open (the console's "present")
- console: the facilitator's console, announcements, live injects
- outcome, debrief, exports: how a run ended, its debrief, and its exports
- bots: scripted delegations (rehearsals, demos, tests, load tests)
"""
