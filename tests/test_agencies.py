"""Agency splitting and classification: table-driven unit cases, then spot checks on the built database for
every document, then whole-table invariants (clean names, a lead for every task, known functions and levels)."""

import pytest

from analysis.i18n import catalogue
from etl.parse.agencies import classify, split_responsibility

ZHONGWEI_PLACES = ["中卫", "中宁", "海原", "沙坡头"]
WAFANGDIAN_PLACES = ["瓦房店", "大连"]
JINZHOU_PLACES = ["沈阳", "大连", "鞍山", "本溪", "锦州", "营口", "阜新", "辽阳", "盘锦"]

# --- split_responsibility ----------------------------------------------------------------------------------

SPLIT_CASES = [
    # (written, keyword arguments, [(raw_name, canonical_name)])
    pytest.param("市教育局、人社局", {}, [("市教育局", "市教育局"), ("人社局", "市人力资源和社会保障局")],
                 id="bare-department-inherits-prefix"),
    pytest.param("中宁、海原县人民政府", {"places": ZHONGWEI_PLACES},
                 [("中宁", "中宁县人民政府"), ("海原县人民政府", "海原县人民政府")], id="shared-suffix-places"),
    pytest.param("中宁、海原县人民政府", {}, [("中宁", "中宁县人民政府"), ("海原县人民政府", "海原县人民政府")],
                 id="shared-suffix-without-place-list"),
    pytest.param("市、县人民政府教育督导室", {},
                 [("市", "市人民政府教育督导室"), ("县人民政府教育督导室", "县人民政府教育督导室")], id="shared-suffix-levels"),
    pytest.param("省委教育工委、省教育厅、各市", {"local_prefix": "省", "places": JINZHOU_PLACES},
                 [("省委教育工委", "省委教育工作委员会"), ("省教育厅", "省教育厅"), ("各市", "各市")], id="collective-各市"),
    pytest.param("市教育局，各县（区）人民政府", {"places": ZHONGWEI_PLACES},
                 [("市教育局", "市教育局"), ("各县（区）人民政府", "各县（区）人民政府")], id="collective-bracket-stays-whole"),
    pytest.param("市教育局、人社局，各乡镇、涉农街道办事处", {"places": WAFANGDIAN_PLACES},
                 [("市教育局", "市教育局"), ("人社局", "市人力资源和社会保障局"), ("各乡镇", "各乡镇"),
                  ("涉农街道办事处", "各涉农街道办事处")], id="collective-各乡镇-and-follower"),
    pytest.param("市人社局、人力资源和社会保障局、人力资源社会保障局", {},
                 [("市人社局", "市人力资源和社会保障局"), ("人力资源和社会保障局", "市人力资源和社会保障局"),
                  ("人力资源社会保障局", "市人力资源和社会保障局")], id="alias-人社"),
    pytest.param("市发改局、发展改革委", {},
                 [("市发改局", "市发展和改革委员会"), ("发展改革委", "市发展和改革委员会")], id="alias-发改"),
    pytest.param("省人力资源社会保障厅、省发展改革委", {"local_prefix": "省"},
                 [("省人力资源社会保障厅", "省人力资源和社会保障厅"), ("省发展改革委", "省发展和改革委员会")], id="alias-province"),
    pytest.param(["省人力资源社会保障厅、省总工会、省教", "育厅"], {"local_prefix": "省", "places": JINZHOU_PLACES},
                 [("省人力资源社会保障厅", "省人力资源和社会保障厅"), ("省总工会", "省总工会"), ("省教育厅", "省教育厅")],
                 id="cell-wrap-inside-a-name"),
    pytest.param(["招生就业处", "教务处"], {"inherit": False}, [("招生就业处", "招生就业处"), ("教务处", "教务处")],
                 id="cell-line-per-office"),
    pytest.param(["继续教育学院；教务处；", "学前与音乐教育学院；体育学院；小学教育学院；", "美术学院"], {"inherit": False},
                 [(name, name) for name in ("继续教育学院", "教务处", "学前与音乐教育学院", "体育学院", "小学教育学院", "美术学院")],
                 id="offices-semicolons-over-lines"),
    pytest.param(["教务处", "", "", "", "", "人事处", "", "", "", "", "思政部"], {"inherit": False},
                 [("教务处", "教务处"), ("人事处", "人事处"), ("思政部", "思政部")], id="offices-blank-lines"),
    pytest.param("市委教育工委、市教育局、人社局", {"places": WAFANGDIAN_PLACES},
                 [("市委教育工委", "市委教育工作委员会"), ("市教育局", "市教育局"), ("人社局", "市人力资源和社会保障局")],
                 id="party-committee-then-department"),
    pytest.param("市教育局、市委编办、发改局、财政局、人社局", {"places": WAFANGDIAN_PLACES},
                 [("市教育局", "市教育局"), ("市委编办", "市委机构编制委员会办公室"), ("发改局", "市发展和改革委员会"),
                  ("财政局", "市财政局"), ("人社局", "市人力资源和社会保障局")], id="市委-prefix-not-inherited-as-市委"),
    pytest.param("市委组织部，市教育局、人力资源社会保障局，各县（区）人民政府", {"places": ZHONGWEI_PLACES},
                 [("市委组织部", "市委组织部"), ("市教育局", "市教育局"), ("人力资源社会保障局", "市人力资源和社会保障局"),
                  ("各县（区）人民政府", "各县（区）人民政府")], id="zhongwei-20"),
    pytest.param("市职业教育工作联席会议成员单位，中宁、海原县人民政府", {"places": ZHONGWEI_PLACES},
                 [("市职业教育工作联席会议成员单位", "市职业教育工作联席会议成员单位"), ("中宁", "中宁县人民政府"),
                  ("海原县人民政府", "海原县人民政府")], id="coordination-body"),
    pytest.param("县教育局、人社局", {}, [("县教育局", "县教育局"), ("人社局", "县人力资源和社会保障局")],
                 id="inherits-the-previous-level-not-the-local-one"),
    pytest.param("省人民政府、教育部", {"local_prefix": "省"}, [("省人民政府", "省人民政府"), ("教育部", "教育部")],
                 id="standalone-ministry"),
    pytest.param("市教育局 等", {}, [("市教育局", "市教育局")], id="trailing-等"),
]


