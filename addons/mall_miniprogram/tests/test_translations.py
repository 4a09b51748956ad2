# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The back office must be fully usable in Simplified Chinese.

Every term Odoo would export for a mall module (field labels, menus, views,
``_()`` strings...) needs a zh_CN translation that Odoo actually loads, and
no translation may change the %-placeholders of its source.

When this fails after a code change: re-export the module's template and
translate the new terms, e.g. for mall_catalog::

    python3 -m odoo -c odoo.conf --addons-path=... -d DB \\
        --i18n-export=addons/mall_catalog/i18n/mall_catalog.pot \\
        --modules=mall_catalog --stop-after-init

then add the new entries (with their ``#.``/``#:`` comments) to
``addons/mall_catalog/i18n/zh_CN.po`` (``msgmerge --update --no-fuzzy-matching
zh_CN.po mall_catalog.pot`` does it) and fill in their msgstr.
"""

import csv
import os
import re
from collections import Counter, defaultdict

import polib
from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

MALL_MODULES = (
    "mall_catalog",
    "mall_payment",
    "mall_loyalty",
    "mall_groupbuy",
    "mall_miniprogram",
)
LANG = "zh_CN"

# printf-style conversions as Python's % operator reads them (%s, %d, %.2f,
# %(name)s, %%). The space flag is left out so that "50% off" is plain text.
_PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0+\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)


def placeholders(text):
    """The %-placeholders of ``text``, in a form to compare with another text.

    Named placeholders may move (their order is free in a translation),
    positional ones must keep their order, and ``%%`` must keep its count.
    """
    positional, named, percent = [], Counter(), 0
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token == "%%":
            percent += 1
        elif match.group("name") is not None:
            named[token] += 1
        else:
            positional.append(token)
    return tuple(positional), sorted(named.items()), percent


def po_path(module, lang=LANG):
    return f"{get_module_path(module)}/i18n/{lang}.po"


def demo_xmlids(module):
    """External ids of the records that ``module``'s demo files define.

    Demo data is sample content, written in Chinese already, and is not part
    of the .pot (exported from a database without demo data): its terms are
    not checked.
    """
    xmlids = set()
    root = get_module_path(module)
    for filename in get_manifest(module).get("demo", []):
        path = os.path.join(root, filename)
        if not os.path.isfile(path):
            continue
        if filename.endswith(".csv"):
            with open(path, newline="", encoding="utf-8") as file:
                ids = [row.get("id") for row in csv.DictReader(file)]
        elif filename.endswith(".xml"):
            ids = [
                node.get("id")
                for node in etree.parse(path).iter("record", "template", "menuitem")
            ]
        else:
            continue
        xmlids.update(i if "." in i else f"{module}.{i}" for i in ids if i)
    # A demo variant also makes its template (and its _inherits parents):
    # Odoo names it after the variant, e.g. ``<variant>_product_template``.
    xmlids.update(f"{xmlid}_product_template" for xmlid in list(xmlids))
    return xmlids


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    def _exported_terms(self, module):
        """{source: [reference, ...]} of the terms Odoo exports for ``module``.

        A reference is ``(type, name, res_id)`` as in the .pot's ``#:`` lines:
        ``("model", "ir.ui.menu,name", "mall_catalog.mall_menu_root")``, or
        ``("code", "addons/mall_catalog/models/mall_store.py", line)``.
        """
        terms = defaultdict(list)
        demo = demo_xmlids(module)
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        # Rows are (module, type, name, res_id, source, value, comments).
        for row in reader:
            term_module, ttype, name, res_id, source = row[:5]
            if term_module == module and not (ttype != "code" and res_id in demo):
                terms[source].append((ttype, name, res_id))
        return terms

    def _loaded_translations(self, module):
        """What Odoo loads from the module's zh_CN.po.

        Read with Odoo's own PoFileReader, which merges the module's .pot the
        way the importer does: a record's term is translated only when an
        entry with that msgid references that record.

        :return: ``({(type, name, xmlid, source): value}, {source: value})``,
            the model and model_terms translations, then the code ones.
        """
        records, code = {}, {}
        for row in PoFileReader(po_path(module)):
            if row["type"] == "code":
                code[row["src"]] = row["value"]
            else:
                xmlid = f"{row['module']}.{row['imd_name']}"
                records[(row["type"], row["name"], xmlid, row["src"])] = row["value"]
        return records, code

    def _untranslated(self, module):
        """Lines naming each exported term without a loadable translation."""
        path = po_path(module)
        if not os.path.isfile(path):
            return [f"{module}: no i18n/{LANG}.po file"]
        raw = polib.pofile(path)
        entries = {e.msgid: e for e in raw if not e.obsolete}
        records, code = self._loaded_translations(module)

        problems = []
        for source, references in sorted(self._exported_terms(module).items()):
            entry = entries.get(source)
            if entry is not None and "fuzzy" in entry.flags:
                problems.append(f"{module}: {source!r} is marked fuzzy")
                continue
            missing = []
            for ttype, name, res_id in references:
                if ttype == "code":
                    value = code.get(source)
                else:
                    value = records.get((ttype, name, res_id, source))
                if not value:
                    missing.append(
                        f"{ttype}:{name}:{res_id}"
                        if ttype != "code"
                        else f"code:{name}"
                    )
            if not missing:
                continue
            if entry is None:
                why = "no entry"
            elif not entry.msgstr:
                why = "empty msgstr"
            else:
                why = "entry lacks the reference(s) (re-export the .pot)"
            problems.append(
                f"{module}: {source!r}: {why}: {', '.join(sorted(set(missing)))}"
            )
        return problems

    def _placeholder_mismatches(self, module):
        path = po_path(module)
        if not os.path.isfile(path):
            return []  # reported by test_every_term_has_a_zh_cn_translation
        raw = polib.pofile(path)
        return [
            f"{module}: {entry.msgid!r} -> {entry.msgstr!r}"
            for entry in raw
            if not entry.obsolete
            and entry.msgstr
            and placeholders(entry.msgid) != placeholders(entry.msgstr)
        ]

    def test_every_term_has_a_zh_cn_translation(self):
        problems = []
        for module in MALL_MODULES:
            problems += self._untranslated(module)
        if problems:
            self.fail(
                f"{len(problems)} source term(s) without a {LANG} translation:\n"
                + "\n".join(problems)
            )

    def test_translations_keep_placeholders(self):
        problems = []
        for module in MALL_MODULES:
            problems += self._placeholder_mismatches(module)
        if problems:
            self.fail(
                f"{len(problems)} {LANG} translation(s) whose %-placeholders differ "
                "from their source:\n" + "\n".join(problems)
            )

    def test_placeholder_parsing(self):
        self.assertEqual(
            placeholders("Category “%(name)s” is %(depth)s deep, max %(max)s."),
            placeholders("分类“%(name)s”最多 %(max)s 级，当前 %(depth)s 级。"),
        )
        self.assertEqual(
            placeholders("0 and 100%% (%s)."), placeholders("0 到 100%%（%s）。")
        )
        self.assertNotEqual(
            placeholders("Store %s is wrong."), placeholders("门店有误。")
        )
        self.assertNotEqual(placeholders("%(name)s"), placeholders("%(nom)s"))
        self.assertNotEqual(placeholders("100%% (%s)"), placeholders("100% （%s）"))
        self.assertEqual(
            placeholders("Tier Discount (%)"), placeholders("等级折扣（%）")
        )

    def test_mall_menu_reads_in_chinese(self):
        lang = self.env["res.lang"]._activate_lang(LANG)
        self.assertTrue(lang, f"{LANG} is not a language of this database")
        # Load the .po files as they are now, as an update with
        # --i18n-overwrite would: the check then does not depend on when the
        # database was built. Rolled back with the test.
        self.env["ir.module.module"]._load_module_terms(
            list(MALL_MODULES), [LANG], overwrite=True
        )
        self.env.invalidate_all()
        env_zh = self.env(context=dict(self.env.context, lang=LANG))
        self.assertEqual(env_zh.ref("mall_catalog.mall_menu_root").name, "商城")
        self.assertEqual(env_zh.ref("mall_catalog.mall_menu_config").name, "设置")
