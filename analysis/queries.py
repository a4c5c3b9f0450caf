"""Every SQL statement the pages run, in one place. Values always travel as parameters, never in the text.

Each function takes a DuckDB connection (a cursor per call keeps Streamlit's threads apart) and returns a
DataFrame.
"""

import pandas as pd


def run(connection, sql: str, parameters=None) -> pd.DataFrame:
    return connection.cursor().execute(sql, parameters or {}).df()


# --- Foundation: documents, tasks, agencies ----------------------------------------------------------------

def documents_overview(connection) -> pd.DataFrame:
    """One row per document with the counts a newcomer needs to tell the lists apart."""
    return run(connection, """
        WITH task_counts AS (
            SELECT doc_id,
                   count(*) FILTER (WHERE kind = 'task') AS tasks,
                   count(*) FILTER (WHERE kind = 'safeguard') AS safeguards,
                   count(*) FILTER (WHERE deadline_year IS NOT NULL OR ongoing) AS tasks_with_deadline,
                   count(*) FILTER (WHERE ongoing) AS ongoing_tasks,
                   min(deadline_year) AS first_deadline_year, max(deadline_year) AS last_deadline_year,
                   count(local_measures) + count(local_target) AS local_fields
            FROM tasks GROUP BY doc_id),
        agency_counts AS (
            SELECT t.doc_id,
                   count(DISTINCT ta.agency_id) FILTER (WHERE ta.role = 'lead') AS lead_agencies,
                   count(DISTINCT ta.agency_id) FILTER (WHERE ta.role = 'support') AS support_agencies,
                   count(DISTINCT ta.agency_id) FILTER (WHERE ta.role = 'responsible') AS responsible_agencies,
                   count(DISTINCT ta.agency_id) FILTER (WHERE ta.role = 'implementer') AS implementer_units,
                   count(*) AS agency_links
            FROM task_agencies ta JOIN tasks t USING (task_id) GROUP BY t.doc_id),
        warning_counts AS (SELECT doc_id, count(*) AS warnings FROM etl_warnings GROUP BY doc_id)
        SELECT d.*, tc.* EXCLUDE (doc_id), ac.* EXCLUDE (doc_id), coalesce(wc.warnings, 0) AS warnings
        FROM documents d
        LEFT JOIN task_counts tc USING (doc_id)
        LEFT JOIN agency_counts ac USING (doc_id)
        LEFT JOIN warning_counts wc USING (doc_id)
        ORDER BY d.doc_id
    """)


def etl_warnings(connection) -> pd.DataFrame:
    return run(connection, "SELECT doc_id, line, stage, message FROM etl_warnings ORDER BY doc_id, line")


def regions(connection) -> pd.DataFrame:
    return run(connection, "SELECT region_id, region_zh, region_en, doc_id FROM documents ORDER BY region_id")


def build_date(connection):
    """The date the database was built (build_info.built_at), or None for a database without that table."""
    frame = run(connection, """
        SELECT count(*) AS present FROM information_schema.tables WHERE table_name = 'build_info'""")
    if not frame.iloc[0]["present"]:
        return None
    built = run(connection, "SELECT max(built_at) AS built_at FROM build_info").iloc[0]["built_at"]
    return None if pd.isna(built) else pd.Timestamp(built).date()


def document_sources(connection) -> pd.DataFrame:
    """The documents as an export cites them: region, title, document number, date of issue."""
    return run(connection, """
        SELECT doc_id, region_id, region_zh, region_en, title, document_number, issued_on
        FROM documents ORDER BY region_id, doc_id
    """)


def group_titles(connection, region_ids) -> pd.DataFrame:
    return run(connection, """
        SELECT DISTINCT region_id, group_title FROM tasks
        WHERE group_title IS NOT NULL AND ($regions IS NULL OR list_contains($regions, region_id))
        ORDER BY region_id, group_title
    """, {"regions": region_ids or None})


def agency_names(connection, region_ids=None) -> pd.DataFrame:
    return run(connection, """
        SELECT a.agency_id, a.region_id, a.name, a.function, a.level, count(DISTINCT ta.task_id) AS tasks
        FROM agencies a JOIN task_agencies ta USING (agency_id)
        WHERE $regions IS NULL OR list_contains($regions, a.region_id)
        GROUP BY ALL ORDER BY a.region_id, tasks DESC, a.name
    """, {"regions": region_ids or None})


def theme_codebook(connection) -> pd.DataFrame:
    """Every coded theme and policy instrument with its labels, in codebook order."""
    return run(connection, "SELECT scheme, theme, label_zh, label_en FROM themes ORDER BY scheme DESC, rowid")


