"""Views of the participants app: applicant.py (the applicant journey), review.py and selection.py."""
