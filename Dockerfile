# Image for the web, worker and beat processes (see compose.yaml and docs/deploy.md).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.production
WORKDIR /srv/accord
# WeasyPrint renders visa letters and certificates: Pango, HarfBuzz's subsetter and a font family.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Translation catalogues are build output (docs/i18n.md): compiled here, as `make run` and `make test` do.
RUN python scripts/messages.py compile
RUN useradd --system --home /srv/accord accord && mkdir -p /srv/accord/uploads /srv/accord/var && chown -R accord /srv/accord
USER accord
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
