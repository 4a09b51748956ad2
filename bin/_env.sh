# Shared by bin/serve and bin/test: locate Odoo, compute the addons path and
# make sure PostgreSQL and Redis are running. Sourced, not executed.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}

die() { echo "error: $*" >&2; exit 2; }

odoo_addons_path() {
    # Odoo installed from source (pip install -e <odoo>) keeps its addons next to
    # the odoo package; Debian/Docker installs keep them inside odoo/addons,
    # which Odoo adds by itself.
    if ! "$PYTHON" -c 'import odoo.release' 2>/dev/null; then
        die "Odoo 18 is not importable by $PYTHON. Install it first (README.md, 'Getting Odoo 18'):
  pip install -r requirements-odoo.txt
  pip install --no-deps -e /path/to/odoo-18.0 --config-settings editable_mode=compat
then check with: $PYTHON -c 'import odoo.release; print(odoo.release.version)'"
    fi
    local version
    version=$("$PYTHON" -c 'import odoo.release; print(odoo.release.series)')
    [ "$version" = "18.0" ] || die "Odoo $version found; the mall suite needs Odoo 18.0"
    local main
    main=$("$PYTHON" -c 'import odoo, os; print(os.path.realpath(os.path.join(os.path.dirname(odoo.__file__), "..", "addons")))')
    if [ -d "$main/sale" ]; then
        echo "$REPO/addons,$main"
    else
        echo "$REPO/addons"
    fi
}

start_postgresql() {
    if pg_isready -q 2>/dev/null; then return 0; fi
    echo "Starting PostgreSQL..."
    if command -v service >/dev/null && service postgresql start >/dev/null 2>&1; then :;
    else
        local cluster
        cluster=$(pg_lsclusters -h 2>/dev/null | awk 'NR == 1 {print $1" "$2}')
        [ -n "$cluster" ] || die "no PostgreSQL cluster found; install Debian's postgresql package"
        pg_ctlcluster $cluster start
    fi
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
    pg_isready -q || die "PostgreSQL did not start"
}

ensure_db_role() {
    # Odoo connects over the local socket as the current OS user.
    local me
    me=$(id -un)
    if ! psql -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ]; then
            su postgres -c "createuser --superuser $me" || die "could not create PostgreSQL role $me"
        else
            die "PostgreSQL role '$me' is missing: sudo -u postgres createuser --createdb $me"
        fi
    fi
}

start_redis() {
    local url=${MALL_REDIS_URL:-redis://127.0.0.1:6379/0}
    if redis-cli -u "$url" ping >/dev/null 2>&1; then return 0; fi
    command -v redis-server >/dev/null || die "Redis is not installed (Debian package redis-server)"
    echo "Starting Redis..."
    redis-server --daemonize yes --port 6379 --bind 127.0.0.1 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 30); do redis-cli -u "$url" ping >/dev/null 2>&1 && break; sleep 0.2; done
    redis-cli -u "$url" ping >/dev/null 2>&1 || die "Redis did not start"
}

MALL_MODULES=mall_catalog,mall_payment,mall_loyalty,mall_groupbuy,mall_miniprogram