@pytest.mark.parametrize("written, options, expected", SPLIT_CASES)
def test_split_responsibility(written, options, expected):
    assert split_responsibility(written, **options) == expected


@pytest.mark.parametrize("written, expected", [
    # a short name without an agency ending must not borrow the next item's level word and suffix
    # (the first version of expand_shared_suffix gave 高平中专市教育局 here)
    pytest.param("高平中专、市教育局", [("高平中专", "高平中专"), ("市教育局", "市教育局")], id="school-then-department"),
    pytest.param("市教育局、高平中专、市人社局",
                 [("市教育局", "市教育局"), ("高平中专", "高平中专"), ("市人社局", "市人力资源和社会保障局")],
                 id="school-between-departments"),
    pytest.param("高平中专、市技工学校", [("高平中专", "高平中专"), ("市技工学校", "市技工学校")], id="two-schools"),
])
def test_split_short_school_name_before_a_department(written, expected):
    assert split_responsibility(written, places=["高平"]) == expected


def test_aliases_merge_across_documents(tables):
    """市发改局 (Gaoping, Wafangdian) and 市发展改革委 (Zhongwei) are the same kind of body: one canonical name."""
    agencies = tables["agencies"]
    for region in ("gaoping", "wafangdian", "zhongwei"):
        names = set(agencies.loc[agencies["region_id"] == region, "name"])
        assert {"市发展和改革委员会", "市人力资源和社会保障局"} <= names, region
        assert not names & {"市发改局", "市发展改革委", "市人社局", "市人力资源社会保障局"}, region
    jinzhou = set(agencies.loc[agencies["region_id"] == "jinzhou", "name"])
    assert {"省发展和改革委员会", "省人力资源和社会保障厅"} <= jinzhou


# --- classify ----------------------------------------------------------------------------------------------