TASK_FILTER = """
        FROM tasks t
        WHERE ($regions IS NULL OR list_contains($regions, t.region_id))
          AND ($groups IS NULL OR list_contains($groups, t.group_title))
          AND ($agencies IS NULL OR EXISTS (SELECT 1 FROM task_agencies ta
                WHERE ta.task_id = t.task_id AND list_contains($agencies, ta.agency_id)
                  AND ($role IS NULL OR ta.role = $role)))
          AND ($functions IS NULL OR EXISTS (SELECT 1 FROM task_agencies ta JOIN agencies a USING (agency_id)
                WHERE ta.task_id = t.task_id AND list_contains($functions, a.function)
                  AND ($role IS NULL OR ta.role = $role)))
          AND ($kind IS NULL OR t.kind = $kind)
          AND ($indicators IS NULL OR EXISTS (SELECT 1 FROM metrics m
                WHERE m.task_id = t.task_id AND list_contains($indicators, m.indicator)))
          AND ($year_from IS NULL OR t.deadline_year BETWEEN $year_from AND $year_to)
          AND ($deadline_filter = 'any'
               OR ($deadline_filter = 'dated' AND t.deadline_year IS NOT NULL)
               OR ($deadline_filter = 'ongoing' AND t.ongoing)
               OR ($deadline_filter = 'none' AND t.deadline_year IS NULL AND NOT t.ongoing))
          AND ($text IS NULL OR concat_ws(' ', t.title, t.content, t.local_measures, t.local_target,
                                          t.group_title) ILIKE '%' || $text || '%')
          AND ($themes IS NULL OR EXISTS (SELECT 1 FROM task_themes tt
                WHERE tt.task_id = t.task_id AND list_contains($themes, tt.theme)))
          AND ($task_ids IS NULL OR list_contains($task_ids, t.task_id))"""


def task_filter(region_ids=None, groups=None, agency_ids=None, functions=None, deadline_years=None,
                deadline_filter="any", text=None, themes=None, role=None, kind=None, indicators=None,
                task_ids=None) -> dict:
    """The parameters of TASK_FILTER; None or empty means 'no filter'."""
    return {"regions": region_ids or None, "groups": groups or None, "agencies": agency_ids or None,
            "functions": functions or None, "themes": themes or None, "role": role or None, "kind": kind or None,
            "indicators": indicators or None,
            "year_from": deadline_years[0] if deadline_years else None,
            "year_to": deadline_years[1] if deadline_years else None,
            "deadline_filter": deadline_filter, "text": text or None,
            "task_ids": list(task_ids) if task_ids else None}


def filtered_tasks(connection, region_ids=None, groups=None, agency_ids=None, functions=None,
                   deadline_years=None, deadline_filter="any", text=None, themes=None, role=None,
                   kind=None, indicators=None, limit=None, task_ids=None) -> pd.DataFrame:
    """Tasks matching every given filter; None or empty means 'no filter'. deadline_filter: any | dated |
    ongoing | none; themes: tasks coded with any of these themes (task_themes, any scheme); role: the agency
    and function filters count only links in that role (lead, support, implementer); kind: task | safeguard;
    indicators: tasks stating a number for any of these indicators (metrics); limit: the first rows only (in
    region and list order), None for all; task_ids: only these tasks."""
    return run(connection, """
        WITH chosen AS (
            SELECT t.task_id, t.region_id, t.kind, t.task_number, t.group_title, t.title, t.content,
                   t.local_measures, t.local_target, t.deadline_text, t.deadline_year, t.ongoing,
                   t.line_start, t.line_end, t.seq""" + TASK_FILTER + """
            ORDER BY t.region_id, t.seq
            LIMIT $limit),
        named AS (  -- the agencies of the chosen tasks only, one list per role
            SELECT ta.task_id,
                   list(a.name ORDER BY ta.position) FILTER (WHERE ta.role = 'lead') AS lead,
                   list(a.name ORDER BY ta.position) FILTER (WHERE ta.role = 'support') AS support,
                   list(a.name ORDER BY ta.position) FILTER (WHERE ta.role = 'responsible') AS responsible,
                   list(a.name ORDER BY ta.position) FILTER (WHERE ta.role = 'implementer') AS implementer
            FROM task_agencies ta JOIN agencies a USING (agency_id)
            WHERE ta.task_id IN (SELECT task_id FROM chosen)
            GROUP BY ta.task_id)
        SELECT c.* EXCLUDE (seq), n.lead, n.support, n.responsible, n.implementer
        FROM chosen c LEFT JOIN named n USING (task_id)
        ORDER BY c.region_id, c.seq
    """, {**task_filter(region_ids, groups, agency_ids, functions, deadline_years, deadline_filter, text, themes,
                        role, kind, indicators, task_ids), "limit": limit})


