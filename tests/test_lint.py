# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The code passes the linters of .pre-commit-config.yaml, as OCA's CI requires.

Ruff and pylint-odoo come from requirements-test.txt, prettier from package.json
(``npm ci``). Nothing is fixed here: run ``pre-commit run --all-files`` (or
``ruff check --fix``, ``ruff format``) to apply the fixes.
"""

import configparser
import glob
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
PRETTIER = ROOT / "node_modules" / ".bin" / "prettier"


def _run(args, timeout=600):
    env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0")
    return subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _assert_clean(proc, what):
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        pytest.fail(f"{what} found problems:\n{output}", pytrace=False)


def _hook(hook_id):
    for repo in PRE_COMMIT["repos"]:
        for hook in repo["hooks"]:
            if hook["id"] == hook_id:
                return hook
    raise AssertionError(f"no {hook_id} hook in .pre-commit-config.yaml")


def _enabled(rcfile):
    parser = configparser.ConfigParser(inline_comment_prefixes=("#",))
    parser.read(ROOT / rcfile)
    enable = parser.get("MESSAGES CONTROL", "enable")
    lines = (line.split("#")[0] for line in enable.splitlines())
    return {m.strip() for line in lines for m in line.split(",") if m.strip()}


def _mall_addons():
    addons = sorted(glob.glob(str(ROOT / "addons" / "mall_*" / "__manifest__.py")))
    assert addons, "no addons/mall_* found"
    return [str(Path(a).parent.relative_to(ROOT)) for a in addons]


def test_ruff_check():
    proc = _run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-fix",
            "--output-format=concise",
            "addons",
            "tests",
            "bench",
            "bin",
        ]
    )
    _assert_clean(proc, "ruff check")


def test_ruff_format():
    proc = _run(
        [sys.executable, "-m", "ruff", "format", "--diff", "addons", "tests", "bench"]
    )
    _assert_clean(proc, "ruff format (diff of what it would change)")


def test_pylint_mandatory_checks():
    proc = _run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--rcfile=.pylintrc-mandatory",
            "--output-format=text",
            *_mall_addons(),
        ]
    )
    _assert_clean(proc, "pylint --rcfile=.pylintrc-mandatory")


@pytest.mark.parametrize("rcfile", [".pylintrc", ".pylintrc-mandatory"])
def test_pylintrc_names_only_known_checks(rcfile, tmp_path):
    """A check unknown to the installed pylint-odoo would not run, silently."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""Nothing to report."""\n')
    proc = _run(
        [sys.executable, "-m", "pylint", f"--rcfile={rcfile}", "--exit-zero", sample]
    )
    output = proc.stdout + proc.stderr
    assert "unknown-option-value" not in output and "E0015" not in output, output
    assert "pylint_odoo" in (ROOT / rcfile).read_text()


def test_pylintrc_settings():
    mandatory, full = _enabled(".pylintrc-mandatory"), _enabled(".pylintrc")
    assert len(mandatory) > 30, sorted(mandatory)
    assert mandatory <= full, sorted(mandatory - full)
    for rcfile in (".pylintrc", ".pylintrc-mandatory"):
        parser = configparser.ConfigParser()
        parser.read(ROOT / rcfile)
        assert parser.get("ODOOLINT", "valid-odoo-versions") == "18.0"
        assert parser.get("ODOOLINT", "manifest-required-authors") == "mall authors"
        assert parser.get("MESSAGES CONTROL", "disable").strip() == "all"


def test_pre_commit_hooks_use_the_checked_configuration():
    assert "--rcfile=.pylintrc-mandatory" in _hook("pylint_odoo-mandatory")["args"]
    assert _hook("ruff")["entry"].split()[:2] == ["ruff", "check"]
    assert _hook("ruff-format")["entry"].split()[:2] == ["ruff", "format"]
    prettier = _hook("prettier")
    assert prettier["entry"] == str(PRETTIER.relative_to(ROOT))
    for repo in PRE_COMMIT["repos"]:
        assert repo["repo"] == "local", f"{repo['repo']} cannot be fetched here"


def _prettier_files():
    """The files pre-commit's prettier hook would be given."""
    exclude = re.compile(PRE_COMMIT.get("exclude", "^$"))
    files = re.compile(_hook("prettier")["files"])
    listed = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    ).stdout
    return sorted(
        path
        for path in set(listed.split("\0"))
        if path
        and files.search(path)
        and not exclude.search(path)
        and (ROOT / path).is_file()
    )


@pytest.mark.skipif(
    not PRETTIER.exists(),
    reason="node_modules/ is missing: run `npm ci` to install prettier",
)
def test_prettier():
    paths = _prettier_files()
    assert paths, "prettier would check nothing"
    proc = _run([str(PRETTIER), "--check", "--ignore-unknown", *paths])
    _assert_clean(proc, "prettier --check (fix with: npx prettier --write FILE)")


def test_addon_readmes_are_generated_from_their_fragments():
    proc = _run([sys.executable, "bin/gen-readmes", "--check"])
    _assert_clean(proc, "bin/gen-readmes --check")
