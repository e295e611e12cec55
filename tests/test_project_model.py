"""The projects classifier: it loads with the package, chooses among the rules' proposals, and,
trained on gold articles, generalizes to articles it was not trained on better than the rules."""

import json
from importlib import resources

import pytest

from pipeline import extract
from pipeline.tools import project_model
from pipeline.extractors import projects

from conftest import GOLD_DEV, SHARED, needs_shared

GOLD_TRAIN = SHARED / "gold" / "train"


def test_the_installed_package_holds_the_model():
    data = json.loads(resources.files("pipeline").joinpath("models/projects.json").read_text(encoding="utf-8"))
    assert 0 < data["threshold"] < 1 and len(data["weights"]) > 100
    assert project_model.shipped() is not None


def test_choose_keeps_the_likeliest_reading_of_a_stretch():
    model = project_model.Model({"bias": -1.0, "long": 3.0, "short": 2.0}, threshold=0.5)
    proposals = [
        projects.Proposal(0, 10, False, ["bias", "long"]),
        projects.Proposal(4, 10, True, ["bias", "short"]),
        projects.Proposal(12, 16, True, ["bias"]),
    ]
    assert projects.choose(proposals, model) == [(0, 10)]
    assert projects.choose(proposals, None) == [(4, 10), (12, 16)]  # without a model the rules decide


def test_using_sets_the_model_for_the_block():
    text = "总投资12亿元的青山湖智能装备制造基地项目正式开工。"
    refuse_all = project_model.Model({"bias": -10.0}, threshold=0.5)
    with project_model.using(refuse_all):
        assert extract(text).projects == []
    assert [p.name for p in extract(text).projects] == ["青山湖智能装备制造基地项目"]


@needs_shared
@pytest.mark.skipif(not GOLD_TRAIN.is_dir(), reason="no gold train set")
def test_cross_validated_classifier_beats_the_rules():
    """Five folds by article over train + dev: each fold scored with a model trained on the other four."""
    articles = project_model.labelled([GOLD_TRAIN, GOLD_DEV])
    assert sum(label == 1 for a in articles for _, label in a.proposals) > 200
    learned = project_model.cross_validate(articles, 5).summary()
    with project_model.using(None):
        from pipeline import load
        from pipeline.tools.evaluate import Evaluation
        from pipeline.stages.read import read_paths

        rules = Evaluation()
        for article in articles:
            record = load().process(next(iter(read_paths([article.path])))).model_dump(mode="json")
            rules.score_article(article.id, article.gold, record)
    assert learned["projects"]["f1"] >= rules.summary()["projects"]["f1"] + 0.05
    assert learned["projects"]["f1"] >= 0.58 and learned["project_status_acc"] >= 0.8


def test_a_gold_article_that_does_not_read_stops_training_with_its_file_and_cause(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "projects": []}), encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02 binary")
    with pytest.raises(ValueError, match=r"a\.txt: binary file"):
        project_model.labelled([tmp_path])


def test_a_training_share_is_drawn_by_article_the_same_each_time():
    articles = [project_model.Article(f"a{i:02}", {}, None, []) for i in range(40)]  # type: ignore[arg-type]
    half = project_model.training_share(articles, 0.5)
    assert len(half) == 20 and len({a.id for a in half}) == 20
    assert [a.id for a in half] == [a.id for a in project_model.training_share(list(reversed(articles)), 0.5)]
    assert {a.id for a in project_model.training_share(articles, 1.0)} == {a.id for a in articles}
    assert len(project_model.training_share(articles, 0.01)) == 1
    with pytest.raises(ValueError, match="in \\(0, 1\\]"):
        project_model.training_share(articles, 0)