def filtered_task_counts(connection, *filters, **named_filters) -> dict[str, int]:
    """How many tasks filtered_tasks returns without a limit (`tasks`), and of those how many hold the search
    text in their own title, content, college measures or target rather than only in their group's title
    (`own_text`; all of them without a search text). Same filters as filtered_tasks."""
    counts = run(connection, """
        SELECT count(*) AS tasks,
               count(*) FILTER (WHERE $text IS NULL OR t.title ILIKE '%' || $text || '%'
                                OR t.content ILIKE '%' || $text || '%' OR t.local_measures ILIKE '%' || $text || '%'
                                OR t.local_target ILIKE '%' || $text || '%') AS own_text""" + TASK_FILTER, task_filter(*filters, **named_filters))
    return {column: int(counts[column].iloc[0]) for column in counts.columns}


def document_line_range(connection, doc_id, first, last) -> pd.DataFrame:
    """The canonical lines first..last of a document (table document_lines): line, text."""
    return run(connection, """
        SELECT line, text FROM document_lines WHERE doc_id = $doc AND line BETWEEN $first AND $last ORDER BY line
    """, {"doc": doc_id, "first": int(first), "last": int(last)})


def task_detail(connection, task_id) -> pd.DataFrame:
    return run(connection, """
        SELECT t.*, d.region_zh, d.region_en, d.source_path, d.title AS document_title
        FROM tasks t JOIN documents d USING (doc_id) WHERE t.task_id = $task_id
    """, {"task_id": task_id})


def task_responsibility(connection, task_id) -> pd.DataFrame:
    return run(connection, """
        SELECT ta.role, ta.position, a.name, ta.raw_name, a.function, a.level, a.agency_id
        FROM task_agencies ta JOIN agencies a USING (agency_id)
        WHERE ta.task_id = $task_id ORDER BY ta.role, ta.position
    """, {"task_id": task_id})


def deadline_year_range(connection) -> tuple[int, int] | None:
    frame = run(connection, "SELECT min(deadline_year) AS low, max(deadline_year) AS high FROM tasks")
    low, high = frame.iloc[0]
    return None if pd.isna(low) else (int(low), int(high))


# --- Agency load ---------------------------------------------------------------------------------------------

ROLE_SORT = "CASE {column} WHEN 'lead' THEN 0 WHEN 'support' THEN 1 WHEN 'responsible' THEN 2 ELSE 3 END"


def agency_load_rows(connection, region_id) -> pd.DataFrame:
    """agency_load of one region with each agency's name, function and level: lead, support, responsible,
    implementer, busiest first. Roles stay separate rows (never summed)."""
    return run(connection, f"""
        SELECT l.region_id, l.agency_id, a.name, a.function, a.level, l.role, l.task_count, l.task_share
        FROM agency_load l JOIN agencies a USING (agency_id)
        WHERE l.region_id = $region
        ORDER BY {ROLE_SORT.format(column="l.role")}, l.task_count DESC, a.name
    """, {"region": region_id})


def function_share_matrix(connection, role) -> pd.DataFrame:
    """function_shares of one role in every region that names an agency in that role."""
    return run(connection, """
        SELECT region_id, function, task_count, task_share FROM function_shares
        WHERE role = $role ORDER BY region_id, function
    """, {"role": role})


def region_responsibility_row(connection, region_id) -> pd.DataFrame:
    """The region's region_responsibility row with the name of its busiest lead agency."""
    return run(connection, """
        SELECT r.*, a.name AS lead_top_name
        FROM region_responsibility r LEFT JOIN agencies a ON a.agency_id = r.lead_top_agency_id
        WHERE r.region_id = $region
    """, {"region": region_id})


def co_assignment_groups(connection, region_id) -> pd.DataFrame:
    """Role groups of agency_pairs present in a region, government first, with their largest shared count."""
    return run(connection, """
        SELECT role_group, max(shared_tasks) AS max_shared FROM agency_pairs
        WHERE region_id = $region GROUP BY role_group
        ORDER BY CASE role_group WHEN 'government' THEN 0 ELSE 1 END
    """, {"region": region_id})


def co_assignment_nodes(connection, region_id, role_group) -> pd.DataFrame:
    """Agencies of a region in one role group (government = lead, support and responsible; implementer) with
    the number of distinct kind-'task' tasks naming them in that group."""
    return run(connection, """
        SELECT a.agency_id, a.name, a.function, count(DISTINCT ta.task_id) AS tasks
        FROM task_agencies ta JOIN tasks t USING (task_id) JOIN agencies a USING (agency_id)
        WHERE t.kind = 'task' AND t.region_id = $region
          AND CASE WHEN $group = 'implementer' THEN ta.role = 'implementer'
                   ELSE ta.role IN ('lead', 'support', 'responsible') END
        GROUP BY ALL ORDER BY a.function, tasks DESC, a.name
    """, {"region": region_id, "group": role_group})


