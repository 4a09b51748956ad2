# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shopper's mini-program (``miniprogram/``, uni-app): its unit tests pass,
it type-checks, and its WeChat and Alipay builds succeed with every page of
``pages.json``.

Needs Node and ``npm ci`` in ``miniprogram/`` (``.ci/run`` does it); skipped
otherwise. A broken mini-program build fails this test, hence CI.
"""

import json
import os
import re
import resource
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "miniprogram"
NPM = shutil.which("npm")

pytestmark = pytest.mark.skipif(
    NPM is None or not (APP / "node_modules" / ".bin" / "uni").exists(),
    reason="miniprogram/node_modules is missing: run `npm ci` in miniprogram/",
)

# Per target: the template and style file extensions, the project file, and
# a platform API that must not leak into its build (conditional compilation).
TARGETS = {
    "mp-weixin": (".wxml", ".wxss", "project.config.json", "tradePay"),
    "mp-alipay": (".axml", ".acss", "mini.project.json", "wxpay"),
}


def _lift_address_space_limit():
    # Odoo's HTTP server, started in the same pytest run, caps the process's
    # address space (limit_memory_hard); Node's WebAssembly needs more.
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


def _run(args, timeout=600):
    env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="0", CI="1")
    return subprocess.run(
        args,
        cwd=APP,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_lift_address_space_limit,
    )


def _pages_json():
    return json.loads((APP / "src" / "pages.json").read_text(encoding="utf-8"))


def test_unit_tests_pass():
    proc = _run([NPM, "test", "--silent"])
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"npm test failed:\n{output[-4000:]}"
    match = re.search(r"^\s*Tests\s+(.*)$", output, re.MULTILINE)
    assert match, output[-2000:]
    summary = match.group(1)
    passed = re.search(r"(\d+) passed", summary)
    assert passed and int(passed.group(1)) >= 30 and "failed" not in summary, summary


def test_typecheck():
    """The pages and the client logic type-check (vue-tsc) against the API types."""
    proc = _run([NPM, "run", "typecheck", "--silent"])
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"vue-tsc failed:\n{output[-4000:]}"


@pytest.fixture(scope="module", params=sorted(TARGETS))
def build(request, tmp_path_factory):
    target = request.param
    out = tmp_path_factory.mktemp(target)
    proc = _run(
        [str(APP / "node_modules" / ".bin" / "uni"), "build", "-p", target]
        + ["--outDir", str(out)]
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Build complete" in output, (
        f"{target} build failed:\n{output[-4000:]}"
    )
    return target, out


def test_build_lists_every_page(build):
    target, out = build
    app = json.loads((out / "app.json").read_text(encoding="utf-8"))
    pages = _pages_json()
    assert app["pages"] == [p["path"] for p in pages["pages"]]
    # WeChat names the tab list "list", Alipay "items".
    tabs = app["tabBar"].get("list") or app["tabBar"].get("items")
    assert [t["pagePath"] for t in tabs] == [
        t["pagePath"] for t in pages["tabBar"]["list"]
    ]


def test_build_has_the_page_files(build):
    target, out = build
    template, style, project, _leak = TARGETS[target]
    assert (out / project).is_file()
    for page in _pages_json()["pages"]:
        for ext in (".js", ".json", template):
            path = page["path"] + ext
            assert (out / path).is_file(), f"{target} build lacks {path}"
    for key in ("pages/index/index", "pages/product/product", "pages/cart/cart"):
        assert (out / (key + style)).is_file()


def test_build_keeps_only_its_platform_code(build):
    target, out = build
    _template, _style, _project, leak = TARGETS[target]
    platform_js = (out / "platform" / "index.js").read_text(encoding="utf-8")
    assert "requestPayment" in platform_js
    assert leak not in platform_js


def test_build_wires_voice_search_and_native_share(build):
    """WeChat declares and loads the 同声传译 plugin for voice search; Alipay
    (no speech API) builds neither the plugin nor the button. Both share the
    product and group-buy pages natively."""
    target, out = build
    template = TARGETS[target][0]
    app = json.loads((out / "app.json").read_text(encoding="utf-8"))
    platform_js = (out / "platform" / "index.js").read_text(encoding="utf-8")
    search = (out / f"pages/search/search{template}").read_text(encoding="utf-8")
    weixin = target == "mp-weixin"
    assert ("WechatSI" in app.get("plugins", {})) is weixin
    assert ('requirePlugin("WechatSI")' in platform_js) is weixin
    assert ("s-voice" in search) is weixin
    for page in ("pages/product/product", "pages/groupbuy/groupbuy"):
        assert 'open-type="share"' in (out / (page + template)).read_text("utf-8")
        assert "onShareAppMessage" in (out / (page + ".js")).read_text("utf-8")
