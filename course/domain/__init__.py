"""Business rules of the course app: plain functions named verb_noun, called by views, admin and tasks."""
