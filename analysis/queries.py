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


def filtered_tasks(connection, region_ids=None, groups=None, agency_ids=None, functions=None,
                   deadline_years=None, deadline_filter="any", text=None) -> pd.DataFrame:
    """Tasks matching every given filter; None or empty means 'no filter'. deadline_filter: any | dated |
    ongoing | none."""
    return run(connection, """
        SELECT t.task_id, t.region_id, t.kind, t.task_number, t.group_title, t.title, t.content,
               t.local_measures, t.local_target, t.deadline_text, t.deadline_year, t.ongoing,
               t.line_start, t.line_end,
               (SELECT string_agg(a.name, '、' ORDER BY ta.position) FROM task_agencies ta
                JOIN agencies a USING (agency_id) WHERE ta.task_id = t.task_id AND ta.role = 'lead') AS lead,
               (SELECT string_agg(a.name, '、' ORDER BY ta.position) FROM task_agencies ta
                JOIN agencies a USING (agency_id) WHERE ta.task_id = t.task_id AND ta.role = 'support') AS support,
               (SELECT string_agg(a.name, '、' ORDER BY ta.position) FROM task_agencies ta
                JOIN agencies a USING (agency_id) WHERE ta.task_id = t.task_id AND ta.role = 'implementer')
                   AS implementer
        FROM tasks t
        WHERE ($regions IS NULL OR list_contains($regions, t.region_id))
          AND ($groups IS NULL OR list_contains($groups, t.group_title))
          AND ($agencies IS NULL OR EXISTS (SELECT 1 FROM task_agencies ta
                WHERE ta.task_id = t.task_id AND list_contains($agencies, ta.agency_id)))
          AND ($functions IS NULL OR EXISTS (SELECT 1 FROM task_agencies ta JOIN agencies a USING (agency_id)
                WHERE ta.task_id = t.task_id AND list_contains($functions, a.function)))
          AND ($year_from IS NULL OR t.deadline_year BETWEEN $year_from AND $year_to)
          AND ($deadline_filter = 'any'
               OR ($deadline_filter = 'dated' AND t.deadline_year IS NOT NULL)
               OR ($deadline_filter = 'ongoing' AND t.ongoing)
               OR ($deadline_filter = 'none' AND t.deadline_year IS NULL AND NOT t.ongoing))
          AND ($text IS NULL OR concat_ws(' ', t.title, t.content, t.local_measures, t.local_target,
                                          t.group_title) ILIKE '%' || $text || '%')
        ORDER BY t.region_id, t.seq
    """, {"regions": region_ids or None, "groups": groups or None, "agencies": agency_ids or None,
          "functions": functions or None,
          "year_from": deadline_years[0] if deadline_years else None,
          "year_to": deadline_years[1] if deadline_years else None,
          "deadline_filter": deadline_filter, "text": text or None})


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
