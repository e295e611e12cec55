"""The pipeline on a Dask cluster (a LocalCluster here; a real one takes its address)."""

import json
import subprocess
import sys

import pyarrow.dataset as ds
import pytest

from pipeline.runtime import tables

from conftest import ROOT
from test_batch import write_articles

pytest.importorskip("dask.distributed")


def dask_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args), "--dask", "local"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_a_local_cluster_writes_parquet_shards_and_reruns_only_what_changed(tmp_path):
    write_articles(tmp_path / "in", 70)  # two partitions of files
    lines = [
        json.dumps({"id": f"feed-{i}", "text": f"江阴市第{i}批项目集中签约\n江阴市与瑞通集团签订滨江商务综合体项目。"}, ensure_ascii=False)
        for i in range(5)
    ]
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")  # a shard of its own
    out = tmp_path / "out.parquet"
    done = dask_cli(tmp_path / "in", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "3 partition(s) of 71 file(s): 3 processed" in done.stderr
    articles = ds.dataset(out / "articles").to_table()
    assert articles.num_rows == 75 and len(set(articles.column("id").to_pylist())) == 75
    assert sorted(p.name for p in out.iterdir()) == sorted(tables.TABLES)
    projects = ds.dataset(out / "projects").to_table().to_pylist()
    assert {"滨江商务综合体项目"} <= {p["name"] for p in projects}

    again = dask_cli(tmp_path / "in", "-o", out)
    assert again.returncode == 0 and "0 processed on the cluster, 3 unchanged" in again.stderr

    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(lines[:2]), encoding="utf-8")
    changed = dask_cli(tmp_path / "in", "-o", out)
    assert changed.returncode == 0 and "1 processed on the cluster, 2 unchanged" in changed.stderr
    ids = ds.dataset(out / "articles").to_table().column("id").to_pylist()
    assert len(ids) == len(set(ids)) == 72  # the old shard of the changed file is gone
