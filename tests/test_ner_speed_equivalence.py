"""The name recognizer's fast route gives what the plain one gives: features from the Doc's
arrays, remembered lookups, runs decoded together and Viterbi in plain Python, each held to a
straightforward version of the same computation."""

import numpy as np
import pytest
from spacy.strings import get_string_id

from pipeline import ner
from pipeline.stages.segment import doc_text

LABELS = ("B-LOC", "B-ORG", "B-PER", "I-LOC", "I-ORG", "I-PER", "L-LOC", "L-ORG", "L-PER", "O", "U-LOC", "U-ORG", "U-PER")


def decode_run_by_run(decoder: ner._BiluoDecoder, scores: np.ndarray) -> list[tuple[int, int, str]]:
    """Each run of unsure characters on its own: its best tags where valid, else numpy Viterbi."""
    unsure = np.flatnonzero(scores[:, decoder.outside] < decoder.SURE)
    scores = scores * decoder.weights
    entities = []
    for run in np.split(unsure, np.flatnonzero(np.diff(unsure) != 1) + 1):
        if not len(run):
            continue
        run_scores = scores[run[0] : run[-1] + 1]
        path = run_scores.argmax(axis=1)
        if not (
            np.isfinite(decoder.transitions[path[:-1], path[1:]]).all()
            and np.isfinite(decoder.can_start[path[0]] + decoder.can_end[path[-1]])
        ):
            with np.errstate(divide="ignore"):
                emissions = np.log(run_scores)
            best = decoder.can_start + emissions[0]
            back = np.zeros((len(run_scores), len(decoder.labels)), dtype=np.int64)
            for i in range(1, len(run_scores)):
                candidates = best[:, None] + decoder.transitions
                back[i] = candidates.argmax(axis=0)
                best = candidates.max(axis=0) + emissions[i]
            tags = [int((best + decoder.can_end).argmax())]
            for i in range(len(run_scores) - 1, 0, -1):
                tags.append(int(back[i, tags[-1]]))
            path = np.array(tags[::-1])
        entities += decoder._entities(path.tolist(), int(run[0]))
    return entities


def random_scores(rng: np.random.Generator, n: int) -> np.ndarray:
    """Softmax rows, some sharp and some flat, some with exact zeros (log 0 = -inf in Viterbi)."""
    logits = rng.normal(0, rng.choice([1.0, 4.0, 12.0]), size=(n, len(LABELS)))
    logits[:, LABELS.index("O")] += rng.choice([0.0, 3.0, 8.0], size=n)
    scores = np.exp(logits - logits.max(axis=1, keepdims=True))
    scores[rng.random(scores.shape) < rng.choice([0.0, 0.1, 0.8])] = 0.0
    scores[np.arange(n), scores.argmax(axis=1)] += 1e-3  # never a row of zeros
    return (scores / scores.sum(axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize("outside_weight", [1.0, 0.5])
def test_decoding_all_runs_together_equals_decoding_each_run(outside_weight):
    rng = np.random.default_rng(7)
    decoder = ner._BiluoDecoder(LABELS, outside_weight)
    for _ in range(400):
        scores = random_scores(rng, int(rng.integers(1, 60)))
        assert decoder(scores) == decode_run_by_run(decoder, scores)


def test_decoding_a_run_without_any_valid_sequence_reads_it_as_it_comes():
    # I-PER alone has all the probability: every valid reading has probability 0
    decoder = ner._BiluoDecoder(LABELS)
    scores = np.zeros((3, len(LABELS)), dtype=np.float32)
    scores[:, LABELS.index("I-PER")] = 1.0
    scores[2] = 0.0
    scores[2, LABELS.index("L-PER")] = 1.0
    assert decoder(scores) == decode_run_by_run(decoder, scores)


def test_remembered_rows_are_the_rows_a_search_finds():
    rng = np.random.default_rng(3)
    keys = np.unique(rng.integers(0, 2**63, 5000, dtype=np.uint64))
    remembered = ner._RememberedRows(keys, bits=6)  # few slots: keys keep pushing each other out
    for _ in range(50):
        wanted = np.concatenate([rng.choice(keys, 40), rng.integers(0, 2**63, 10, dtype=np.uint64), keys[:3]])
        assert np.array_equal(remembered(wanted), ner._rows_of(keys, wanted))


def test_characters_hash_as_strings_do():
    table = ner._CharacterTable(np.zeros(0, dtype=np.uint64))
    text = "中美 两国在北京签约。A\u3000😀中"
    hashes, rows = table(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
    assert hashes.tolist() == [get_string_id(c) for c in text] and not rows.any()


def chunks_of_words(doc) -> list[tuple[int, list[str]]]:
    """(offset, words) of each chunk: whole sentences up to MAX_CHUNK characters, a longer one cut
    between words; the spaces between tokens are words of their own."""
    text = doc_text(doc)
    bounds = np.array([(t.idx, len(t.text), t.is_sent_start) for t in doc], dtype=np.int64)
    cuts = np.unique(np.concatenate([bounds[:, 0], bounds[:, 0] + bounds[:, 1], [0, len(text)]]))
    sentence_starts = set(bounds[bounds[:, 2] == 1, 0].tolist())
    chunks, offset, words = [], 0, []
    for start, end in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        if words and end - offset > ner.MAX_CHUNK and (start in sentence_starts or start - offset >= ner.MAX_CHUNK):
            chunks.append((offset, words))
            offset, words = start, []
        words.append(text[start:end])
    return chunks + [(offset, words)]


def plain_route(doc) -> list[tuple[int, int, str]]:
    """Entities from each chunk's words as strings, through `char_features` and the forward pass
    looking the pretrained vectors up itself, decoded run by run."""
    nlp = ner.load_model()
    tagger = nlp.get_pipe("ner")
    decoder = ner._BiluoDecoder.for_labels(tagger.labels, tagger.cfg.get("outside_weight", 1.0))
    entities = []
    for offset, words in chunks_of_words(doc):
        scores = ner._forward(nlp)([ner.char_features(words)])[0]
        entities += [(offset + s, offset + e, label) for s, e, label in decode_run_by_run(decoder, scores)]
    return entities


def doc_before_entities(nlp, text: str):
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:
        if name == ner.ENTITIES:
            break
        doc = component(doc)
    return doc


def test_the_fast_route_finds_what_the_plain_route_finds(nlp_pipeline):
    sentence = "国务院总理李克强在北京会见了马拉维总统穆塔里卡，中美两国  签署了合作协议。"
    texts = [sentence, sentence * 150, "格力电器 在 重庆两江新区举行开工仪式", "一"]
    for text in texts:
        doc = doc_before_entities(nlp_pipeline.nlp, text)
        found = ner.find_entities(doc).user_data[ner.ENTITIES]
        assert found == plain_route(doc)
        assert found or len(text) < 5
    assert len(chunks_of_words(doc_before_entities(nlp_pipeline.nlp, texts[1]))) > 2  # chunks, and spaces
