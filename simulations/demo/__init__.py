"""Demo data of the simulations app (``manage.py seed_demo``): runs seated with the demo cohort (runs), and a
negotiation played part-way by scripted delegations (negotiation)."""
