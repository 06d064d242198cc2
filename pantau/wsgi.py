import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")
# Settings give web processes a statement timeout that workers and management commands do not get.
os.environ.setdefault("PANTAU_PROCESS", "web")
application = get_wsgi_application()
