"""URLs of the negotiation (room actions), the facilitator's console, the debrief and the exports.
Included by simulations/urls.py (same ``simulations`` namespace)."""

from django.urls import path

from .views import console, debrief, negotiation

urlpatterns = [
    path("runs/<int:run_id>/negotiate/statement/", negotiation.statement, name="negotiate_statement"),
    path("runs/<int:run_id>/negotiate/caucus/", negotiation.caucus, name="negotiate_caucus"),
    path("runs/<int:run_id>/negotiate/floor/", negotiation.floor, name="negotiate_floor"),
    path("runs/<int:run_id>/negotiate/package/", negotiation.package, name="negotiate_package"),
    path("runs/<int:run_id>/negotiate/preview/", negotiation.preview, name="negotiate_preview"),
    path(
        "runs/<int:run_id>/negotiate/proposals/<int:proposal_id>/support/",
        negotiation.support,
        name="negotiate_support",
    ),
    path("runs/<int:run_id>/negotiate/proposals/<int:proposal_id>/vote/", negotiation.vote, name="negotiate_vote"),
    path("runs/<int:run_id>/negotiate/estimates/<slug:target>/", negotiation.estimate, name="negotiate_estimate"),
    path(
        "runs/<int:run_id>/negotiate/improvements/<int:number>/vote/",
        negotiation.improvement_vote,
        name="negotiate_improvement_vote",
    ),
    path("console/", console.console_home, name="console_home"),
    path("courses/<int:course_id>/console/", console.console, name="console"),
    path("courses/<int:course_id>/console/announce/", console.announce, name="console_announce"),
    path("courses/<int:course_id>/console/inject/", console.inject, name="console_inject"),
    path("runs/<int:run_id>/debrief/", debrief.debrief, name="debrief"),
    path("runs/<int:run_id>/replay/", debrief.replay, name="replay"),
    path("runs/<int:run_id>/export/<str:kind>.<str:fmt>", debrief.export, name="export"),
]
