#!/bin/sh
# The two roles of Tillsammans (README, "Two database roles"), made once, when the postgres
# service initialises its volume, by the image's superuser: the owner owns the database, so
# migrate can create and alter its tables; the application's role may only log in until
# `manage.py grant_app_role`, run by the owner after migrate, grants it the rest.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$DATABASE_OWNER_PASSWORD" -v app_password="$DATABASE_APP_PASSWORD" <<'SQL'
CREATE ROLE tillsammans LOGIN PASSWORD :'owner_password';
CREATE ROLE tillsammans_app LOGIN PASSWORD :'app_password';
ALTER DATABASE tillsammans OWNER TO tillsammans;
SQL
