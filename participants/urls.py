from . import urls_applicant, urls_call, urls_review

app_name = "participants"

# Review, selection and call-setup routes come first: their fixed prefixes must not be read as course slugs.
urlpatterns = urls_review.urlpatterns + urls_call.urlpatterns + urls_applicant.urlpatterns
