"""Bilingual labels (Chinese default, English for foreign researchers), kept out of the pages."""

from functools import lru_cache

import yaml

from etl.paths import DATA_DIRECTORY

AGENCY_RULES = DATA_DIRECTORY / "agencies.yaml"

LABELS = {
    "app_title": ("职业教育改革任务清单比较", "Comparing vocational-education reform task lists"),
    "language": ("语言", "Language"),
    "overview": ("总览", "Overview"),
    "task_explorer": ("任务浏览", "Task explorer"),
    "region": ("地区", "Region"),
    "province": ("省份", "Province"),
    "admin_level": ("行政层级", "Administrative level"),
    "issuer": ("发文单位", "Issuing body"),
    "issuer_kind": ("发文主体类型", "Kind of issuer"),
    "title": ("标题", "Title"),
    "document_number": ("文号", "Document number"),
    "issued_on": ("发布日期", "Issued on"),
    "layout": ("版式", "Layout"),
    "tasks": ("任务数", "Tasks"),
    "safeguards": ("保障措施条目", "Safeguard items"),
    "lead_agencies": ("牵头/责任单位数", "Lead agencies"),
    "support_agencies": ("配合单位数", "Supporting agencies"),
    "implementer_units": ("校内落实部门数", "College offices (implementers)"),
    "agency_links": ("责任分工条目", "Agency links"),
    "deadline_span": ("完成时限跨度", "Deadline span"),
    "tasks_with_deadline": ("有完成时限的任务", "Tasks with a deadline"),
    "ongoing_tasks": ("长期坚持", "Ongoing (长期坚持)"),
    "warnings": ("解析提示", "Parser warnings"),
    "description": ("简介", "Description"),
    "not_stated": ("文中未载明", "not stated in the text"),
    "none": ("无", "none"),
    "group": ("主要任务/分组", "Group"),
    "agency": ("单位", "Agency"),
    "function": ("职能类别", "Function"),
    "deadline": ("完成时限", "Deadline"),
    "deadline_filter": ("时限", "Deadline"),
    "deadline_any": ("全部", "Any"),
    "deadline_dated": ("有具体年份", "Has a year"),
    "deadline_ongoing": ("长期坚持", "Ongoing"),
    "deadline_none": ("未注明", "None given"),
    "deadline_years": ("完成年份", "Deadline year"),
    "search_text": ("全文检索", "Search text"),
    "results": ("条任务", "tasks"),
    "pick_task": ("查看任务详情", "Open a task"),
    "content": ("任务内容", "Task content"),
    "local_measures": ("学校具体举措", "College's measures"),
    "local_target": ("学校完成目标", "College's targets"),
    "lead": ("责任单位（牵头）", "Lead"),
    "support": ("配合单位", "Support"),
    "responsible": ("责任单位（未分牵头）", "Responsible (no lead named)"),
    "implementer": ("校内责任部门", "College offices"),
    "source": ("来源", "Source"),
    "source_lines": ("原文行", "Source lines"),
    "raw_text": ("原文", "Source text"),
    "kind": ("类型", "Kind"),
    "kind_task": ("任务", "task"),
    "kind_safeguard": ("保障措施", "safeguard"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 XLSX", "Download XLSX"),
    "no_results": ("没有符合条件的任务。", "No task matches these filters."),
    "city_government": ("市政府", "City government"),
    "institution": ("院校", "Institution (college)"),
    "prefecture": ("地级市", "Prefecture-level city"),
    "county": ("县级市", "County-level city"),
    "province_level": ("省级", "Province"),
    "prose_bracketed": ("文本（括注责任单位）", "Prose, bracketed responsibility"),
    "prose_labelled": ("文本（分列责任/配合/时限）", "Prose, labelled fields"),
    "tab_table": ("表格", "Table"),
    "overview_intro": (
        "四份清单并列比较。注意：锦州清单由一所高校（锦州师专）制定，逐条重述辽宁省的任务与省直责任部门，"
        "并列出学校自己的举措和处室；其余三份由市政府制定。",
        "The four lists side by side. Note: Jinzhou's list is one college's (Jinzhou Normal College), restating "
        "Liaoning's provincial tasks and departments next to its own measures and offices; the other three are "
        "city governments' lists."),
    "data_note": ("数据来源：各地公开文件；每个数字可追溯到原文行。",
                  "Source: the four public documents; every figure traces back to its source lines."),
    "tasks_by_region": ("各地任务数", "Tasks per region"),
    # --- Agency load ---
    "agency_load": ("责任单位负担", "Agency load"),
    "load_intro": (
        "各地清单把任务分派给哪些单位：按承担任务数排序，牵头、配合、校内落实分角色显示，从不相加。"
        "点击条形或在下方选择单位，可查看其背后的任务及原文行。",
        "Which agencies each list assigns its tasks to, ranked by tasks, with lead, support and the college's own "
        "offices kept as separate roles (never summed). Click a bar or pick an agency below to see the tasks "
        "behind it and their source lines."),
    "load_bars_title": ("各单位承担的任务数", "Tasks per agency"),
    "load_level_government": ("责任单位（牵头与配合）", "Responsible agencies (lead and support)"),
    "load_level_lead": ("责任单位", "Responsible agencies"),
    "load_level_provincial": ("省级责任部门（任务内容）", "Provincial departments (the restated provincial task)"),
    "load_level_college": ("学校落实部门（校内处室）", "College offices (the college's own measures)"),
    "load_levels_apart": (
        "锦州清单有两个层级：左图是所重述的辽宁省任务中的省直责任部门，右图是锦州师专自己的落实处室。"
        "两者分开显示，任务数从不相加。",
        "Jinzhou's list has two levels: left, the provincial departments named in the restated Liaoning tasks; "
        "right, Jinzhou Normal College's own offices carrying them out. They are shown apart and never added up."),
    "load_heatmap_title": ("各职能类别承担的任务占比（跨地区）", "Share of tasks by agency function, across regions"),
    "load_heatmap_role": ("角色", "Role"),
    "load_heatmap_note": (
        "格内为任务数（占该地任务的比例）：该地有多少项任务至少有一个此类单位担任所选角色。"
        "锦州一列是所重述的省级任务中的省直部门，其余三地是本市部门。"
        "校内落实部门（锦州师专的处室）属于另一层级，不纳入跨地区比较。",
        "Cells: tasks (share of the region's tasks) naming at least one agency of that function in the chosen "
        "role. Jinzhou's column holds the provincial departments of the restated provincial tasks, the others "
        "city departments. The college's own offices (Jinzhou's implementers) are another level and are left out "
        "of the cross-region comparison."),
    "load_heatmap_missing": ("未列此角色的地区：{regions}。", "Regions that name no agency in this role: {regions}."),
    "load_concentration": ("牵头职责的集中度", "How concentrated lead responsibility is"),
    "load_top_share": ("最忙牵头单位的任务占比", "Busiest lead agency's share"),
    "load_hhi": ("集中度 HHI", "HHI"),
    "load_gini": ("基尼系数", "Gini coefficient"),
    "load_single_lead": ("单一牵头任务占比", "Single-lead share"),
    "load_lead_support": ("牵头/配合比", "Lead/support ratio"),
    "load_agencies_per_task": ("每项任务的单位数", "Agencies per task"),
    "load_agencies_per_task_reading": ("平均每项任务有 {mean} 个牵头或配合单位，最多 {max} 个。",
                                       "On average {mean} lead or supporting agencies per task, at most {max}."),
    "load_implementers_reading": ("校内处室另计：平均 {mean} 个。", " College offices counted apart: {mean} on average."),
    "load_methods": (
        "方法：HHI 为赫芬达尔—赫希曼指数（各单位牵头项次份额的平方和，0–1）；基尼系数按至少牵头一项任务的单位计算；"
        "集中度分档依据美国司法部/联邦贸易委员会 2010 年《横向合并指南》（HHI < 0.15 不集中，0.15–0.25 中度集中，"
        "> 0.25 高度集中）。",
        "Methods: HHI is the Herfindahl–Hirschman index (sum of squared shares of lead links, 0–1); the Gini "
        "coefficient is over agencies leading at least one task; concentration bands per the US DoJ/FTC 2010 "
        "Horizontal Merger Guidelines (HHI < 0.15 unconcentrated, 0.15–0.25 moderate, > 0.25 high)."),
    "load_network_title": ("共同承担任务的单位网络", "Agencies named on the same tasks"),
    "load_network_group": ("单位范围", "Agencies"),
    "load_group_government": ("政府责任单位（牵头与配合）", "Government agencies (lead and support)"),
    "load_group_implementer": ("学校落实部门（校内处室）", "College offices (implementers)"),
    "load_min_shared": ("至少共同承担的任务数", "Minimum shared tasks"),
    "load_network_note": ("点的大小 = 任务数；线的粗细 = 共同承担的任务数；按职能类别排在圆周上。",
                          "Node size = tasks; line width = tasks shared; nodes grouped by function around the circle."),
    "load_no_pairs": ("该地区没有共同承担任务的单位。", "No two agencies share a task in this region."),
    "load_shared": ("共同任务", "Shared tasks"),
    "load_pick_agency": ("查看单位承担的任务", "Open an agency's tasks"),
    "load_agency_tasks": ("{name}：{counts}", "{name}: {counts}"),
    "load_rows_note": ("下载的是上方图表所用的本地区 agency_load 数据。",
                       "The downloads hold this region's agency_load rows shown in the charts above."),
    "load_role": ("角色", "Role"),
    # --- Keyword themes ---
    "keyword_themes": ("关键词与主题", "Keyword themes"),
    "themes_intro": (
        "四份清单各强调什么：按主题编码表给任务编码，比较各地的主题与政策工具结构，找出各地区别于其他三地的用词，"
        "并可查看任一词在原文中的上下文。",
        "What each list stresses: tasks coded with a codebook of themes and policy instruments, the terms that "
        "set one region's list apart from the other three, and any term in its context in the source."),
    "themes_heatmap_title": ("各主题覆盖的任务占比", "Share of each region's tasks coded with a theme"),
    "themes_heatmap_note": (
        "格内为该地任务（不含保障措施）中至少命中一次该主题的比例；一项任务可属多个主题。悬停可见任务数。",
        "Cells: share of the region's tasks (safeguards left out) coded with the theme; a task can carry "
        "several themes. Hover for the counts."),
    "themes_tasks_word": ("项任务", "tasks"),
    "themes_of_word": ("/", "of"),
    "themes_instruments_title": ("政策工具结构（供给型 / 环境型 / 需求型）",
                                 "Policy-instrument mix (supply / environment / demand)"),
    "themes_instruments_axis": ("占该地工具编码的比例", "Share of the region's instrument codes"),
    "themes_instruments_note": (
        "每根柱为该地全部政策工具编码的构成（合计 100%）；一项任务可用多种工具，悬停可见使用该工具的任务数及其占该地任务的比例。"
        "下表为至少使用一种该类工具的任务占比。",
        "Each bar: the make-up of all the region's instrument codes (100% in total); a task can use several "
        "instruments, so hover shows the tasks using the instrument and their share of the region's tasks. The "
        "table below: share of tasks using at least one instrument of each type."),
    "themes_parent_table": ("各类工具覆盖的任务占比", "Share of tasks using each instrument type"),
    "themes_distinctive": ("各地区的特色用词", "Distinctive terms per region"),
    "themes_with_names": ("包含地名与单位名", "Include place and agency names"),
    "themes_keyness_tab": ("对数几率（z 值）", "Log-odds (z)"),
    "themes_tfidf_tab": ("TF-IDF", "TF-IDF"),
    "themes_scatter_title": ("{region}：词频与特色程度", "{region}: frequency against distinctiveness"),
    "themes_count_axis": ("本地区词频（对数轴）", "Count in this region (log scale)"),
    "themes_z_axis": ("z 值（与其他三地相比）", "z (against the other three)"),
    "themes_keyness_note": (
        "z > 1.96（红）为该地明显多用的词，z < −1.96（蓝）为明显少用的词。表中为每个分数背后的词频。",
        "z > 1.96 (red): used markedly more than in the other lists; z < −1.96 (blue): markedly less. The table "
        "holds the counts behind each score."),
    "term": ("词语", "Term"),
    "count": ("本地区词频", "Count here"),
    "count_other": ("其他地区词频", "Count elsewhere"),
    "z": ("z 值", "z"),
    "log_odds": ("对数几率差", "Log-odds ratio"),
    "tfidf": ("TF-IDF", "TF-IDF"),
    "rank": ("排名", "Rank"),
    "themes_kwic": ("关键词上下文", "Keyword in context"),
    "themes_kwic_input": ("输入词语", "Type a term"),
    "themes_kwic_count": ("“{term}”共出现 {count} 次（{tasks} 项任务）。", "“{term}” occurs {count} times ({tasks} tasks)."),
    "themes_kwic_none": ("原文中没有这个词。", "The term does not occur in the task texts."),
    "themes_coded_title": ("含该词的任务的主题编码", "Themes coded on the tasks holding the term"),
    "themes_topics": ("探索性主题模型（NMF）", "Exploratory topics (NMF)"),
    "themes_topics_note": ("仅供探索：无监督模型给出的词群，未经人工命名。",
                           "Exploratory only: unsupervised word groups, not named or validated by hand."),
    "topic_id": ("主题", "Topic"),
    "terms": ("主要词语", "Top terms"),
    "theme": ("主题", "Theme"),
    "evidence": ("命中词", "Evidence"),
    "score": ("命中次数", "Hits"),
    "field": ("字段", "Field"),
    "left": ("前文", "Left"),
    "keyword": ("关键词", "Keyword"),
    "right": ("后文", "Right"),
    "themes_methods": (
        "方法：用 jieba 分词，加载领域词典（data/dictionary.txt），并按层级去除停用词（虚词、公文套话；地名与单位名"
        "可选）；特色用词为带信息性狄利克雷先验的对数几率比（Monroe, Colaresi & Quinn 2008），每地与其余三地合并"
        "比较；TF-IDF 将每地全部任务视为一篇文档；主题与政策工具按编码表（data/themes.yaml；"
        "data/policy_instruments.yaml，依 Rothwell & Zegveld 1981 分为供给型、环境型、需求型）编码；"
        "探索性主题为 NMF（scikit-learn，固定随机种子）。",
        "Methods: jieba tokenization with the domain dictionary (data/dictionary.txt) and tiered stop lists "
        "(function words and boilerplate dropped; place and agency names optional); distinctive terms by the "
        "log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008), each region against "
        "the other three pooled; TF-IDF with each region's tasks as one document; codebook coding "
        "(data/themes.yaml; data/policy_instruments.yaml after Rothwell & Zegveld 1981: supply, environment, "
        "demand); exploratory topics by NMF (scikit-learn, fixed seed)."),
    # --- Target metrics ---
    "target_metrics": ("量化目标", "Target metrics"),
    "metrics_intro": (
        "各地清单中的量化承诺并列比较：每格为该地区的主要数字（本地承诺优先于省级重述，取最晚目标年份），"
        "“+N”表示另有 N 个数字。每个数字都可在下方打开其原文条款和所属任务。",
        "The quantified commitments of the four lists side by side: each cell is the region's main number (its "
        "own commitment before a restated provincial one, latest target year first); \"+N\" means N more numbers. "
        "Every number opens below to its source clause and task."),
    "metric_benchmark_title": ("指标 × 地区对照表", "Indicator × region benchmark"),
    "metric_benchmark_note": (
        "本地 = 该清单自己的承诺；省级重述 = 锦州清单所重述的辽宁省任务中的数字（另一层级）。"
        "“—（无此项）”：清单未提及此指标；“提及，无数字”：提及了但没有给出数字。",
        "local = the list's own commitment; parent = a number in the Liaoning (provincial) task Jinzhou's list "
        "restates (another level). \"— (none)\": the list does not mention the indicator; \"mentioned, no "
        "number\": it mentions it without a number."),
    "metric_indicator": ("指标", "Indicator"),
    "metric_regions_quantified": ("有数字的地区数", "Regions with a number"),
    "metric_scope_local": ("本地", "local"),
    "metric_scope_parent": ("省级重述", "parent"),
    "metric_no_year": ("未注明年份", "no year"),
    "metric_not_committed": ("—（无此项）", "— (none)"),
    "metric_mentioned_only": ("提及，无数字", "mentioned, no number"),
    "metric_other_unit": ("单位不同：{value}", "other unit: {value}"),
    "metric_chart_title": ("各地目标值", "Targets by region"),
    "metric_my_region": ("我的地区", "My region"),
    "metric_my_region_mark": ("（我的地区）", " (mine)"),
    "metric_main": ("主要数字", "Main number"),
    "metric_range": ("区间（下限–上限）", "Range (low–high)"),
    "metric_other_numbers": ("该地区的其他数字", "The region's other numbers"),
    "metric_parent_legend": ("斜线 = 省级重述", "hatched = parent (restated provincial)"),
    "metric_no_peers": ("其他地区没有可比的本地数字，无中位数", "No other region has a comparable own number: no median"),
    "metric_peer_median": ("其他地区中位数 {value}（n={n}）", "Peer median {value} (n={n})"),
    "metric_chart_subtitle": (
        "柱 = 各地主要数字；虚线 = 其他地区（本地承诺）的中位数",
        "Bars: each region's main number; dashed line: median of the other regions' own commitments"),
    "metric_axis": ("目标值（{unit}）", "Target ({unit})"),
    "metric_axis_none": ("目标值", "Target"),
    "metric_ratio_axis": ("1:N 中的 N", "N in 1:N"),
    "metric_chart_source": (
        "来源：高平、锦州、瓦房店、中卫四份公开文件；<br>数字由规则从原文抽取（data/indicators.yaml），"
        "每个数字可追溯到原文行。",
        "Source: the four public documents (Gaoping, Jinzhou, Wafangdian, Zhongwei);<br>numbers extracted "
        "from the text by rules (data/indicators.yaml), each traceable to its source line."),
    "metric_numbers_behind": ("{indicator} — 全部 {n} 个数字（图和对照表所依据）：",
                              "{indicator} — all {n} numbers (behind the chart and the table):"),
    "metric_pick": ("查看数字的出处", "Open a number's source"),
    "metric_pick_hint": ("点击图中的柱或菱形，或在此选择。", "Click a bar or diamond in the chart, or choose here."),
    "metric_clause": ("原文条款", "Source clause"),
    "metric_task": ("所属任务", "Task"),
    "metric_goal": ("所属目标段落（非任务）", "Goal paragraph (not a task)"),
    "metric_field": ("出处栏目", "Field"),
    "metric_field_content": ("任务内容", "task content"),
    "metric_field_local_measures": ("学校具体举措", "college's measures"),
    "metric_field_local_target": ("学校完成目标", "college's targets"),
    "metric_field_goal": ("发展目标", "goal section"),
    "metric_scope": ("范围", "Scope"),
    "metric_comparator": ("比较符", "Comparator"),
    "metric_target_year": ("目标年份", "Target year"),
    "metric_per_period": ("周期", "Per period"),
    "metric_aspirational": ("力争（非硬性）", "aspirational (力争)"),
    "metric_value": ("数值", "Value"),
    "metric_unit_class": ("单位类别", "Unit class"),
    "metric_years": ("目标年份（最左为未注明年份）", "Target year (leftmost: no year)"),
    "metric_indicators": ("指标（含未匹配）", "Indicator (incl. unmatched)"),
    "metric_all": ("全部（不筛选）", "All (no filter)"),
    "metric_unmatched": ("未匹配指标", "unmatched"),
    "metric_all_title": ("全部量化数字", "All quantified numbers"),
    "metric_results": ("个数字", "numbers"),
    "metric_no_results": ("没有符合条件的数字。", "No number matches these filters."),
    "metric_document_line": ("原文第 {line} 行", "source line {line}"),
    "unit_class_percent": ("百分比", "percent"),
    "unit_class_count": ("数量", "count"),
    "unit_class_person_times": ("人次", "person-times"),
    "unit_class_duration": ("时长", "duration"),
    "unit_class_ratio": ("比例（1:N）", "ratio (1:N)"),
    "unit_class_money": ("金额", "money"),
    "unit_class_other": ("其他", "other"),
    "metric_method": (
        "方法：按规则从任务内容、锦州的学校举措与目标及发展目标段落中抽取数字（etl/metrics.py），"
        "并用代码本 data/indicators.yaml 的正则表达式归入可比指标；未匹配的数字保留在全表中。"
        "区间取下限为数值、上限为 value_max；“万”已换算；1:N 的比例记为 N。",
        "Method: numbers are extracted by rules from the task texts, Jinzhou's college measures and targets, and "
        "the goal paragraphs (etl/metrics.py), then assigned to comparable indicators by the regular expressions "
        "of the codebook data/indicators.yaml; unmatched numbers stay in the full table. A range is stored as "
        "value (low) and value_max (high); 万 is multiplied out; a ratio 1:N is stored as N."),
}


def label(key: str, language: str = "zh") -> str:
    zh, en = LABELS.get(key, (key, key))
    return en if language == "en" else zh


@lru_cache(maxsize=1)
def agency_labels() -> dict:
    data = yaml.safe_load(AGENCY_RULES.read_text(encoding="utf-8"))
    return {"function": data["function_labels"], "level": data["level_labels"]}


def function_label(function: str, language: str = "zh") -> str:
    pair = agency_labels()["function"].get(function, [function, function])
    return pair[1] if language == "en" else pair[0]


def level_label(level: str, language: str = "zh") -> str:
    pair = agency_labels()["level"].get(level, [level, level])
    return pair[1] if language == "en" else pair[0]


# --- Peer benchmark (issue 6) ---
LABELS.update({
    "peer_benchmark": ("同类对标", "Peer benchmark"),
    "first_start_title": ("首次启动：正在构建数据库", "First start: building the database"),
    "first_start_intro": ("正在从 data/raw/ 中的原始文件构建数据库，只需一次；完成后页面自动打开。",
                          "The database is being built from the raw files in data/raw/ (once only); the page opens by itself when it is ready."),
    "first_start_progress": ("第 {done} 步，共 {total} 步", "Step {done} of {total}"),
    "first_start_failed": ("数据库构建失败，原有数据库（如有）未改动。", "The database build failed; any existing database was left untouched."),
    "first_start_retry": ("重试", "Try again"),
    "bench_intro": (
        "选定本地区，与其余三地逐项对比：各主题的任务占比、量化指标、对方有而本地没有的内容、只有本地承诺的内容，"
        "以及相互对应的任务及其差异（数字、时限、责任单位）。",
        "Pick your region and compare it with the other three: share of tasks per theme, quantified indicators, "
        "what peers address that you do not, what only you commit to, and matched tasks with their differences "
        "(numbers, deadlines, agencies)."),
    "bench_region": ("本地区", "My region"),
    "bench_peer": ("对标地区", "Peer"),
    "bench_indicator": ("指标", "Indicator"),
    "bench_theme_section": ("主题记分卡", "Theme scorecard"),
    "bench_theme_title": ("{region}与同类地区：各主题任务占比", "{region} vs peers: share of tasks per theme"),
    "bench_theme_axis": ("任务占比", "Share of tasks"),
    "bench_theme": ("主题", "Theme"),
    "bench_indicator_section": ("指标记分卡", "Indicator scorecard"),
    "bench_indicator_title": ("{indicator}：各地承诺值", "{indicator}: committed values by region"),
    "bench_indicator_axis": ("承诺值（{unit}）", "Committed value ({unit})"),
    "bench_indicator_note": (
        "取本地承诺（local）的数值；某地只在所重述的上级任务中出现时标为“上级”。一地多个数值时取最大值，其余见表。",
        "Values the document commits to locally; a value that only appears in a restated higher-level task is "
        "marked 'parent'. Where a region states several values the chart shows the largest; the table lists all."),
    "bench_parent": ("上级", "parent"),
    "bench_no_value": ("—", "—"),
    "bench_gaps": ("对方有、本地没有", "Gaps: what peers address and you do not"),
    "bench_only_mine": ("只有本地承诺", "What only you commit to"),
    "bench_gap_themes": ("主题（本地没有任务涉及）", "Themes (none of your tasks)"),
    "bench_gap_indicators": ("量化指标（本地未给数值）", "Indicators (no number of yours)"),
    "bench_mentioned": ("本地提及但无数值", "you mention it without a number"),
    "bench_not_mentioned": ("本地未提及", "you do not mention it"),
    "bench_addressed_by": ("涉及的地区", "Addressed by"),
    "bench_unique_tasks": ("在其余三地都找不到对应任务的本地任务", "Your tasks with no counterpart in any peer"),
    "bench_none_found": ("无。", "None."),
    "bench_pairs": ("对应任务对照", "Matched tasks side by side"),
    "bench_pairs_note": (
        "每项本地任务在对标地区的最相似任务（相似度高于“无对应”阈值）。差异列出只在一方出现的数字、不同的完成时限和"
        "只在一方出现的责任单位职能类别。",
        "Each of your tasks with its most similar task in the peer region (score above the no-counterpart "
        "threshold). Differences list numbers found in one and not the other, differing deadlines and agency "
        "functions named on one side only."),
    "bench_my_task": ("本地任务", "My task"),
    "bench_peer_task": ("对方任务", "Peer task"),
    "bench_score": ("相似度", "Score"),
    "bench_differences": ("差异", "Differences"),
    "bench_diff_numbers_mine": ("数字仅本地：{values}", "numbers only mine: {values}"),
    "bench_diff_numbers_peer": ("数字仅对方：{values}", "numbers only the peer's: {values}"),
    "bench_diff_deadline": ("时限：{mine} ↔ {peer}", "deadline: {mine} ↔ {peer}"),
    "bench_diff_agencies_mine": ("职能仅本地：{values}", "agency functions only mine: {values}"),
    "bench_diff_agencies_peer": ("职能仅对方：{values}", "agency functions only the peer's: {values}"),
    "bench_diff_none": ("无明显差异", "no marked difference"),
    "bench_no_pairs": ("与该地区没有高于阈值的对应任务。", "No task pairs above the threshold with this peer."),
    "bench_source_note": ("来源：{documents}", "Source: {documents}"),
    "date_not_stated": ("日期未载明", "date not stated"),
    "download_png": ("下载 PNG", "Download PNG"),
    "download_svg": ("下载 SVG", "Download SVG"),
    "bench_briefing": ("下载简报包（HTML）", "Download briefing pack (HTML)"),
    "bench_briefing_title": ("{region}对标简报", "{region}: peer benchmark briefing"),
    "bench_status": ("状态", "Status"),
    "bench_status_gap": ("本地缺", "gap"),
    "bench_status_only_mine": ("仅本地", "only mine"),
    "bench_status_shared": ("共有", "shared"),
    "bench_peer_mean": ("同类平均", "Peer mean"),
    "bench_difference": ("差值（本地−同类平均）", "Difference (mine − peer mean)"),
    "bench_values": ("数值", "Values"),
})
