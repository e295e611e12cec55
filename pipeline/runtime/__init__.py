"""Running the stages: `core` composes them into the `Pipeline`, `batch` runs it over many
articles on one core or many, `sinks` writes the records (JSON Lines, Parquet, DuckDB) with
`tables` as their flat form, and `distributed` runs the same stages on a Dask cluster."""
