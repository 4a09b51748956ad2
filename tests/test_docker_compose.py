# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""docker-compose.yml and docker/ stay consistent with the repository.

No Docker needed: the files are parsed and compared with the addons, odoo.conf and
the requirement pins, and the entrypoint's argument handling is run against stubs.
"""

import configparser
import os
import re
import shlex
import stat
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE = yaml.safe_load(COMPOSE_FILE.read_text())
SERVICES = COMPOSE.get("services") or {}
ODOO = SERVICES.get("odoo") or {}
MALL_ADDONS = sorted(
    p.parent.name
    for p in (ROOT / "addons").glob("*/__manifest__.py")
    if p.parent.name.startswith("mall_")
)
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#]+)")


def _mapping(value):
    """Compose accepts a mapping or a list of KEY=VALUE for environment."""
    if isinstance(value, dict):
        return {k: "" if v is None else str(v) for k, v in value.items()}
    return dict(
        item.split("=", 1) if "=" in item else (item, "") for item in value or []
    )


def _unescape(value):
    # Compose interpolates $VAR; "$$" is a literal "$".
    return value.replace("$$", "$")


def _command():
    command = ODOO.get("command")
    assert command, "the odoo service has no command"
    args = (
        shlex.split(command) if isinstance(command, str) else [str(a) for a in command]
    )
    return [_unescape(a) for a in args]


def _option(args, short, long):
    """Value of an Odoo option given as "-x v", "--long v" or "--long=v"."""
    for i, arg in enumerate(args):
        if arg in (short, long) and i + 1 < len(args):
            return args[i + 1]
        if long and arg.startswith(long + "="):
            return arg.split("=", 1)[1]
    return None


def _volumes(service):
    """Short syntax volumes as (source, target, options) triples."""
    result = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            opts = "ro" if volume.get("read_only") else ""
            result.append((volume.get("source", ""), volume["target"], opts))
        else:
            parts = volume.split(":")
            result.append((parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return result


def _dockerfile():
    build = ODOO.get("build")
    assert build, "the odoo service must be built (docker/Dockerfile)"
    if isinstance(build, str):
        build = {"context": build}
    context = (COMPOSE_FILE.parent / build.get("context", ".")).resolve()
    return context, (context / build.get("dockerfile", "Dockerfile")).resolve()


def _instructions(dockerfile):
    """Dockerfile instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            result.append((keyword.upper(), rest.strip()))
    return result


