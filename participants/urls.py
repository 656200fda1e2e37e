from . import urls_applicant, urls_review

app_name = "participants"

# Review and selection routes come first: their fixed prefixes must not be read as course slugs.
urlpatterns = urls_review.urlpatterns + urls_applicant.urlpatterns
