"""Demo data of the participants app (``manage.py seed_demo``): applicants with draft and partner-invited
applications (applicants), and a reviewed, selected and confirmed cohort (selection)."""
