#!/usr/bin/env bash
# One-shot initialisation run by the airflow-init service (idempotent: every step is a no-op
# when already done, so `docker compose up` may run it on every start).
#   1. Airflow's metadata database: `airflow db migrate`.
#   2. The admin user of the UI (FAB auth manager), created once.
#   3. The warehouse: `pata db upgrade`, with PATA_WAREHOUSE_URL set to the owner login.
# Connections are not written to the database: every component reads them from the
# AIRFLOW_CONN_* variables of docker-compose.yml.
set -euo pipefail

: "${AIRFLOW_ADMIN_PASSWORD:?}" "${PATA_WAREHOUSE_URL:?}"
admin="${AIRFLOW_ADMIN_USERNAME:-admin}"

echo "airflow-init: migrating the Airflow metadata database"
airflow db migrate

# An existing user is left as it is (`users create` says so and exits 0): a password changed
# in .env later does not reach it; change it in the UI or with `airflow users reset-password`.
echo "airflow-init: admin user '$admin'"
airflow users create --role Admin --username "$admin" \
    --firstname PATA --lastname Admin --email "$admin@pata.invalid" \
    --password "$AIRFLOW_ADMIN_PASSWORD"

echo "airflow-init: migrating the warehouse"
pata db upgrade
echo "airflow-init: done"
