"""Forms of the participants app, one module per part of the lifecycle (applicant.py: the applicant journey)."""
