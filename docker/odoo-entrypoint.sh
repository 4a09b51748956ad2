#!/bin/bash
# Entrypoint of the mall's Odoo container (docker/Dockerfile, docker-compose.yml).
#
# The compose command names the modules to install with -i and a language with
# --load-language. Odoo 18 honours -i even for modules that are already installed:
# it reloads all their data and demo files at every start, which is slow and resets
# records users changed. So this script applies -i and --load-language only while one
# of those modules is not installed in the database named by -d, in a separate run
# with --stop-after-init, and then starts the server without them.
#
# Both runs go through the official image's /entrypoint.sh, which waits for
# PostgreSQL and adds --db_host/--db_port/--db_user/--db_password from the HOST,
# PORT, USER and PASSWORD variables (unless odoo.conf sets them). Other commands
# (bash, "odoo shell ...", "odoo scaffold ...") are passed through unchanged.
set -euo pipefail

case "${1:-}" in
    -- | odoo) shift ;;
    -*) ;;
    *) exec /entrypoint.sh "$@" ;;
esac
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
    exec /entrypoint.sh odoo "$@"    # an Odoo subcommand such as shell or scaffold
fi

serve=()        # arguments of the server
lang=()         # --load-language, first start only
modules=""      # -i, first start only
db=""
while [ $# -gt 0 ]; do
    case "$1" in
        --init=*) modules=${1#--init=} ;;
        --init) modules=${2:?"--init needs a value"}; shift ;;
        --load-language=*) lang=("$1") ;;
        --load-language) lang=("$1" "${2:?"--load-language needs a value"}"); shift ;;
        --database=*) db=${1#--database=}; serve+=("$1") ;;
        --database) db=${2:?"--database needs a value"}; serve+=("$1" "$2"); shift ;;
        --*) serve+=("$1") ;;
        -i) modules=${2:?"-i needs a value"}; shift ;;
        -i?*) modules=${1#-i} ;;
        -d) db=${2:?"-d needs a value"}; serve+=("$1" "$2"); shift ;;
        -d?*) db=${1#-d}; serve+=("$1") ;;
        *) serve+=("$1") ;;
    esac
    shift
done

if [ -n "$modules" ]; then
    [ -n "$db" ] || { echo "mall-entrypoint: -i needs -d <database>" >&2; exit 2; }
    # Exit status: 0 all installed, 1 something to install, 2 PostgreSQL unreachable.
    status=0
    python3 - "$db" "$modules" <<'PY' || status=$?
import configparser
import os
import sys
import time

import psycopg2

db, modules = sys.argv[1], sorted({m for m in sys.argv[2].split(",") if m})
# Same sources, in the same order, as the official /entrypoint.sh.
env = os.environ
password = env.get("PASSWORD")
if password is None and env.get("PASSWORD_FILE"):
    with open(env["PASSWORD_FILE"]) as f:
        password = f.read()
params = {
    "host": env.get("HOST") or env.get("DB_PORT_5432_TCP_ADDR") or env.get("PGHOST") or "db",
    "port": env.get("PORT") or env.get("DB_PORT_5432_TCP_PORT") or env.get("PGPORT") or "5432",
    "user": env.get("USER") or env.get("DB_ENV_POSTGRES_USER") or env.get("POSTGRES_USER")
    or env.get("PGUSER") or "odoo",
    "password": password or env.get("DB_ENV_POSTGRES_PASSWORD") or env.get("POSTGRES_PASSWORD")
    or env.get("PGPASSWORD") or "odoo",
}
rc = configparser.ConfigParser(interpolation=None)
rc.read(env.get("ODOO_RC", "/etc/odoo/odoo.conf"))
for key in params:
    value = rc.get("options", f"db_{key}", fallback="").strip()
    if value and value != "False":
        params[key] = value

deadline = time.time() + 30
while True:
    try:
        conn = psycopg2.connect(dbname="postgres", **params)
        break
    except psycopg2.OperationalError as error:
        if time.time() > deadline:
            print(f"mall-entrypoint: PostgreSQL unreachable: {error}", file=sys.stderr)
            sys.exit(2)
        time.sleep(1)
with conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
    exists = cr.fetchone()
conn.close()
if not exists:
    sys.exit(1)
conn = psycopg2.connect(dbname=db, **params)
with conn, conn.cursor() as cr:
    cr.execute("SELECT to_regclass('ir_module_module') IS NOT NULL")
    if not cr.fetchone()[0]:
        sys.exit(1)
    cr.execute(
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name IN %s",
        [tuple(modules)],
    )
    sys.exit(0 if cr.fetchone()[0] == len(modules) else 1)
PY
    case $status in
        0) ;;
        1)
            echo "mall-entrypoint: installing $modules into database $db (first start, a few minutes)..."
            /entrypoint.sh odoo "${serve[@]}" -i "$modules" "${lang[@]}" --stop-after-init
            ;;
        *) exit "$status" ;;
    esac
fi

exec /entrypoint.sh odoo "${serve[@]}"
