"""Demo data of the participants app (``manage.py seed_demo``): applicants with draft and partner-invited
applications (applicants), a reviewed, selected and confirmed cohort (selection), and the current edition's
call set up by the course team: questions, a document, referees, follow-up forms (call)."""