CLASSIFY_CASES = [
    # (name, admin_level of the document, role, (function, level))
    ("市教育局", "county", "lead", ("education", "county")),
    ("市教育局", "prefecture", "lead", ("education", "prefecture")),
    ("省教育厅", "prefecture", "lead", ("education", "province")),
    ("教育部", "prefecture", "lead", ("education", "national")),
    ("市人民政府教育督导室", "prefecture", "lead", ("education", "prefecture")),
    ("县人民政府教育督导室", "prefecture", "lead", ("education", "county")),
    ("市人力资源和社会保障局", "county", "lead", ("hr_social_security", "county")),
    ("省人力资源和社会保障厅", "prefecture", "lead", ("hr_social_security", "province")),
    ("市财政局", "prefecture", "support", ("finance", "prefecture")),
    ("市发展和改革委员会", "county", "lead", ("development_reform", "county")),
    ("市工业和信息化局", "prefecture", "support", ("industry_it", "prefecture")),
    ("市科技和工业信息化局", "county", "lead", ("industry_it", "county")),
    ("市农业农村局", "county", "lead", ("agriculture", "county")),
    ("市商务局", "county", "lead", ("commerce", "county")),
    ("市自然资源局", "prefecture", "lead", ("natural_resources", "prefecture")),
    ("省税务局", "prefecture", "lead", ("tax", "province")),
    ("市国有资产监督管理委员会", "prefecture", "support", ("state_assets", "prefecture")),
    ("市国有资本投资运营集团", "county", "lead", ("state_assets", "county")),
    ("市应急管理局", "county", "lead", ("emergency", "county")),
    ("省总工会", "prefecture", "lead", ("trade_union", "province")),
    ("市委组织部", "prefecture", "lead", ("party_committee", "prefecture")),
    ("市委宣传部", "county", "lead", ("party_committee", "county")),
    ("省委教育工作委员会", "prefecture", "lead", ("party_committee", "province")),
    ("市委机构编制委员会办公室", "county", "lead", ("party_committee", "county")),
    ("中宁县人民政府", "prefecture", "lead", ("government", "county")),
    ("各县（区）人民政府", "prefecture", "lead", ("government", "county")),
    ("省人民政府", "prefecture", "lead", ("government", "province")),
    ("各市", "prefecture", "lead", ("government", "prefecture")),
    ("沈阳市", "prefecture", "lead", ("government", "prefecture")),
    ("各乡镇", "county", "lead", ("government", "township")),
    ("各街道办事处", "county", "lead", ("government", "township")),
    ("高平中专", "county", "lead", ("school", "institution")),
    ("学校", "prefecture", "implementer", ("school", "institution")),
    ("教务处", "prefecture", "implementer", ("internal_unit", "internal_unit")),
    ("继续教育学院", "prefecture", "implementer", ("internal_unit", "internal_unit")),
    ("市职业教育工作联席会议成员单位", "prefecture", "lead", ("coordination_body", "prefecture")),
    ("职业教育联席会议工作领导小组成员单位", "county", "lead", ("coordination_body", "county")),
    ("某某协会", "county", "lead", ("other", "county")),
]


@pytest.mark.parametrize("name, admin_level, role, expected", CLASSIFY_CASES)
def test_classify(name, admin_level, role, expected):
    assert classify(name, admin_level, role) == expected


# --- Spot checks on the built database, every document -----------------------------------------------------

def linked(database, task_id: str, role: str) -> list[tuple[str, str]]:
    """[(raw_name, canonical name)] of one task and role, in the order the document names them."""
    return [tuple(row) for row in database.execute(
        "SELECT l.raw_name, a.name FROM task_agencies l JOIN agencies a USING (agency_id) "
        "WHERE l.task_id = ? AND l.role = ? ORDER BY l.position", [task_id, role]).fetchall()]


def names(database, task_id: str, role: str) -> list[str]:
    return [name for _, name in linked(database, task_id, role)]


