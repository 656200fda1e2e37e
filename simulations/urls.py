app_name = "simulations"

urlpatterns = []