def co_assignment_edges(connection, region_id, role_group, min_shared=1) -> pd.DataFrame:
    """agency_pairs of a region and role group sharing at least min_shared tasks, with both names."""
    return run(connection, """
        SELECT p.agency_id_a, a.name AS name_a, p.agency_id_b, b.name AS name_b, p.shared_tasks, p.jaccard
        FROM agency_pairs p
        JOIN agencies a ON a.agency_id = p.agency_id_a JOIN agencies b ON b.agency_id = p.agency_id_b
        WHERE p.region_id = $region AND p.role_group = $group AND p.shared_tasks >= $min_shared
        ORDER BY p.shared_tasks DESC, p.agency_id_a, p.agency_id_b
    """, {"region": region_id, "group": role_group, "min_shared": int(min_shared)})


def agency_tasks(connection, agency_id) -> pd.DataFrame:
    """The kind-'task' tasks naming one agency, one row per role (the rows behind its agency_load bars),
    with deadline and source lines."""
    return run(connection, f"""
        SELECT t.task_id, ta.role, t.task_number, t.group_title, t.content, t.deadline_text,
               t.line_start, t.line_end
        FROM (SELECT DISTINCT task_id, role FROM task_agencies WHERE agency_id = $agency) ta
        JOIN tasks t USING (task_id)
        WHERE t.kind = 'task'
        ORDER BY {ROLE_SORT.format(column="ta.role")}, t.seq
    """, {"agency": agency_id})


# --- Keyword themes ------------------------------------------------------------------------------------------

def theme_region_shares(connection, scheme) -> pd.DataFrame:
    """Every theme of a scheme × every region: kind-'task' tasks for which the theme counts (enough evidence),
    the region's task total and the share, with the codebook's labels and parents. Zeros where a region never
    has the theme."""
    return run(connection, """
        WITH region_tasks AS (
            SELECT region_id, count(*) AS region_tasks FROM tasks WHERE kind = 'task' GROUP BY region_id),
        coded AS (
            SELECT t.region_id, tt.theme, count(DISTINCT tt.task_id) AS tasks
            FROM task_themes tt JOIN tasks t USING (task_id)
            WHERE t.kind = 'task' AND tt.scheme = $scheme AND tt.counted GROUP BY ALL),
        theme_list AS (
            SELECT theme, label_zh, label_en, parent, parent_label_zh, parent_label_en
            FROM themes WHERE scheme = $scheme
            UNION ALL
            SELECT DISTINCT theme, theme, theme, NULL, NULL, NULL FROM task_themes
            WHERE scheme = $scheme AND theme NOT IN (SELECT theme FROM themes WHERE scheme = $scheme))
        SELECT r.region_id, l.theme, l.label_zh, l.label_en, l.parent, l.parent_label_zh, l.parent_label_en,
               coalesce(c.tasks, 0) AS tasks, r.region_tasks,
               coalesce(c.tasks, 0) / r.region_tasks AS share
        FROM theme_list l CROSS JOIN region_tasks r
        LEFT JOIN coded c ON c.region_id = r.region_id AND c.theme = l.theme
        ORDER BY l.parent NULLS FIRST, l.theme, r.region_id
    """, {"scheme": scheme})


def parent_region_shares(connection, scheme) -> pd.DataFrame:
    """Share of each region's kind-'task' tasks coded with at least one theme under each parent."""
    return run(connection, """
        WITH region_tasks AS (
            SELECT region_id, count(*) AS region_tasks FROM tasks WHERE kind = 'task' GROUP BY region_id)
        SELECT t.region_id, th.parent, any_value(th.parent_label_zh) AS parent_label_zh,
               any_value(th.parent_label_en) AS parent_label_en,
               count(DISTINCT tt.task_id) AS tasks, any_value(r.region_tasks) AS region_tasks,
               count(DISTINCT tt.task_id) / any_value(r.region_tasks) AS share
        FROM task_themes tt JOIN tasks t USING (task_id)
        JOIN themes th ON th.scheme = tt.scheme AND th.theme = tt.theme
        JOIN region_tasks r ON r.region_id = t.region_id
        WHERE t.kind = 'task' AND tt.scheme = $scheme AND th.parent IS NOT NULL AND tt.counted
        GROUP BY t.region_id, th.parent ORDER BY t.region_id, th.parent
    """, {"scheme": scheme})


