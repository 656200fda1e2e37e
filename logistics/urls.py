from django.urls import path

from logistics.views import attendance, participant, public, team

app_name = "logistics"

urlpatterns = [
    # Public: the code printed on letters and certificates.
    path("verify/", public.verify, name="verify"),
    path("verify/<str:code>/", public.verify_code, name="verify_code"),
    # Private downloads: the course team and the participant concerned.
    path("logistics/documents/<int:doc_pk>/pdf/", participant.download_document, name="download_document"),
    path("logistics/receipts/<int:claim_pk>/", participant.download_receipt, name="download_receipt"),
    # The participant's own travel page.
    path("logistics/<slug:course_slug>/mine/", participant.mine, name="mine"),
    path("logistics/<slug:course_slug>/mine/passport/", participant.mine_passport, name="mine_passport"),
    path("logistics/<slug:course_slug>/mine/itinerary/", participant.mine_itinerary, name="mine_itinerary"),
    path("logistics/<slug:course_slug>/mine/claims/", participant.mine_claim, name="mine_claim"),
    path("logistics/<slug:course_slug>/check-in/", participant.check_in, name="check_in"),
    # The course team.
    path("logistics/<slug:course_slug>/", team.overview, name="overview"),
    path("logistics/<slug:course_slug>/setup/", team.setup_page, name="setup"),
    path("logistics/<slug:course_slug>/people/<int:pk>/", team.traveller_page, name="traveller"),
    path("logistics/<slug:course_slug>/people/<int:pk>/visa/", team.set_visa, name="set_visa"),
    path("logistics/<slug:course_slug>/people/<int:pk>/passport/", team.save_passport, name="save_passport"),
    path("logistics/<slug:course_slug>/people/<int:pk>/itinerary/", team.save_itinerary, name="save_itinerary"),
    path("logistics/<slug:course_slug>/people/<int:pk>/cover/", team.set_cover, name="set_cover"),
    path("logistics/<slug:course_slug>/people/<int:pk>/claims/", team.add_claim, name="add_claim"),
    path("logistics/<slug:course_slug>/people/<int:pk>/letter/", team.issue_letter, name="issue_letter"),
    path("logistics/<slug:course_slug>/claims/<int:claim_pk>/decide/", team.decide_claim, name="decide_claim"),
    path("logistics/<slug:course_slug>/costs/", team.costs_page, name="costs"),
    path("logistics/<slug:course_slug>/costs.csv", team.costs_export, name="costs_export"),
    path("logistics/<slug:course_slug>/documents/", team.documents_page, name="documents"),
    path("logistics/<slug:course_slug>/documents/batch/", team.start_batch, name="start_batch"),
    path("logistics/<slug:course_slug>/documents/jobs/<int:job_pk>/", team.job_progress, name="job_progress"),
    path("logistics/<slug:course_slug>/documents/<int:doc_pk>/revoke/", team.revoke, name="revoke"),
    path("logistics/<slug:course_slug>/attendance/", attendance.sessions, name="attendance"),
    path("logistics/<slug:course_slug>/attendance/<int:session_pk>/", attendance.tick_list, name="tick_list"),
    path("logistics/<slug:course_slug>/attendance/<int:session_pk>/code/", attendance.room_code, name="room_code"),
]
