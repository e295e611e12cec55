"""Tools around the pipeline, each a command of its own (`python -m pipeline.tools.NAME`, or the
short `python -m pipeline.NAME`): `train` rebuilds the name recognizer, `project_model` fits the
projects classifier, `evaluate` scores records against gold annotations, `bench` times the
stages, and `review` writes a page per record with its mentions highlighted (`--html`)."""
