# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""addons/mall_miniprogram/data/mall.region.csv, China's regions for addresses.

bin/gen-regions writes it from the npm package @vant/area-data. Its codes link a
city to its province by their first 2 digits and a district to its city by their
first 4, so the prefix checks below have no exceptions. Not every code is a
GB/T 2260 one, though; the source follows the region pickers of mini-programs:

- 419000, 429000, 469000 (省直辖县) and 659000 (自治区直辖县级行政区划) are
  placeholder cities holding the county-level units directly under a province
  (429004 仙桃市), and 500200 县 holds Chongqing's counties;
- the districts of 东莞市, 中山市, 儋州市 and 嘉峪关市, cities without any, are
  their towns and streets, with codes made up in the city's range (441901 中堂镇);
- codes whose 5th digit is 7 or 9 are the statistics bureau's development zones
  (130171 石家庄高新技术产业开发区), which GB/T 2260 does not list;
- 71xxxx (台湾省), 81xxxx (香港) and 82xxxx (澳门) below province level are
  the package's own codes.
"""

import csv
import importlib.machinery
import importlib.util
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSV_FILE = ROOT / "addons" / "mall_miniprogram" / "data" / "mall.region.csv"
HEADER = ["id", "code", "name", "level", "parent_id:id"]
PARENT_LEVEL = {"province": None, "city": "province", "district": "city"}
MUNICIPALITIES = {
    "110000": "北京市",
    "120000": "天津市",
    "310000": "上海市",
    "500000": "重庆市",
}
OUTSIDE_MAINLAND = ("71", "81", "82")


def _read():
    with CSV_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


@pytest.fixture(scope="module")
def rows():
    header, rows = _read()
    assert header == HEADER
    return rows


@pytest.fixture(scope="module")
def by_code(rows):
    return {row["code"]: row for row in rows}


def _chain(by_code, code):
    """(code, name, level) of the region and of each of its ancestors."""
    by_id = {row["id"]: row for row in by_code.values()}
    row, chain = by_code[code], []
    while row:
        chain.append((row["code"], row["name"], row["level"]))
        row = by_id.get(row["parent_id:id"])
    return chain


def test_file_is_plain_utf8_with_lf_line_endings():
    data = CSV_FILE.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data and data.endswith(b"\n") and not data.endswith(b"\n\n")
    data.decode("utf-8")


def test_ids_and_codes_are_unique_and_well_formed(rows):
    ids, codes = Counter(r["id"] for r in rows), Counter(r["code"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [c for c, n in codes.items() if n > 1] == []
    for row in rows:
        code = row["code"]
        assert len(code) == 6 and code.isascii() and code.isdigit(), row
        assert row["id"] == f"region_{code}", row
        assert row["name"] and row["name"] == row["name"].strip(), row
        assert row["level"] in PARENT_LEVEL, row


def test_parents_exist_come_first_and_have_the_level_above(rows):
    seen = {}
    for row in rows:
        parent_level = PARENT_LEVEL[row["level"]]
        if parent_level is None:
            assert row["parent_id:id"] == "", row
        else:
            parent = seen.get(row["parent_id:id"])
            assert parent is not None, f"{row} before its parent, or orphan"
            assert parent["level"] == parent_level, (row, parent)
        seen[row["id"]] = row


def test_codes_share_their_parents_prefix(rows):
    by_id = {row["id"]: row for row in rows}
    for row in rows:
        code = row["code"]
        if row["level"] == "province":
            assert code.endswith("0000"), row
            continue
        parent = by_id[row["parent_id:id"]]["code"]
        if row["level"] == "city":
            assert code[:2] == parent[:2] and code.endswith("00"), row
            assert not code.endswith("0000"), row
        else:
            assert code[:4] == parent[:4] and not code.endswith("00"), row


def test_every_province_and_city_has_children(rows):
    parents = {row["parent_id:id"] for row in rows}
    childless = [r for r in rows if r["level"] != "district" and r["id"] not in parents]
    assert childless == []


def test_counts_are_plausible(rows):
    levels = Counter(row["level"] for row in rows)
    mainland = Counter(
        row["level"] for row in rows if row["code"][:2] not in OUTSIDE_MAINLAND
    )
    # 31 mainland provinces, 台湾省 and the 2 special administrative regions.
    assert levels["province"] == 34 and mainland["province"] == 31
    # 333 prefecture-level units, 5 placeholder cities and the 4 municipalities.
    assert 330 <= mainland["city"] <= 360, mainland
    assert 360 <= levels["city"] <= 400, levels
    # About 2,850 county-level units, plus towns and development zones.
    assert 2800 <= mainland["district"] <= 3200, mainland
    assert 3200 <= levels["district"] <= 3700, levels


@pytest.mark.parametrize(
    "code, expected",
    [
        (
            "310115",
            [("310115", "浦东新区"), ("310100", "上海市"), ("310000", "上海市")],
        ),
        ("440305", [("440305", "南山区"), ("440300", "深圳市"), ("440000", "广东省")]),
        ("110105", [("110105", "朝阳区"), ("110100", "北京市"), ("110000", "北京市")]),
        (
            "429004",
            [("429004", "仙桃市"), ("429000", "省直辖县"), ("420000", "湖北省")],
        ),
        ("441901", [("441901", "中堂镇"), ("441900", "东莞市"), ("440000", "广东省")]),
        (
            "810301",
            [("810301", "北区"), ("810300", "新界"), ("810000", "香港特别行政区")],
        ),
        (
            "820105",
            [
                ("820105", "大堂区"),
                ("820100", "澳门半岛"),
                ("820000", "澳门特别行政区"),
            ],
        ),
    ],
)
def test_known_regions(by_code, code, expected):
    chain = _chain(by_code, code)
    assert [(c, n) for c, n, _level in chain] == expected
    assert [level for _c, _n, level in chain] == ["district", "city", "province"]


def test_municipalities_are_their_own_city_as_wechat_names_them(by_code):
    """wx.chooseAddress gives cityName 北京市 for Beijing: no 市辖区 level."""
    for province, name in MUNICIPALITIES.items():
        assert by_code[province]["name"] == name
        city = by_code[province[:2] + "0100"]
        assert (city["name"], city["parent_id:id"]) == (name, f"region_{province}")
    cities = [r for r in by_code.values() if r["level"] == "city"]
    assert [r for r in cities if r["name"] == "市辖区"] == []
    assert by_code["500200"]["name"] == "县"
    chongqing_county = _chain(by_code, "500229")
    assert [c for c, _n, _level in chongqing_county] == ["500229", "500200", "500000"]


def test_recent_divisions_are_there(by_code):
    # Xinjiang's 白杨市 (2023) and Hotan's 和安县, 和康县 (December 2024).
    assert by_code["659012"]["name"] == "白杨市"
    assert {by_code[c]["name"] for c in ("653228", "653229")} == {"和康县", "和安县"}


def _generator():
    path = ROOT / "bin" / "gen-regions"
    loader = importlib.machinery.SourceFileLoader("gen_regions", str(path))
    spec = importlib.util.spec_from_loader("gen_regions", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


SAMPLE = r"""const areaList = {
    province_list: { 310000: "\u4E0A\u6D77\u5E02", 110000: "北京市" },
    city_list: { 310100: "上海市", 110100: "北京市" },
    county_list: { 310115: "浦东新区", 110105: "朝阳区", 110101: "东城区" }
};"""


def test_generator_orders_parents_first():
    gen = _generator()
    table = gen.rows(gen.parse(SAMPLE))
    assert table[0] == HEADER
    assert [row[1] for row in table[1:]] == [
        "110000",
        "110100",
        "110101",
        "110105",
        "310000",
        "310100",
        "310115",
    ]
    assert table[5] == ["region_310000", "310000", "上海市", "province", ""]
    assert table[7][-1] == "region_310100"
    assert gen.render(table).splitlines()[1] == "region_110000,110000,北京市,province,"


def test_generator_rejects_orphans():
    gen = _generator()
    lists = gen.parse(SAMPLE.replace('110100: "北京市"', ""))
    with pytest.raises(SystemExit, match="110101"):
        gen.rows(lists)
