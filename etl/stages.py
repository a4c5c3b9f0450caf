"""The analysis stages that run after parsing, in order. Each takes the tables built so far and returns new
tables; heavy work (jieba, scikit-learn) happens here so the pages only read."""

import pandas as pd

from etl import agency_load, keyness, matching, metrics, terms, themes, topics


def agency_load_stage(tables) -> dict:
    tasks, agencies, links = tables["tasks"], tables["agencies"], tables["task_agencies"]
    return {
        "agency_load": agency_load.agency_load(tasks, agencies, links),
        "region_responsibility": agency_load.region_responsibility(tasks, links),
        "function_shares": agency_load.function_shares(tasks, agencies, links),
        "agency_pairs": agency_load.agency_pairs(tasks, links),
    }


def metrics_stage(tables) -> dict:
    """Numeric commitments from tasks and goal paragraphs, aligned to the indicator codebook."""
    indicators = metrics.load_indicators()
    units = tables["text_units"]
    codebook = pd.DataFrame([{"indicator": entry["key"], "label_zh": entry["label_zh"],
                              "label_en": entry["label_en"],
                              "unit_class": "|".join(metrics.as_list(entry["unit_class"])),
                              "patterns": "|".join(metrics.as_list(entry.get("patterns")))}
                             for entry in indicators])
    return {
        "metrics": metrics.extract_metrics(units, indicators),
        "indicator_mentions": metrics.indicator_mentions(units, indicators),
        "indicators": codebook,
    }


def themes_stage(tables) -> dict:
    """Tokens (jieba with the domain dictionary), distinctive terms, coded themes and NMF topics."""
    tasks = tables["tasks"]
    tokenizer = terms.build_tokenizer(tuple(tables["agencies"]["name"]))
    task_terms = terms.task_terms(tasks, tokenizer)
    with_region = task_terms.merge(tasks[["task_id", "region_id"]], on="task_id")
    region_keyness = pd.concat([keyness.region_keyness(with_region, names).assign(with_names=names)
                                for names in (False, True)], ignore_index=True)
    region_tfidf = pd.concat([keyness.region_tfidf(with_region, names).assign(with_names=names)
                              for names in (False, True)], ignore_index=True)
    codebook = themes.load_codebook(themes.THEMES_PATH) | themes.load_codebook(themes.POLICY_INSTRUMENTS_PATH)
    task_themes = pd.concat([themes.code_themes(tasks, tokenizer, codebook, scheme) for scheme in codebook],
                            ignore_index=True)
    topic_terms, task_topics = topics.fit_topics(task_terms)
    return {
        "task_terms": task_terms, "region_keyness": region_keyness, "region_tfidf": region_tfidf,
        "task_themes": task_themes, "themes": themes.codebook_table(codebook), "topics": topic_terms,
        "task_topics": task_topics, "task_matches": matching.task_matches(tasks, tokenizer),
    }


STAGES: list = [
    ("metrics", metrics_stage),
    ("agency load", agency_load_stage),
    ("themes", themes_stage),
]
