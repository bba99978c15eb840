# Pustaka server image: the portal (gunicorn) by default; the same image runs the Celery
# worker and the one-shot migrations (see docker-compose.yml).
#
#   docker build -t pustaka .
#
# Debian 12 gives Python 3.11 and the Tesseract, Ghostscript and SANE packages that
# scripts/bootstrap.sh installs on a bare machine; the list is the same file.
# pdf.js for the search page viewer: the pinned npm package, integrity-checked by npm ci
# against package-lock.json. Only the files the viewer loads are copied into the image.
FROM node:22-bookworm-slim AS pdfjs
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error

FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# System packages, from the list scripts/bootstrap.sh uses (comments skipped).
# ca-certificates: TLS to the SMTP server and to S3-compatible storage.
COPY scripts/apt-packages.txt /tmp/apt-packages.txt
RUN apt-get update \
    && grep -v '^#' /tmp/apt-packages.txt \
       | xargs apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* /tmp/apt-packages.txt

# The application, installed (not editable) into its own virtual environment with the
# exact versions in constraints.txt. The source tree is removed afterwards so that only
# the installed package is importable.
RUN python3 -m venv /app/.venv
ENV VIRTUAL_ENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH
COPY . /tmp/src
RUN pip install -c /tmp/src/constraints.txt /tmp/src \
    && rm -rf /tmp/src

# Served as static files under pdfjs/ (settings.PDFJS_DIR; collectstatic copies them).
ARG PDFJS=/assets/node_modules/pdfjs-dist
COPY --from=pdfjs ${PDFJS}/build/pdf.min.mjs ${PDFJS}/build/pdf.worker.min.mjs /app/pdfjs/build/
COPY --from=pdfjs ${PDFJS}/web/pdf_viewer.mjs ${PDFJS}/web/pdf_viewer.css /app/pdfjs/web/
COPY --from=pdfjs ${PDFJS}/web/images /app/pdfjs/web/images/
ENV PUSTAKA_PDFJS_DIR=/app/pdfjs
# Chart.js for the staff charts (settings.CHARTJS_DIR), from the same pinned npm install.
COPY --from=pdfjs /assets/node_modules/chart.js/dist/chart.umd.min.js /app/chartjs/
ENV PUSTAKA_CHARTJS_DIR=/app/chartjs

# An unprivileged user owns the data folder: files (storage), collected static files
# and outgoing mail when no SMTP server is set. Creating the folders here gives named
# volumes mounted on them the right owner.
RUN useradd --system --user-group --home-dir /var/lib/pustaka --shell /usr/sbin/nologin pustaka \
    && install -d -o pustaka -g pustaka -m 0750 \
       /var/lib/pustaka /var/lib/pustaka/storage /var/lib/pustaka/static

ENV PUSTAKA_ENV=production \
    PUSTAKA_VAR_DIR=/var/lib/pustaka \
    OMP_THREAD_LIMIT=1

WORKDIR /app
USER pustaka
EXPOSE 8000

# As `pustaka run` starts it (portal/stack/plan.py), bound to all interfaces.
CMD ["gunicorn", "portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", "--threads", "4", \
     "--timeout", "60", "--graceful-timeout", "10", \
     "--access-logfile", "-"]