def test_gaoping_task_13_seven_responsible_units_in_order(database):
    """〔责任单位：…〕 and no 配合单位 anywhere in the list: the units are named without saying who leads."""
    assert names(database, "gaoping-013", "lead") == []
    assert linked(database, "gaoping-013", "responsible") == [
        ("市发改局", "市发展和改革委员会"), ("市教育局", "市教育局"), ("市财政局", "市财政局"),
        ("市人社局", "市人力资源和社会保障局"), ("市工信局", "市工业和信息化局"),
        ("市国投集团", "市国有资本投资运营集团"), ("高平中专", "高平中专")]
    assert names(database, "gaoping-013", "support") == []


def test_gaoping_other_tasks(database):
    assert names(database, "gaoping-001", "responsible") == ["市教育局", "市人力资源和社会保障局", "高平中专"]
    assert names(database, "gaoping-010", "responsible") == ["市教育局", "市财政局", "市人力资源和社会保障局", "高平中专"]
    assert names(database, "gaoping-011", "responsible") == ["市人力资源和社会保障局", "市教育局", "市财政局", "市农业农村局",
                                                      "高平中专"]
    assert set(name for (name,) in database.execute(
        "SELECT name FROM agencies WHERE region_id = 'gaoping'").fetchall()) == {
        "市教育局", "市人力资源和社会保障局", "市发展和改革委员会", "市财政局", "市工业和信息化局", "市国有资本投资运营集团",
        "市农业农村局", "高平中专"}
    levels = dict(database.execute("SELECT name, level FROM agencies WHERE region_id = 'gaoping'").fetchall())
    assert levels["市教育局"] == "county"  # a 市 department of a county-level city
    assert levels["高平中专"] == "institution"


def test_zhongwei_task_1_lead_and_support(database):
    assert linked(database, "zhongwei-001", "lead") == [
        ("市发展改革委", "市发展和改革委员会"), ("市教育局", "市教育局"), ("中宁", "中宁县人民政府"),
        ("海原县人民政府", "海原县人民政府")]
    assert linked(database, "zhongwei-001", "support") == [
        ("市云计算和大数据局", "市云计算和大数据局"), ("工业和信息化局", "市工业和信息化局"),
        ("旅游和文体广电局", "市旅游和文体广电局"), ("农业农村局", "市农业农村局"),
        ("中卫工业园区管委会", "中卫工业园区管委会")]


@pytest.mark.parametrize("task_id, leads, supports", [
    ("zhongwei-004", ["市人力资源和社会保障局", "市教育局", "各县（区）人民政府"], ["市财政局", "市应急管理局"]),
    ("zhongwei-005", ["市教育局", "中宁县人民政府", "海原县人民政府"],
     ["市人力资源和社会保障局", "市财政局", "市民政局", "市扶贫开发办公室"]),
    ("zhongwei-011", ["市人民政府教育督导室", "县人民政府教育督导室"], []),
    # 责任单位 line ends with a comma, the rest follows a page break
    ("zhongwei-014", ["市教育局", "市发展和改革委员会", "市人力资源和社会保障局", "各县（区）人民政府"],
     ["市财政局", "市云计算和大数据局", "市工业和信息化局", "市旅游和文体广电局", "市农业农村局", "中卫工业园区管委会"]),
    ("zhongwei-017", ["市人力资源和社会保障局", "各县（区）人民政府"], ["市教育局"]),
    # 人力资源社会 / 保障局 broken by a page break
    ("zhongwei-022", ["市财政局", "市发展和改革委员会", "市教育局", "市人力资源和社会保障局", "各县（区）人民政府"], []),
    ("zhongwei-024", ["市职业教育工作联席会议成员单位", "中宁县人民政府", "海原县人民政府"], []),
])
def test_zhongwei_spot_checks(database, task_id, leads, supports):
    assert names(database, task_id, "lead") == leads
    assert names(database, task_id, "support") == supports


def test_zhongwei_roles(database):
    roles = dict(database.execute(
        "SELECT role, count(*) FROM task_agencies WHERE task_id LIKE 'zhongwei-%' GROUP BY role").fetchall())
    assert set(roles) == {"lead", "support"}
    # tasks with a 配合单位 line, counted in zhongwei.txt
    with_support = {row[0] for row in database.execute(
        "SELECT DISTINCT task_id FROM task_agencies WHERE role = 'support' AND task_id LIKE 'zhongwei-%'").fetchall()}
    assert with_support == {f"zhongwei-{n:03d}" for n in (1, 2, 3, 4, 5, 6, 9, 10, 12, 13, 14, 15, 17, 18, 23)}


