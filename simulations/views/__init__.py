"""Views of the simulations app: the facilitator's run pages and the participant's room."""