def region_keyness_terms(connection, region_id, with_names, with_generic=False) -> pd.DataFrame:
    """region_keyness of one region (with or without place and agency names, with or without generic policy
    words), most distinctive first."""
    return run(connection, """
        SELECT term, count, count_other, z, log_odds FROM region_keyness
        WHERE region_id = $region AND with_names = $with_names AND with_generic = $with_generic
        ORDER BY z DESC, term
    """, {"region": region_id, "with_names": bool(with_names), "with_generic": bool(with_generic)})


def region_tfidf_terms(connection, region_id, with_names, limit=30, with_generic=False) -> pd.DataFrame:
    return run(connection, """
        SELECT rank, term, tfidf FROM region_tfidf
        WHERE region_id = $region AND with_names = $with_names AND with_generic = $with_generic
          AND rank <= $limit
        ORDER BY rank, term
    """, {"region": region_id, "with_names": bool(with_names), "with_generic": bool(with_generic),
          "limit": int(limit)})


KEYWORD_FILTER = """
        FROM tasks
        WHERE concat_ws(' ', title, content, local_measures, local_target) ILIKE '%' || $term || '%'
          AND ($region IS NULL OR region_id = $region)"""


def keyword_tasks(connection, term, region_id=None, limit=None) -> pd.DataFrame:
    """Tasks (any kind) whose title, content, local measures or local target contain the term (ILIKE), of one
    region or all (None); limit: the first tasks only (in region and list order), None for all."""
    return run(connection, """
        SELECT task_id, region_id, kind, title, content, local_measures, local_target, line_start, line_end
    """ + KEYWORD_FILTER + """
        ORDER BY region_id, seq
        LIMIT $limit
    """, {"term": term, "region": region_id, "limit": limit})


def keyword_counts(connection, term, region_id=None) -> dict[str, int]:
    """How many tasks keyword_tasks returns without a limit (`tasks`) and how often the term occurs in their
    four text fields (`occurrences`: case-insensitive, runs of white space read as one space, as
    analysis.themes.keyword_in_context counts them)."""
    counts = run(connection, r"""
        SELECT count(*) FILTER (WHERE found > 0) AS tasks, coalesce(sum(found), 0) AS occurrences
        FROM (SELECT list_sum([(length(flat) - length(replace(flat, lower($term), ''))) // length($term)
                               FOR flat IN [lower(regexp_replace(coalesce(field, ''), '\s+', ' ', 'g'))
                                            FOR field IN [title, content, local_measures, local_target]]])
                  AS found""" + KEYWORD_FILTER + ")", {"term": term, "region": region_id})
    return {column: int(counts[column].iloc[0]) for column in counts.columns}


def task_theme_codes(connection, scheme, task_ids=None) -> pd.DataFrame:
    """Every coded (task, theme) of a scheme with its evidence, for the table behind the charts; task_ids: of
    these tasks only (None: all)."""
    return run(connection, """
        SELECT tt.task_id, t.region_id, t.kind, tt.theme, tt.score, tt.evidence, tt.evidence_count, tt.counted
        FROM task_themes tt JOIN tasks t USING (task_id)
        WHERE tt.scheme = $scheme AND ($task_ids IS NULL OR list_contains($task_ids, tt.task_id))
        ORDER BY t.region_id, t.seq, tt.counted DESC, tt.score DESC, tt.theme
    """, {"scheme": scheme, "task_ids": list(task_ids) if task_ids is not None else None})


def topic_terms(connection) -> pd.DataFrame:
    return run(connection, "SELECT topic_id, rank, term, weight FROM topics ORDER BY topic_id, rank")


# --- Peer benchmark ------------------------------------------------------------------------------------------

def peer_sources(connection) -> pd.DataFrame:
    """The documents behind the benchmark, for the figures' source notes (issued_on may be NULL)."""
    return run(connection, """
        SELECT doc_id, region_id, region_zh, region_en, title, issued_on FROM documents ORDER BY region_id
    """)


def peer_theme_counts(connection, scheme="vet_theme") -> pd.DataFrame:
    """Every region × theme of a scheme: kind-'task' tasks coded with the theme and the region's task count
    (zero rows kept, so a theme a region never touches shows as 0)."""
    return run(connection, """
        WITH region_tasks AS (SELECT region_id, count(*) AS region_tasks FROM tasks WHERE kind = 'task'
                              GROUP BY region_id),
        coded AS (SELECT t.region_id, tt.theme, count(DISTINCT tt.task_id) AS tasks
                  FROM task_themes tt JOIN tasks t USING (task_id)
                  WHERE tt.scheme = $scheme AND t.kind = 'task' AND tt.counted GROUP BY ALL)
        SELECT r.region_id, th.theme, th.label_zh, th.label_en, coalesce(c.tasks, 0) AS tasks, r.region_tasks,
               coalesce(c.tasks, 0) / r.region_tasks AS share
        FROM region_tasks r CROSS JOIN (SELECT * FROM themes WHERE scheme = $scheme) th
        LEFT JOIN coded c ON c.region_id = r.region_id AND c.theme = th.theme
        ORDER BY th.theme, r.region_id
    """, {"scheme": scheme})