def test_jinzhou_row_3_implementers(database):
    assert names(database, "jinzhou-003", "implementer") == ["教务处", "人事处", "思政部"]
    assert names(database, "jinzhou-003", "responsible") == ["省委教育工作委员会", "省教育厅", "各市"]
    classes = database.execute(
        "SELECT DISTINCT a.function, a.level FROM task_agencies l JOIN agencies a USING (agency_id) "
        "WHERE l.task_id = 'jinzhou-003' AND l.role = 'implementer'").fetchall()
    assert classes == [("internal_unit", "internal_unit")]


@pytest.mark.parametrize("task_id, role, expected", [
    ("jinzhou-002", "responsible", ["省人力资源和社会保障厅", "省总工会", "省教育厅"]),  # 省教 / 育厅 wraps in the cell
    ("jinzhou-002", "implementer", ["人事处"]),
    ("jinzhou-017", "implementer", ["继续教育学院", "教务处", "学前与音乐教育学院", "体育学院", "小学教育学院", "美术学院"]),
    ("jinzhou-022", "implementer", ["招生就业处", "教务处"]),
    ("jinzhou-026", "responsible", ["省发展和改革委员会", "省教育厅", "省工业和信息化厅", "省财政厅", "省人力资源和社会保障厅",
                             "省国有资产监督管理委员会", "相关市政府"]),
    ("jinzhou-027", "responsible", ["省教育厅", "省发展和改革委员会", "省工业和信息化厅", "省人力资源和社会保障厅", "省财政厅",
                             "各市"]),  # 、各市 on a continuation line
    ("jinzhou-031", "implementer", ["人事处", "教务处", "对外交流中心"]),
    ("jinzhou-037", "responsible", ["省教育厅", "省人民政府外事办公室", "沈阳市"]),
    ("jinzhou-042", "responsible", ["省人民政府", "教育部"]),
    ("jinzhou-051", "responsible", ["省发展和改革委员会", "省教育厅"]),  # written 省教 育庁
    ("jinzhou-012", "implementer", ["学校"]),
])
def test_jinzhou_spot_checks(database, task_id, role, expected):
    assert names(database, task_id, role) == expected


def test_jinzhou_levels(database):
    levels = dict(database.execute("SELECT name, level FROM agencies WHERE region_id = 'jinzhou'").fetchall())
    assert levels["教育部"] == "national"
    assert levels["省教育厅"] == "province"
    assert levels["各市"] == "prefecture"
    assert levels["人事处"] == "internal_unit"


def test_wafangdian_row_8(database):
    assert linked(database, "wafangdian-008", "responsible") == [
        ("市教育局", "市教育局"), ("人社局", "市人力资源和社会保障局"), ("各乡镇", "各乡镇"),
        ("涉农街道办事处", "各涉农街道办事处")]
    levels = dict(database.execute(
        "SELECT a.name, a.level FROM task_agencies l JOIN agencies a USING (agency_id) "
        "WHERE l.task_id = 'wafangdian-008'").fetchall())
    assert levels == {"市教育局": "county", "市人力资源和社会保障局": "county", "各乡镇": "township",
                      "各涉农街道办事处": "township"}


@pytest.mark.parametrize("task_id, expected", [
    ("wafangdian-001", ["市委教育工作委员会", "市教育局", "市人力资源和社会保障局"]),
    ("wafangdian-007", ["市教育局", "市委机构编制委员会办公室", "市发展和改革委员会", "市财政局", "市人力资源和社会保障局"]),
    ("wafangdian-013", ["市教育局", "市人力资源和社会保障局", "各乡镇", "各街道办事处"]),
    ("wafangdian-017", ["市教育局", "市人力资源和社会保障局"]),  # written 市教育局 、人社局
    ("wafangdian-028", ["市教育局", "市人力资源和社会保障局", "市总工会", "市应急管理局", "市退役军人事务局"]),
    ("wafangdian-045", ["职业教育联席会议工作领导小组成员单位"]),
    ("wafangdian-049", ["市发展和改革委员会", "市财政局", "市税务局"]),
])
def test_wafangdian_spot_checks(database, task_id, expected):
    """A bare 责任部门 column: responsible, not lead."""
    assert names(database, task_id, "responsible") == expected
    assert names(database, task_id, "lead") == []
    assert names(database, task_id, "support") == []


