#!/bin/sh
# How every process of Tillsammans starts in production, in one place: the image build and the
# containers of docker-compose.yml run it, and so does .ci/production-start on the CI machine,
# so what CI has run is what production runs (README, "Run in production").
#
#   config/start.sh build     compile the English catalogue, collect the static files
#   config/start.sh migrate   migrate as the database's owner, then grant the app's role
#   config/start.sh web       gunicorn on $BIND (default 0.0.0.0:8000), whitenoise serves /static
#   config/start.sh worker    the Celery worker
#   config/start.sh beat      Celery beat (follow-up reminders, consent sweeps)
#   config/start.sh health web|worker    exits 0 when that process answers
#
# It runs python, gunicorn and celery from PATH, so CI puts the project's virtualenv first.
set -eu
cd "$(dirname "$0")/.."

case "${1:-}" in
build)
	python -c "import pathlib, polib; [polib.pofile(str(p)).save_as_mofile(str(p.with_suffix('.mo'))) for p in pathlib.Path('config/locale').rglob('*.po')]"
	python manage.py collectstatic --no-input --verbosity 0
	;;
migrate)
	python manage.py migrate --no-input
	python manage.py grant_app_role
	;;
web)
	exec gunicorn config.wsgi:application --bind "${BIND:-0.0.0.0:8000}" \
		--workers "${WEB_CONCURRENCY:-3}" --access-logfile -
	;;
worker)
	exec celery -A config worker --loglevel=info --concurrency "${CELERY_CONCURRENCY:-2}"
	;;
beat)
	exec celery -A config beat --loglevel=info --schedule "${BEAT_SCHEDULE_FILE:-/tmp/celerybeat-schedule}"
	;;
health)
	case "${2:-}" in
	web)
		# /healthz answers plain HTTP; the Host is one the settings allow.
		python -c "import os, urllib.request as r; r.urlopen(r.Request('http://' + os.environ.get('BIND', '127.0.0.1:8000').replace('0.0.0.0', '127.0.0.1') + '/healthz', headers={'Host': os.environ['ALLOWED_HOSTS'].split(',')[0].lstrip('.')}), timeout=5)"
		;;
	worker)
		celery -A config inspect ping --timeout 5 --destination "celery@$(hostname)" >/dev/null
		;;
	*)
		echo "usage: $0 health web|worker" >&2
		exit 2
		;;
	esac
	;;
*)
	echo "usage: $0 build|migrate|web|worker|beat|health" >&2
	exit 2
	;;
esac
