"""Column types of every public table, in one place: the writer creates tables from it and a test checks
that docs/schema.md documents each table and column."""

TABLES = {
    "build_info": {"project_version": "VARCHAR", "code_fingerprint": "VARCHAR", "built_at": "TIMESTAMP"},
    "documents": {
        "doc_id": "VARCHAR PRIMARY KEY", "region_id": "VARCHAR", "region_zh": "VARCHAR", "region_en": "VARCHAR",
        "province_zh": "VARCHAR", "admin_level": "VARCHAR", "issuer": "VARCHAR", "issuer_kind": "VARCHAR",
        "title": "VARCHAR", "document_number": "VARCHAR", "issued_on": "DATE", "plan_start_year": "INTEGER",
        "plan_end_year": "INTEGER", "format": "VARCHAR", "layout": "VARCHAR", "layout_source": "VARCHAR",
        "layout_confidence": "DOUBLE", "responsibility_convention": "VARCHAR", "source_path": "VARCHAR",
        "source_sha256": "VARCHAR",
        "encoding": "VARCHAR", "description_zh": "VARCHAR",
        "description_en": "VARCHAR",
    },
    "document_lines": {"doc_id": "VARCHAR", "line": "INTEGER", "text": "VARCHAR", "source": "VARCHAR"},
    "tasks": {
        "task_id": "VARCHAR PRIMARY KEY", "doc_id": "VARCHAR", "region_id": "VARCHAR", "seq": "INTEGER",
        "task_number": "VARCHAR", "kind": "VARCHAR", "section": "VARCHAR", "group_title": "VARCHAR",
        "title": "VARCHAR", "content": "VARCHAR", "local_measures": "VARCHAR", "local_target": "VARCHAR",
        "deadline_text": "VARCHAR", "deadline_year": "INTEGER", "deadline_month": "INTEGER", "ongoing": "BOOLEAN",
        "line_start": "INTEGER", "line_end": "INTEGER",
    },
    "agencies": {
        "agency_id": "VARCHAR PRIMARY KEY", "region_id": "VARCHAR", "name": "VARCHAR", "function": "VARCHAR",
        "level": "VARCHAR", "collective": "BOOLEAN",
    },
    "task_agencies": {
        "task_id": "VARCHAR", "agency_id": "VARCHAR", "role": "VARCHAR", "raw_name": "VARCHAR",
        "position": "INTEGER",
    },
    "goals": {
        "goal_id": "VARCHAR PRIMARY KEY", "doc_id": "VARCHAR", "region_id": "VARCHAR", "section": "VARCHAR",
        "text": "VARCHAR", "line_start": "INTEGER", "line_end": "INTEGER",
    },
    "etl_warnings": {
        "doc_id": "VARCHAR", "line": "INTEGER", "stage": "VARCHAR", "code": "VARCHAR", "message": "VARCHAR",
    },
    "agency_load": {
        "region_id": "VARCHAR", "agency_id": "VARCHAR", "role": "VARCHAR", "task_count": "INTEGER",
        "task_share": "DOUBLE",
    },
    "region_responsibility": {
        "region_id": "VARCHAR PRIMARY KEY", "task_count": "INTEGER", "agencies_per_task_mean": "DOUBLE",
        "agencies_per_task_max": "INTEGER", "implementers_per_task_mean": "DOUBLE", "implementer_tasks": "INTEGER",
        "single_lead_share": "DOUBLE",
        "lead_links": "INTEGER", "support_links": "INTEGER", "lead_support_ratio": "DOUBLE",
        "lead_top_agency_id": "VARCHAR", "lead_top_share": "DOUBLE", "lead_herfindahl": "DOUBLE",
        "lead_gini": "DOUBLE", "distinct_lead_agencies": "INTEGER", "distinct_support_agencies": "INTEGER",
        "distinct_implementer_agencies": "INTEGER", "responsible_links": "INTEGER",
        "distinct_responsible_agencies": "INTEGER", "responsible_top_agency_id": "VARCHAR",
        "responsible_top_share": "DOUBLE",
    },
    "function_shares": {
        "region_id": "VARCHAR", "function": "VARCHAR", "role": "VARCHAR", "task_count": "INTEGER",
        "task_share": "DOUBLE",
    },
    "agency_pairs": {
        "region_id": "VARCHAR", "role_group": "VARCHAR", "agency_id_a": "VARCHAR", "agency_id_b": "VARCHAR",
        "shared_tasks": "INTEGER", "jaccard": "DOUBLE",
    },
    "metrics": {
        "metric_id": "VARCHAR PRIMARY KEY", "doc_id": "VARCHAR", "region_id": "VARCHAR", "task_id": "VARCHAR",
        "scope": "VARCHAR", "issuer_scope": "VARCHAR", "field": "VARCHAR", "indicator": "VARCHAR",
        "value": "DOUBLE", "value_max": "DOUBLE", "unit": "VARCHAR", "unit_class": "VARCHAR",
        "comparator": "VARCHAR", "aspirational": "BOOLEAN", "target_year": "INTEGER", "per_period": "VARCHAR",
        "window_years": "INTEGER", "distributed_over": "DOUBLE", "region_wide": "BOOLEAN", "written": "VARCHAR",
        "raw_text": "VARCHAR", "clause_id": "VARCHAR", "line": "INTEGER",
    },
    "benchmark_values": {
        "region_id": "VARCHAR", "indicator": "VARCHAR", "issuer_scope": "VARCHAR", "headline": "BOOLEAN",
        "value": "DOUBLE", "value_max": "DOUBLE", "unit": "VARCHAR", "comparator": "VARCHAR",
        "aspirational": "BOOLEAN", "target_year": "INTEGER", "per": "VARCHAR", "window_years": "INTEGER",
        "annual_value": "DOUBLE", "metric_ids": "VARCHAR[]", "chosen_metric_ids": "VARCHAR[]",
        "n_candidates": "INTEGER", "rule": "VARCHAR",
    },
    "indicator_mentions": {
        "doc_id": "VARCHAR", "region_id": "VARCHAR", "task_id": "VARCHAR", "indicator": "VARCHAR",
        "line": "INTEGER", "snippet": "VARCHAR",
    },
    "indicators": {
        "indicator": "VARCHAR PRIMARY KEY", "label_zh": "VARCHAR", "label_en": "VARCHAR", "unit_class": "VARCHAR",
        "patterns": "VARCHAR",
    },
    "task_terms": {"task_id": "VARCHAR", "term": "VARCHAR", "count": "INTEGER", "tier": "VARCHAR"},
    "region_keyness": {
        "region_id": "VARCHAR", "term": "VARCHAR", "count": "INTEGER", "count_other": "INTEGER", "z": "DOUBLE",
        "log_odds": "DOUBLE", "with_names": "BOOLEAN", "with_generic": "BOOLEAN",
    },
    "region_tfidf": {
        "region_id": "VARCHAR", "term": "VARCHAR", "tfidf": "DOUBLE", "rank": "INTEGER", "with_names": "BOOLEAN",
        "with_generic": "BOOLEAN",
    },
    "task_themes": {
        "task_id": "VARCHAR", "scheme": "VARCHAR", "theme": "VARCHAR", "score": "DOUBLE", "evidence": "VARCHAR",
        "evidence_count": "INTEGER", "counted": "BOOLEAN",
    },
    "themes": {
        "scheme": "VARCHAR", "theme": "VARCHAR", "label_zh": "VARCHAR", "label_en": "VARCHAR", "parent": "VARCHAR",
        "parent_label_zh": "VARCHAR", "parent_label_en": "VARCHAR", "terms": "VARCHAR", "patterns": "VARCHAR",
        "distinct_terms": "INTEGER", "phrase_characters": "INTEGER", "phrases": "VARCHAR",
    },
    "topics": {"topic_id": "INTEGER", "rank": "INTEGER", "term": "VARCHAR", "weight": "DOUBLE"},
    "task_topics": {"task_id": "VARCHAR", "topic_id": "INTEGER", "weight": "DOUBLE"},
    "task_matches": {
        "task_id": "VARCHAR", "match_task_id": "VARCHAR", "match_region_id": "VARCHAR", "score": "DOUBLE",
        "rank": "INTEGER", "above_threshold": "BOOLEAN", "engine": "VARCHAR",
    },
    "coding_agreement": {
        "sample": "VARCHAR", "scheme": "VARCHAR", "code": "VARCHAR", "n": "INTEGER", "hand_tasks": "INTEGER", "auto_tasks": "INTEGER",
        "both_tasks": "INTEGER", "observed_agreement": "DOUBLE", "kappa": "DOUBLE", "kappa_low": "DOUBLE",
        "kappa_high": "DOUBLE", "precision": "DOUBLE", "recall": "DOUBLE",
    },
    "instrument_domains": {
        "region_id": "VARCHAR", "parent": "VARCHAR", "instrument": "VARCHAR", "domain": "VARCHAR", "tasks": "INTEGER",
        "instrument_tasks": "INTEGER", "domain_tasks": "INTEGER", "region_tasks": "INTEGER", "share": "DOUBLE",
        "instrument_share": "DOUBLE",
    },
    "term_cooccurrences": {
        "region_id": "VARCHAR", "term_a": "VARCHAR", "term_b": "VARCHAR", "tasks": "INTEGER", "tasks_a": "INTEGER",
        "tasks_b": "INTEGER", "region_tasks": "INTEGER", "jaccard": "DOUBLE",
    },
}
