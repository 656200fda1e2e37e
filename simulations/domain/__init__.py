"""Business rules of the simulations app, as plain functions named verb_noun.

- scenarios: load and validate scenario YAML files (docs/scenarios.md)
- runs: create a run, adjust its round plan, seat pairs in delegations
- engine: the run state machine (start, pause, advance…), the only writer of a run's timing
- room: what a participant may see
"""
