"""ETL: turns the raw task lists named in data/sources.yaml into data/policy.duckdb."""
