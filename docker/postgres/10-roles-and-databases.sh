#!/usr/bin/env bash
# First start of the PostgreSQL server (docker-entrypoint-initdb.d; never run again once the
# data volume exists): one server, two databases.
#   airflow    Airflow's metadata database, owned by the role airflow.
#   warehouse  the PATA warehouse, owned by pata_owner, which runs the migrations
#              (`pata db upgrade`). pata_pipeline (the running pipeline) and pata_analyst
#              (regional staff) are created here with their passwords; the first migration
#              finds them and grants their privileges.
# Passwords come from the container's environment (see docker-compose.yml) and are passed as
# psql variables, so they appear in no file and no command line.
set -euo pipefail

: "${AIRFLOW_DB_PASSWORD:?}" "${WAREHOUSE_OWNER_PASSWORD:?}"
: "${WAREHOUSE_PIPELINE_PASSWORD:?}" "${WAREHOUSE_ANALYST_PASSWORD:?}"

psql --no-psqlrc -v ON_ERROR_STOP=1 \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set airflow_password="$AIRFLOW_DB_PASSWORD" \
    --set owner_password="$WAREHOUSE_OWNER_PASSWORD" \
    --set pipeline_password="$WAREHOUSE_PIPELINE_PASSWORD" \
    --set analyst_password="$WAREHOUSE_ANALYST_PASSWORD" <<'SQL'
create role airflow login password :'airflow_password';
create database airflow owner airflow;
revoke all on database airflow from public;

-- CREATEROLE so that the owner administers the two roles below (PostgreSQL 16+ grants
-- ADMIN OPTION to the creating role), which the migrations comment on and grant to.
create role pata_owner login createrole password :'owner_password';
create database warehouse owner pata_owner;
revoke all on database warehouse from public;

set role pata_owner;
create role pata_pipeline login password :'pipeline_password';
create role pata_analyst login password :'analyst_password';
grant connect, temporary on database warehouse to pata_pipeline;
grant connect on database warehouse to pata_analyst;
reset role;
SQL
