"""Business rules of the programme: plain functions named verb_noun, called by views, admin, tasks and demo."""