PEER_NUMBER = """CASE WHEN m.unit = '1:N' THEN '1:' || CAST(CAST(m.value AS BIGINT) AS VARCHAR)
    ELSE (CASE WHEN m.value = floor(m.value) THEN CAST(CAST(m.value AS BIGINT) AS VARCHAR)
          ELSE CAST(m.value AS VARCHAR) END) || coalesce(m.unit, '') END"""

PEER_TASK_COLUMNS = """
    {a}.task_id AS {p}task_id, {a}.task_number AS {p}task_number, {a}.content AS {p}content,
    {a}.local_measures AS {p}local_measures, {a}.local_target AS {p}local_target,
    {a}.deadline_text AS {p}deadline_text, {a}.deadline_year AS {p}deadline_year, {a}.ongoing AS {p}ongoing,
    {a}_named.agencies AS {p}agencies, {a}_named.functions AS {p}functions, {a}_numbers.numbers AS {p}numbers
"""


def peer_matched_pairs(connection, region_id, peer_id) -> pd.DataFrame:
    """My region's tasks with their best counterpart in the peer region (rank 1, above the no-counterpart
    threshold): both sides' text, deadline, lead-or-support agencies and functions, and locally committed
    numbers ('50%', '3个', '1:350'). Columns my_* and peer_*. The agencies and numbers are gathered once for
    the tasks shown (not by a subquery per task and column: half the time)."""
    mine = PEER_TASK_COLUMNS.format(a="mine", p="my_")
    peer = PEER_TASK_COLUMNS.format(a="peer", p="peer_")
    return run(connection, f"""
        WITH pairs AS (
            SELECT p.score, p.task_id, p.match_task_id FROM task_matches p JOIN tasks t USING (task_id)
            WHERE t.region_id = $region AND p.match_region_id = $peer AND p.rank = 1 AND p.above_threshold
              AND t.kind = 'task'),
        shown AS (SELECT task_id FROM pairs UNION SELECT match_task_id FROM pairs),
        named AS (
            SELECT ta.task_id, list(a.name ORDER BY ta.role, ta.position) AS agencies,
                   list(DISTINCT a.function ORDER BY a.function) AS functions
            FROM task_agencies ta JOIN agencies a USING (agency_id)
            WHERE ta.task_id IN (SELECT task_id FROM shown) AND ta.role IN ('lead', 'support', 'responsible')
            GROUP BY ta.task_id),
        numbers AS (
            SELECT m.task_id, list(DISTINCT {PEER_NUMBER}) AS numbers FROM metrics m
            WHERE m.task_id IN (SELECT task_id FROM shown) AND m.scope = 'local' GROUP BY m.task_id)
        SELECT p.score, {mine}, {peer}
        FROM pairs p
        JOIN tasks mine ON mine.task_id = p.task_id
        JOIN tasks peer ON peer.task_id = p.match_task_id
        LEFT JOIN named mine_named ON mine_named.task_id = mine.task_id
        LEFT JOIN named peer_named ON peer_named.task_id = peer.task_id
        LEFT JOIN numbers mine_numbers ON mine_numbers.task_id = mine.task_id
        LEFT JOIN numbers peer_numbers ON peer_numbers.task_id = peer.task_id
        ORDER BY mine.seq
    """, {"region": region_id, "peer": peer_id})


def peer_unmatched_tasks(connection, region_id, peer_ids) -> pd.DataFrame:
    """My region's tasks with no counterpart above the threshold in any of the given peer regions."""
    return run(connection, """
        SELECT t.task_id, t.task_number, t.content, t.deadline_text,
               max(m.score) AS best_score
        FROM tasks t JOIN task_matches m USING (task_id)
        WHERE t.region_id = $region AND t.kind = 'task' AND list_contains($peers, m.match_region_id)
        GROUP BY t.task_id, t.task_number, t.content, t.deadline_text, t.seq
        HAVING NOT bool_or(m.above_threshold)
        ORDER BY t.seq
    """, {"region": region_id, "peers": list(peer_ids)})


# --- Target metrics ---------------------------------------------------------------------------------------------

def indicator_codebook(connection) -> pd.DataFrame:
    """The indicator codebook in the order of data/indicators.yaml."""
    return run(connection, "SELECT indicator, label_zh, label_en, unit_class FROM indicators ORDER BY rowid")