# --- Whole-table invariants --------------------------------------------------------------------------------

VARIANT_CHARACTERS = "髙庁領釆學"
REQUIRED_FUNCTIONS = {"education", "hr_social_security", "finance", "development_reform", "industry_it",
                      "agriculture", "commerce", "natural_resources", "tax", "state_assets", "emergency",
                      "trade_union", "party_committee", "government", "school", "internal_unit",
                      "coordination_body", "other"}
LEVELS = {"national", "province", "prefecture", "county", "township", "institution", "internal_unit"}


def labels():
    """The functions and levels the text catalogue names (function_<code>, level_<code>)."""
    keys = catalogue("en")
    return ({key.removeprefix("function_") for key in keys if key.startswith("function_")},
            {key.removeprefix("level_") for key in keys if key.startswith("level_")})


def test_label_lists_cover_the_required_classes():
    functions, levels = labels()
    assert REQUIRED_FUNCTIONS <= functions
    assert levels == LEVELS


def test_agency_names_are_clean(tables):
    agencies = tables["agencies"]
    for column in ("name", "agency_id"):
        assert not agencies[column].str.contains(r"\s").any(), column
        assert not agencies[column].str.contains(f"[{VARIANT_CHARACTERS}]").any(), column
    raw = tables["task_agencies"]["raw_name"]
    assert not raw.str.contains(r"\s").any()
    assert not raw.str.contains(f"[{VARIANT_CHARACTERS}]|\\[bookmark").any()
    assert (agencies["agency_id"] == agencies["region_id"] + ":" + agencies["name"]).all()
    assert agencies["agency_id"].is_unique


def test_every_seed_task_has_a_lead_or_responsible_unit(tables):
    tasks = tables["tasks"]
    tasks = tasks[tasks["doc_id"].isin(["gaoping", "jinzhou", "wafangdian", "zhongwei"])]
    named = set(tables["task_agencies"].query("role in ('lead', 'responsible')")["task_id"])
    missing = tasks[(tasks["kind"] == "task") & ~tasks["task_id"].isin(named)]["task_id"].tolist()
    assert missing == []


@pytest.mark.parametrize("doc_id, roles", [
    ("gaoping", {"responsible"}),               # 〔责任单位：…〕, no 配合单位 anywhere
    ("wafangdian", {"responsible"}),            # a bare 责任部门 column
    ("jinzhou", {"responsible", "implementer"}),  # 责任部门 (province) and 责任单位（部门） (the college's offices)
    ("zhongwei", {"lead", "support"}),          # 责任单位 paired with 配合单位
])
def test_roles_as_written(tables, doc_id, roles):
    links = tables["task_agencies"]
    assert set(links[links["task_id"].str.startswith(f"{doc_id}-")]["role"]) == roles


def test_every_link_points_at_an_agency_and_a_task(tables):
    links = tables["task_agencies"]
    assert links["agency_id"].isin(tables["agencies"]["agency_id"]).all()
    assert links["task_id"].isin(tables["tasks"]["task_id"]).all()
    assert set(links["role"]) <= {"lead", "support", "responsible", "implementer"}
    assert not links.duplicated(["task_id", "agency_id", "role"]).any()


def test_every_agency_has_a_known_function_and_level(tables):
    functions, levels = labels()
    agencies = tables["agencies"]
    assert agencies["function"].notna().all() and agencies["level"].notna().all()
    assert set(agencies["function"]) <= functions, set(agencies["function"]) - functions
    assert set(agencies["level"]) <= LEVELS, set(agencies["level"]) - LEVELS


def test_agency_counts_per_region(tables):
    counts = tables["agencies"].groupby("region_id").size().to_dict()
    assert counts == {"gaoping": 8, "jinzhou": 29, "wafangdian": 19, "zhongwei": 22}
