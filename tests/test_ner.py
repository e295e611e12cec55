"""The name recognizer: its features, its decoding, the corpus readers and the shipped model."""

import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import spacy

from pipeline import ner
from pipeline.tools import train

from conftest import ROOT, SHARED, needs_shared


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("zh").vocab


def test_char_doc_has_one_token_and_one_feature_row_per_character(vocab):
    words = ["中美", "两国", "在", "北京", " ", "签约"]
    doc = ner.char_doc(vocab, words)
    features = doc.user_data[ner.FEATURES]
    assert [t.text for t in doc] == list("".join(words))
    assert features.shape == (len(doc), len(ner.FEATURE_NAMES)) and features.dtype == np.uint64
    word, word_and_place = ner.FEATURE_NAMES.index("word"), ner.FEATURE_NAMES.index("word and place")
    assert features[0, word] == features[1, word] != features[2, word]  # 中 and 美 share 中美
    assert features[0, word_and_place] != features[1, word_and_place]  # one begins it, one ends it


def test_the_same_words_always_give_the_same_features(vocab):
    # features are hashes of strings, stable across processes (no Python hash randomization)
    first = ner.char_doc(vocab, ["国家", "发改委"]).user_data[ner.FEATURES]
    code = (
        "import spacy, sys; from pipeline import ner; "
        "sys.stdout.write(ner.char_doc(spacy.blank('zh').vocab, ['国家', '发改委']).user_data[ner.FEATURES].tobytes().hex())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "123"}
    ).stdout
    assert first.tobytes().hex() == other


def test_an_empty_text_has_no_tokens(vocab):
    assert len(ner.char_doc(vocab, [])) == 0


def test_pretrained_vectors_are_found_by_the_keys_the_features_give(vocab, tmp_path):
    # the table is keyed at training time from strings, at run time from feature hashes
    pytest.importorskip("gensim")
    sentences = ["中美两国在北京签约", "两国在上海签约合作项目", "北京和上海签约"] * 20
    path = tmp_path / "vectors.npz"
    counts = train.build_vectors(sentences, path, width=8, workers=1)
    assert counts["char"] > 5 and counts["bigram"] > 5 and counts["word"] > 3
    with np.load(path) as data:
        keys, table = data["keys"], data["vectors"]
    assert (np.diff(keys.astype(np.float64)) > 0).all() and table.shape == (len(keys), 8)
    layer = ner._pretrained_vectors(str(path), 8)
    layer.initialize()
    features = ner.char_doc(vocab, ["北京", "签约", "冥王星"]).user_data[ner.FEATURES]
    found = layer.predict(features).reshape(len(features), len(ner.VECTOR_FEATURES), 8)
    row = {int(k): i for i, k in enumerate(keys)}
    assert np.allclose(found[0, 0], table[row[ner.char_key("北")]])
    assert np.allclose(found[0, 1], table[row[ner.bigram_key("北京")]])
    assert np.allclose(found[1, 3], table[row[ner.word_key("北京")]])
    assert not found[4:].any()  # 冥王星 was never seen: zeros, no error
    # the table travels with the model and training leaves it as it is
    copy = ner._pretrained_vectors(None, 8)
    copy.from_bytes(layer.to_bytes())
    assert np.array_equal(copy.predict(features), layer.predict(features))
    _, backprop = layer.begin_update(features)
    backprop(np.ones((len(features), 8 * len(ner.VECTOR_FEATURES)), dtype=np.float32))
    assert not layer.has_grad("V")


def test_the_numpy_forward_pass_gives_what_the_trained_network_gives():
    nlp = ner.load_model()
    words = [
        ["格力电器", "在", "重庆", "两江新区", "举行", "开工", "仪式", "。"],
        ["市长", "李四", "会见", "了", "马拉维", "客人"] * 30,
        ["一"],
    ]
    features = [ner.char_features(w) for w in words]
    fast = ner._forward(nlp)(features)
    slow = nlp.get_pipe("ner").model.layers[-1].predict(nlp.get_pipe("tok2vec").model.predict(features))
    for a, b in zip(fast, slow):
        assert a.shape == b.shape and np.abs(a - b).max() < 1e-5


LABELS = ("B-ORG", "B-PER", "I-ORG", "I-PER", "L-ORG", "L-PER", "O", "U-ORG", "U-PER")