METRIC_FILTER = """
        FROM metrics
        WHERE ($scopes IS NULL OR list_contains($scopes, issuer_scope))
          AND ($unit_classes IS NULL OR list_contains($unit_classes, unit_class))
          AND ($year_low IS NULL OR coalesce(target_year, 0) BETWEEN $year_low AND $year_high)
          AND ($indicators IS NULL OR list_contains($indicators, coalesce(indicator, 'unmatched')))"""


def metric_filter(scopes, unit_classes, years, indicators) -> dict:
    return {"scopes": list(scopes) if scopes else None,
            "unit_classes": list(unit_classes) if unit_classes else None,
            "year_low": int(years[0]) if years else None, "year_high": int(years[1]) if years else None,
            "indicators": list(indicators) if indicators else None}


def target_metrics(connection, scopes=None, unit_classes=None, years=None, indicators=None,
                   limit=None) -> pd.DataFrame:
    """Metrics matching every given filter; None or empty means 'no filter'. scopes: issuer scopes (region,
    institution, parent); years: (low, high) on the target year, where 0 stands for 'no target year' (so
    (0, 0) keeps only undated numbers); indicators may contain 'unmatched' for numbers without an indicator;
    limit: the first rows only (by region and metric id), None for all."""
    return run(connection, """
        SELECT metric_id, region_id, indicator, value, value_max, unit, unit_class, comparator, aspirational,
               target_year, per_period, window_years, distributed_over, issuer_scope, field, task_id, line,
               written, raw_text""" + METRIC_FILTER + """
        ORDER BY region_id, metric_id
        LIMIT $limit
    """, {**metric_filter(scopes, unit_classes, years, indicators), "limit": limit})


def target_metric_count(connection, scopes=None, unit_classes=None, years=None, indicators=None) -> int:
    """How many metrics target_metrics returns under the same filters without a limit."""
    return int(run(connection, "SELECT count(*) AS n" + METRIC_FILTER,
                   metric_filter(scopes, unit_classes, years, indicators))["n"].iloc[0])


def metric_unit_classes(connection) -> list[str]:
    """The unit classes of the stored metrics, sorted (the options of the metrics page's filter)."""
    return run(connection, "SELECT DISTINCT unit_class FROM metrics WHERE unit_class IS NOT NULL "
                           "ORDER BY unit_class")["unit_class"].tolist()


def metric_year_options(connection) -> list[int]:
    """Target years present, 0 (no target year) first."""
    frame = run(connection, "SELECT DISTINCT coalesce(target_year, 0) AS year FROM metrics ORDER BY year")
    return [int(year) for year in frame["year"]]


def indicator_mention_counts(connection) -> pd.DataFrame:
    """Per indicator and region, how many sentences mention it (with or without a number)."""
    return run(connection, """
        SELECT indicator, region_id, count(*) AS mentions FROM indicator_mentions
        GROUP BY indicator, region_id ORDER BY indicator, region_id
    """)


# --- Benchmark values: one headline per region and indicator, and its candidates -----------------------------

def peer_region_facts(connection) -> pd.DataFrame:
    """Per region what decides who its peers are: administrative level, province, issuer kind."""
    return run(connection, """
        SELECT region_id, any_value(admin_level) AS admin_level, any_value(province_zh) AS province_zh,
               any_value(issuer_kind) AS issuer_kind
        FROM documents GROUP BY region_id ORDER BY region_id
    """)


def benchmark_rows(connection, headline_only=True, metric_ids=True) -> pd.DataFrame:
    """benchmark_values with the indicator's labels, in codebook order; only the rows a cell shows unless
    headline_only is false (then the restated parent rows too). Without metric_ids, the two list columns
    (metric_ids, chosen_metric_ids) are left out: the pages' copy of thousands of regions loads 100× faster."""
    ids = ", b.metric_ids, b.chosen_metric_ids" if metric_ids else ""
    return run(connection, """
        SELECT b.region_id, b.indicator, i.label_zh, i.label_en, b.issuer_scope, b.headline, b.value,
               b.value_max, b.unit, b.comparator, b.aspirational, b.target_year, b.per, b.window_years,
               b.annual_value, b.n_candidates, b.rule""" + ids + """
        FROM benchmark_values b JOIN indicators i USING (indicator)
        WHERE b.headline OR NOT $headline_only
        ORDER BY i.rowid, b.region_id, b.issuer_scope
    """, {"headline_only": bool(headline_only)})