def _pins(path, seen=None):
    seen = set() if seen is None else seen
    result = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            included = (path.parent / line[3:].strip()).resolve()
            if included not in seen:
                seen.add(included)
                result.update(_pins(included, seen))
        elif match := PIN.match(line):
            result[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return result


def test_three_services():
    assert {"db", "redis", "odoo"} <= set(SERVICES), sorted(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")


def test_db_service():
    db = SERVICES["db"]
    env = _mapping(db.get("environment"))
    assert env.get("POSTGRES_USER") and env.get("POSTGRES_PASSWORD"), env
    assert env.get("POSTGRES_DB") == "postgres"
    named = [
        src for src, target, _ in _volumes(db) if target == "/var/lib/postgresql/data"
    ]
    assert named, "PostgreSQL data is not on a volume"
    assert named[0] in (COMPOSE.get("volumes") or {}), (
        f"volume {named[0]} is not declared"
    )


@pytest.mark.parametrize(
    ("service", "probe"), [("db", "pg_isready"), ("redis", "redis-cli")]
)
def test_healthchecks(service, probe):
    check = SERVICES[service].get("healthcheck") or {}
    test = check.get("test")
    assert test, f"{service} has no healthcheck"
    text = test if isinstance(test, str) else " ".join(test)
    assert probe in text, f"{service} healthcheck does not use {probe}: {text}"
    if service == "redis":
        assert "ping" in text


def test_odoo_waits_for_healthy_db_and_redis():
    depends = ODOO.get("depends_on")
    assert isinstance(depends, dict), (
        "depends_on needs the long form to state conditions"
    )
    for name in ("db", "redis"):
        assert depends.get(name, {}).get("condition") == "service_healthy", name
        assert SERVICES[name].get("healthcheck"), (
            f"{name} is waited for but has no healthcheck"
        )


def test_odoo_builds_from_official_18_image():
    context, dockerfile = _dockerfile()
    assert dockerfile == ROOT / "docker" / "Dockerfile"
    instructions = _instructions(dockerfile)
    froms = [args for keyword, args in instructions if keyword == "FROM"]
    assert froms and froms[0].split()[0].startswith("odoo:18"), froms
    # What the Dockerfile copies must exist in the build context.
    for keyword, args in instructions:
        if keyword in ("COPY", "ADD"):
            sources = [a for a in args.split() if not a.startswith("--")][:-1]
            for source in sources:
                assert (context / source).exists(), (
                    f"{keyword} {source}: not in {context}"
                )
    run = " ".join(args for keyword, args in instructions if keyword == "RUN")
    assert "--break-system-packages" in run
    assert "requirements.txt" in run


def test_entrypoint_is_the_mall_script():
    _, dockerfile = _dockerfile()
    instructions = _instructions(dockerfile)
    entrypoints = [args for keyword, args in instructions if keyword == "ENTRYPOINT"]
    assert entrypoints, (
        "no ENTRYPOINT: -i would reload the modules' data at every start"
    )
    target = yaml.safe_load(entrypoints[-1])[0]
    copied = [args.split()[-1] for keyword, args in instructions if keyword == "COPY"]
    assert target in copied, f"ENTRYPOINT {target} is not copied into the image"
    script = (ROOT / "docker" / "odoo-entrypoint.sh").read_text()
    assert "exec /entrypoint.sh" in script, (
        "the official entrypoint must still pass the db options"
    )


def test_mounted_host_paths_exist():
    volumes = _volumes(ODOO)
    targets = {target: (source, opts) for source, target, opts in volumes}
    assert "/mnt/extra-addons" in targets
    assert "/etc/odoo/odoo.conf" in targets
    source, opts = targets["/etc/odoo/odoo.conf"]
    assert "ro" in opts.split(","), "odoo.conf must be mounted read-only"
    for source, target, _ in volumes:
        if source.startswith((".", "/")):
            assert (COMPOSE_FILE.parent / source).resolve().exists(), (
                f"{source} (for {target}) is missing"
            )
    assert (
        COMPOSE_FILE.parent / targets["/mnt/extra-addons"][0]
    ).resolve() == ROOT / "addons"
    assert (
        COMPOSE_FILE.parent / targets["/etc/odoo/odoo.conf"][0]
    ).resolve() == ROOT / "odoo.conf"
    for source, _target, _ in volumes:
        if not source.startswith((".", "/")):
            assert source in (COMPOSE.get("volumes") or {}), (
                f"volume {source} is not declared"
            )


def test_command_installs_every_mall_addon():
    assert len(MALL_ADDONS) >= 5, MALL_ADDONS
    args = _command()
    modules = _option(args, "-i", "--init")
    assert modules, f"no -i in {args}"
    listed = modules.split(",")
    missing = set(MALL_ADDONS) - set(listed)
    assert not missing, f"not installed by docker-compose.yml: {sorted(missing)}"
    unknown = {m for m in listed if m.startswith("mall_")} - set(MALL_ADDONS)
    assert not unknown, f"no such addon under addons/: {sorted(unknown)}"
    assert _option(args, None, "--load-language") == "zh_CN"


def test_command_addons_path_and_database():
    args = _command()
    paths = (_option(args, None, "--addons-path") or "").split(",")
    assert "/mnt/extra-addons" in paths, paths
    assert any(p.rstrip("/").endswith("odoo/addons") for p in paths), paths
    db = _option(args, "-d", "--database")
    assert db, f"no -d in {args}"
    db_filter = _option(args, None, "--db-filter")
    # Odoo applies the filter with re.match, so it needs its "$" to exclude "mall_x".
    assert db_filter and re.match(db_filter, db), (db_filter, db)
    assert not re.match(db_filter, db + "_other"), (
        f"{db_filter} lets other databases through"
    )


def test_odoo_database_credentials_match_postgres():
    odoo_env = _mapping(ODOO.get("environment"))
    db_env = _mapping(SERVICES["db"].get("environment"))
    assert odoo_env.get("HOST") == "db"
    assert odoo_env.get("USER") == db_env["POSTGRES_USER"]
    assert odoo_env.get("PASSWORD") == db_env["POSTGRES_PASSWORD"]


def test_redis_url_points_at_redis_service():
    url = urlsplit(_mapping(ODOO.get("environment")).get("MALL_REDIS_URL", ""))
    assert url.scheme == "redis", url
    assert url.hostname == "redis" and "redis" in SERVICES
    assert (url.port or 6379) == 6379
    command = SERVICES["redis"].get("command")
    assert not command or "--port" not in str(command), (
        "redis listens elsewhere than 6379"
    )


def test_odoo_publishes_8069():
    ports = [str(p) for p in ODOO.get("ports") or []]
    assert any(p.split(":")[-1].split("/")[0] == "8069" for p in ports), ports


def test_odoo_conf():
    parser = configparser.ConfigParser()
    assert parser.read(ROOT / "odoo.conf")
    assert parser.has_section("options")
    assert parser.has_option("options", "mall_redis_url")
    # The official entrypoint passes HOST/USER/PASSWORD only when odoo.conf does not
    # set them: a db_host here would send the container to a socket that isn't there.
    for key in ("db_host", "db_port", "db_user", "db_password"):
        value = parser.get("options", key, fallback="").strip()
        assert value in ("", "False"), (
            f"odoo.conf sets {key}; the container's HOST/USER/PASSWORD would be ignored"
        )


def test_docker_pins_agree_with_requirements():
    docker = _pins(ROOT / "docker" / "requirements.txt")
    project = _pins(ROOT / "requirements.txt")
    assert {"cryptography", "pyopenssl", "urllib3"} <= set(docker), sorted(docker)
    shared = set(docker) & set(project)
    differ = {n: (docker[n], project[n]) for n in shared if docker[n] != project[n]}
    assert not differ, (
        f"docker/requirements.txt vs requirements*.txt (docker, repo): {differ}"
    )
    unknown = set(docker) - set(project)
    assert not unknown, (
        f"pinned for Docker only, not in requirements*.txt: {sorted(unknown)}"
    )
    # Every runtime dependency of the mall itself (requirements.txt's own lines,
    # not Odoo's in requirements-odoo.txt) must be in the image.
    own = {
        re.sub(r"[-_.]+", "-", m.group(1)).lower()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if (m := PIN.match(line.strip()))
    }
    assert own, "requirements.txt pins nothing of its own"
    assert not own - set(docker), (
        f"missing from docker/requirements.txt: {sorted(own - set(docker))}"
    )


@pytest.fixture
def entrypoint(tmp_path):
    """The entrypoint, with the official /entrypoint.sh and the db check stubbed."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    official = bin_dir / "official-entrypoint.sh"
    # Each run writes its arguments, one a line, to calls.<pid>, listed in calls.
    official.write_text(
        "#!/bin/bash\n"
        f'printf "%s\\n" "$@" > "{calls}.$$"\n'
        f'echo "{calls}.$$" >> "{calls}"\n'
    )
    # The database check is "python3 - db modules <<PY": answer with $FAKE_DB_STATE.
    fake_python = bin_dir / "python3"
    fake_python.write_text('#!/bin/bash\ncat > /dev/null\nexit "${FAKE_DB_STATE:-1}"\n')
    script = tmp_path / "entrypoint.sh"
    script.write_text(
        (ROOT / "docker" / "odoo-entrypoint.sh")
        .read_text()
        .replace("/entrypoint.sh", str(official))
    )
    for path in (official, fake_python, script):
        path.chmod(path.stat().st_mode | stat.S_IXUSR)

    def run(args, db_state):
        if calls.exists():
            calls.unlink()
        env = dict(
            os.environ,
            PATH=f"{bin_dir}:{os.environ['PATH']}",
            FAKE_DB_STATE=str(db_state),
        )
        proc = subprocess.run(
            [str(script), *args], env=env, capture_output=True, text=True, timeout=30
        )
        runs = (
            [Path(p).read_text().splitlines() for p in calls.read_text().split()]
            if calls.exists()
            else []
        )
        return proc, runs

    return run


def test_entrypoint_installs_on_first_start_only(entrypoint):
    args = _command()
    serve = [a for a in args if a != "--"]
    i = serve.index("-i")
    serve = serve[:i] + serve[i + 2 :]
    serve = [a for a in serve if not a.startswith("--load-language")]

    proc, runs = entrypoint(args, db_state=1)  # database missing or suite not installed
    assert proc.returncode == 0, proc.stderr
    assert len(runs) == 2, runs
    install, server = runs
    assert install[0] == "odoo" and "--stop-after-init" in install
    assert _option(install, "-i", "--init") == _option(args, "-i", "--init")
    assert "--load-language=zh_CN" in install
    assert server == ["odoo", *serve]

    proc, runs = entrypoint(args, db_state=0)  # installed
    assert proc.returncode == 0, proc.stderr
    assert runs == [["odoo", *serve]]

    proc, runs = entrypoint(
        args, db_state=2
    )  # PostgreSQL unreachable: no blind install
    assert proc.returncode != 0 and runs == []


def test_entrypoint_passes_other_commands_through(entrypoint):
    proc, runs = entrypoint(["bash", "-c", "true"], db_state=1)
    assert runs == [["bash", "-c", "true"]]
    proc, runs = entrypoint(["odoo", "shell", "-d", "mall"], db_state=1)
    assert runs == [["odoo", "shell", "-d", "mall"]]