def scores_for(tags, sure=0.9):
    """Probabilities putting `sure` on each given tag, the rest spread evenly."""
    out = np.full((len(tags), len(LABELS)), (1 - sure) / (len(LABELS) - 1))
    for i, tag in enumerate(tags):
        out[i, LABELS.index(tag)] = sure
    return out


@pytest.mark.parametrize(
    "tags, entities",
    [
        (["O", "B-PER", "I-PER", "L-PER", "O"], [(1, 4, "PER")]),
        (["U-ORG", "O", "U-PER"], [(0, 1, "ORG"), (2, 3, "PER")]),
        (["O", "O", "O"], []),
    ],
)
def test_decoding_reads_valid_tag_sequences_as_they_are(tags, entities):
    decode = ner._BiluoDecoder(LABELS)
    assert decode(scores_for(tags)) == entities


def test_decoding_repairs_a_sequence_the_biluo_grammar_forbids():
    # best tags B-ORG I-ORG L-PER: an entity cannot change label midway; the best valid reading
    # keeps one label throughout
    scores = scores_for(["B-ORG", "I-ORG", "L-ORG"])
    scores[2] = scores_for(["L-PER"], sure=0.5)[0]
    scores[2, LABELS.index("L-ORG")] = 0.45
    assert ner._BiluoDecoder(LABELS)(scores) == [(0, 3, "ORG")]


@pytest.mark.parametrize(
    "tags, entities",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),  # BIO
        (["B_nt", "M_nt", "E_nt", "O", "S_nr"], [(0, 3, "ORG"), (4, 5, "PER")]),  # BMES, People's Daily
        (["B-NAME", "E-NAME", "B-TITLE", "E-TITLE"], [(0, 2, "PER")]),  # Resume: titles are not kept
    ],
)
def test_corpus_tags_become_entities(tags, entities):
    labels = {**train.MSRA_LABELS, **train.PEOPLES_DAILY_LABELS, **train.RESUME_LABELS}
    assert train._spans_from_tags(tags, labels) == entities


def test_scores_count_exact_spans_by_label():
    gold = [[(0, 2, "PER"), (3, 5, "ORG")]]
    found = [[(0, 2, "PER"), (3, 6, "ORG")]]
    scores = train.score(gold, found)
    assert scores["PER"]["f"] == 1.0 and scores["ORG"]["f"] == 0.0 and scores["micro"]["f"] == 0.5


def test_the_model_ships_with_its_meta_and_within_60_mb():
    meta = json.loads((ner.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["config_sha256"] == hashlib.sha256(train.CONFIG.read_bytes()).hexdigest()
    assert [source["name"] for source in meta["sources"]]
    assert meta["scores_by_corpus"]["msra_test"]["micro"]["f"] >= 0.86
    size = sum(f.stat().st_size for f in ner.MODEL_DIR.rglob("*") if f.is_file())
    assert size <= 60 * 1024 * 1024


def test_the_model_loads_with_no_network():
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse\n"
        "from pipeline import extract\n"
        "print([p.name for p in extract('市委书记张三会见了客人。').persons])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "张三" in done.stdout


@needs_shared
def test_the_shipped_model_scores_on_msra_test_what_its_meta_says():
    sentences = train.msra_test(SHARED / "data")
    scores = train.evaluate(ner.load_model(), sentences)
    meta = ner.load_model().meta["scores_by_corpus"]["msra_test"]
    counts = ("tp", "fp", "fn")
    assert [scores["micro"][k] for k in counts] == [meta["micro"][k] for k in counts]
    assert scores["micro"]["f"] >= 0.88


def test_the_installed_package_holds_the_model_and_its_config():
    from importlib import metadata

    try:
        dist = metadata.distribution("cn-gov-news-pipeline")
    except metadata.PackageNotFoundError:
        pytest.skip("the project is not installed")
    direct = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct.get("dir_info", {}).get("editable"):
        pytest.skip("installed in editable mode: the checkout is the package")
    installed = {str(f) for f in dist.files or []}
    checkout_model = ROOT / "pipeline" / "models" / "ner"
    shipped = {str(f.relative_to(ROOT)) for f in checkout_model.rglob("*") if f.is_file()}
    assert shipped and shipped <= installed, shipped - installed
    assert "pipeline/ner/ner.cfg" in installed