def headline_candidates(connection, region_id, indicator) -> pd.DataFrame:
    """The metrics a region's benchmark values for one indicator were chosen from, every issuer scope, with
    whether each is part of the chosen number, the rule, the task, and the source file and its canonical line
    (table document_lines)."""
    return run(connection, """
        SELECT b.issuer_scope AS row_scope, b.headline, b.rule, m.metric_id, m.issuer_scope, m.field,
               m.value, m.value_max, m.unit, m.comparator, m.aspirational, m.target_year, m.per_period,
               m.window_years, m.distributed_over, m.region_wide, m.written, m.raw_text, m.task_id, m.line,
               list_contains(b.chosen_metric_ids, m.metric_id) AS chosen, d.source_path,
               t.task_number, t.content, l.text AS source_line
        FROM benchmark_values b
        JOIN metrics m ON list_contains(b.metric_ids, m.metric_id)
        JOIN documents d ON d.doc_id = m.doc_id
        LEFT JOIN tasks t ON t.task_id = m.task_id
        LEFT JOIN document_lines l ON l.doc_id = m.doc_id AND l.line = m.line
        WHERE b.region_id = $region AND b.indicator = $indicator
        ORDER BY b.headline DESC, m.metric_id
    """, {"region": region_id, "indicator": indicator})


# --- Coding reliability, instrument × domain grid, co-occurrence network -----------------------------------

def coding_agreement(connection, sample="all") -> pd.DataFrame:
    """Agreement of the automatic coding with the hand-coded sample, per code with its codebook labels; the
    pooled row (code 'all') last in each scheme."""
    return run(connection, """
        SELECT a.*, th.label_zh, th.label_en, th.parent
        FROM coding_agreement a
        LEFT JOIN themes th ON th.scheme = a.scheme AND th.theme = a.code
        WHERE a.sample = $sample
        ORDER BY a.scheme DESC, a.code = 'all', a.kappa DESC NULLS LAST, a.code
    """, {"sample": sample})


def instrument_domain_grid(connection, region_id=None) -> pd.DataFrame:
    """The instrument × domain grid of one region (region_id None: the corpus), with both codebooks' labels."""
    return run(connection, """
        SELECT g.*, i.label_zh AS instrument_zh, i.label_en AS instrument_en, i.parent_label_zh,
               i.parent_label_en, d.label_zh AS domain_zh, d.label_en AS domain_en
        FROM instrument_domains g
        JOIN themes i ON i.scheme = 'policy_instrument' AND i.theme = g.instrument
        JOIN themes d ON d.scheme = 'vet_theme' AND d.theme = g.domain
        WHERE g.region_id IS NOT DISTINCT FROM $region
        ORDER BY g.parent, g.instrument, g.domain
    """, {"region": region_id})


def instrument_domain_cell_by_region(connection, instrument, domain) -> pd.DataFrame:
    """One cell of the grid in every region and the corpus (region_id NULL last): tasks, N and share."""
    return run(connection, """
        SELECT region_id, tasks, instrument_tasks, domain_tasks, region_tasks, share, instrument_share
        FROM instrument_domains WHERE instrument = $instrument AND domain = $domain
        ORDER BY region_id NULLS LAST
    """, {"instrument": instrument, "domain": domain})


def instrument_domain_cell_tasks(connection, region_id, instrument, domain) -> pd.DataFrame:
    """The tasks behind one cell (region_id None: every region), with the evidence of both codes."""
    return run(connection, """
        SELECT t.task_id, t.region_id, t.title, t.content, t.line_start, t.line_end,
               i.evidence AS instrument_evidence, d.evidence AS domain_evidence
        FROM tasks t
        JOIN task_themes i ON i.task_id = t.task_id AND i.scheme = 'policy_instrument' AND i.theme = $instrument
             AND i.counted
        JOIN task_themes d ON d.task_id = t.task_id AND d.scheme = 'vet_theme' AND d.theme = $domain AND d.counted
        WHERE t.kind = 'task' AND ($region IS NULL OR t.region_id = $region)
        ORDER BY t.region_id, t.seq
    """, {"region": region_id, "instrument": instrument, "domain": domain})


def term_network_edges(connection, region_id=None, minimum_term_tasks=2, minimum_jaccard=0.0) -> pd.DataFrame:
    """Co-occurrence pairs of one region (None: the corpus) whose two terms each occur in at least
    minimum_term_tasks tasks and whose Jaccard reaches minimum_jaccard, strongest first."""
    return run(connection, """
        SELECT term_a, term_b, tasks, tasks_a, tasks_b, region_tasks, jaccard
        FROM term_cooccurrences
        WHERE region_id IS NOT DISTINCT FROM $region AND tasks_a >= $minimum_tasks AND tasks_b >= $minimum_tasks
          AND jaccard >= $minimum_jaccard
        ORDER BY jaccard DESC, tasks DESC, term_a, term_b
    """, {"region": region_id, "minimum_tasks": int(minimum_term_tasks), "minimum_jaccard": float(minimum_jaccard)})
