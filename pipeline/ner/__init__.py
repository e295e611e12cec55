"""The project's statistical name recognizer: a spaCy NER model over characters.

The model reads one token per character, so an entity may start or end anywhere (中美 holds two
places; jieba keeps it one word). Each character also carries what jieba knows about the words
around it, which is what a character alone lacks (`FEATURES`, kept in `doc.user_data`): the
character, the bigrams it begins and ends, the word it sits in, that word with the character's
place in it (begin, middle, end, single), the word's part of speech in jieba's dictionary (nr
person, ns place, nt organization …; "?" for words jieba found by itself) with that place, and
the words before and after.

A tagger gives every character a BILUO tag at once and the best tag sequence the BILUO grammar
allows becomes the entities: several times faster than spaCy's transition-based NER, whose loop
over states costs more than the network on narrow models.

The pipeline has already cut the article with jieba, so `char_doc` takes those words; the
tokenizer registered here cuts with the same jieba for training and for `spacy.load`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, Sequence, cast

import jieba
import numpy as np
import spacy
from numpy import matmul as numpy_matmul
from spacy.attrs import IDX, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.pipeline import Tagger
from spacy.vocab import Vocab

from ..language import dictionary
from ..stages.segment import declare_kind, doc_text, jieba_words
from thinc.api import Dropout, Embed, LayerNorm, Linear, Maxout, Model, add, chain, list2ragged, ragged2list, residual, with_array
from thinc.api import NumpyOps
from thinc.types import Floats2d, Ints2d

jieba.setLogLevel(logging.WARNING)

MODEL_DIR = Path(__file__).parent.parent / "models" / "ner"
LABELS = ("PER", "LOC", "ORG")

FEATURES = "char_features"  # doc.user_data key: uint64 array, one row per character
FEATURE_NAMES = (
    "char",
    "next bigram",
    "previous bigram",
    "word",
    "word and place",
    "part of speech and place",
    "previous word",
    "next word",
)
_BEGIN, _MIDDLE, _END, _SINGLE = 1, 2, 3, 4
_MIX = np.uint64(1_000_003)  # odd multiplier mixing two hashes into one feature


@lru_cache(maxsize=1)
def _word_flags() -> dict:
    """jieba's dictionary word → hash of its part-of-speech flag."""
    word_tags = dictionary.load().flags
    flags = {flag: get_string_id("flag=" + flag) for flag in set(word_tags.values())}
    return {word: flags[flag] for word, flag in word_tags.items()}


_UNKNOWN_FLAG = get_string_id("flag=?")


_WORD_HASHES: dict[str, tuple[int, int]] = {}  # word → (its hash, its flag's hash), as met
MAX_CACHED_WORDS = 200_000


def _word_hashes(word: str) -> tuple[int, int]:
    pair = (get_string_id(word), _word_flags().get(word, _UNKNOWN_FLAG))
    if len(_WORD_HASHES) >= MAX_CACHED_WORDS:  # a corpus keeps bringing new names and numbers
        _WORD_HASHES.clear()
    _WORD_HASHES[word] = pair
    return pair


def char_doc(vocab: Vocab, words: Sequence[str]) -> Doc:
    """One token per character of the words, with `FEATURES` in doc.user_data."""
    words = [word for word in words if word]
    chars = list("".join(words))
    doc = Doc(vocab, words=chars, spaces=[False] * len(chars))
    doc.user_data[FEATURES] = char_features(words, doc.to_array(ORTH))
    return doc


def char_features(words: Sequence[str], orth: Optional[np.ndarray] = None) -> np.ndarray:
    """The `FEATURES` of every character of the words (words given without empty strings).

    `orth` holds the characters' hashes where a Doc of them exists already."""
    if orth is None:
        orth = np.fromiter(map(get_string_id, "".join(words)), dtype=np.uint64)
    if not len(orth):
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.uint64)
    known = _WORD_HASHES
    pairs = [known.get(word) or _word_hashes(word) for word in words]
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    word_ids = np.fromiter((pair[0] for pair in pairs), dtype=np.uint64, count=len(words))
    flag_ids = np.fromiter((pair[1] for pair in pairs), dtype=np.uint64, count=len(words))
    return _stack_features(orth, lengths, word_ids, flag_ids)


def _stack_features(orth: np.ndarray, lengths: np.ndarray, word_ids: np.ndarray, flag_ids: np.ndarray) -> np.ndarray:
    """`FEATURES` from the characters' hashes and each word's length, hash and flag's hash."""
    ends = np.cumsum(lengths)
    starts = ends - lengths
    position = np.full(len(orth), _MIDDLE, dtype=np.uint64)
    position[ends - 1] = _END
    position[starts] = _BEGIN
    position[starts[lengths == 1]] = _SINGLE
    edge = np.zeros(1, dtype=np.uint64)
    following = np.concatenate([orth[1:], edge])
    preceding = np.concatenate([edge, orth[:-1]])
    word = np.repeat(word_ids, lengths)
    with np.errstate(over="ignore"):  # hashes wrap around in uint64 on purpose
        return np.stack(
            [
                orth,
                orth * _MIX ^ following,
                preceding * _MIX ^ orth,
                word,
                word * _MIX ^ position,
                np.repeat(flag_ids, lengths) * _MIX ^ position,
                np.repeat(np.concatenate([edge, word_ids[:-1]]), lengths),
                np.repeat(np.concatenate([word_ids[1:], edge]), lengths),
            ],
            axis=1,
        )


class CharWordTokenizer:
    """Text → `char_doc`, cutting words with jieba as the pipeline does."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return char_doc(self.vocab, list(jieba_words(text)))

    # spaCy saves and loads a tokenizer with the model; this one has no state of its own
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharWordTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        Path(path).write_bytes(b"")

    def from_disk(self, path, **kwargs) -> "CharWordTokenizer":
        return self


@registry.tokenizers("pipeline.CharWordTokenizer.v1")
def create_char_word_tokenizer() -> Callable[[Language], CharWordTokenizer]:
    return lambda nlp: CharWordTokenizer(nlp.vocab)


@registry.architectures("pipeline.CharFeatureEmbed.v1")
def char_feature_embed(width: int, rows: list[int], vectors: Optional[str] = None, vector_width: int = 0) -> Model[list, list[Floats2d]]:
    """One embedding table per feature, looked up at the feature's hash modulo its rows, summed
    and normalized; with `vectors`, pretrained vectors of the character, its bigrams and its
    word are projected and added too.

    spaCy's MultiHashEmbed reads token attributes, hashes each into four rows and mixes the
    concatenated embeddings with a three-piece maxout layer: most of the cost of a narrow model
    over characters. The features here are hashes already; one row each, and the encoder above
    does the mixing.
    """
    if len(rows) != len(FEATURE_NAMES):
        raise ValueError(f"one row count per feature ({', '.join(FEATURE_NAMES)}), got {rows}")
    embeddings: list[Model] = [chain(_feature_rows(column, n_rows), Embed(width, n_rows)) for column, n_rows in enumerate(rows)]
    if vector_width:
        embeddings.append(chain(_pretrained_vectors(vectors, vector_width), Linear(width, vector_width * len(VECTOR_FEATURES))))
    return chain(
        Model("char_features", _read_features), list2ragged(), with_array(chain(add(*embeddings), LayerNorm(width))), ragged2list()
    )


# --- pretrained vectors -----------------------------------------------------------------------
# Vectors learnt from unlabeled news (`python -m pipeline.train` builds them with word2vec)
# know characters, bigrams and words the labeled corpora never show, 马拉维 beside 赞比亚; the
# model reads them frozen, so a name it never saw in training keeps its neighbours.

VECTOR_FEATURES = (0, 1, 2, 3)  # columns of FEATURES: char, next bigram, previous bigram, word
_WORD_SPACE = np.uint64(0x9E3779B97F4A7C15)  # a word's key apart from its character's (一)


def char_key(char: str) -> int:
    return get_string_id(char)


def bigram_key(bigram: str) -> int:
    with np.errstate(over="ignore"):
        return int(np.uint64(get_string_id(bigram[0])) * _MIX ^ np.uint64(get_string_id(bigram[1])))


def word_key(word: str) -> int:
    return int(np.uint64(get_string_id(word)) ^ _WORD_SPACE)


def vector_keys(features: np.ndarray) -> np.ndarray:
    """The keys of the pretrained vectors each character reads, one column per VECTOR_FEATURES."""
    keys = features[:, list(VECTOR_FEATURES)]
    keys[:, 3] ^= _WORD_SPACE
    return keys


def _rows_of(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Rows of the wanted keys in the sorted `keys`; len(keys), the zero row, where absent."""
    # searched in increasing order, each search starts from where the last one ended and
    # walks a path mostly in cache: a third faster
    order = np.argsort(wanted, axis=None)
    rows = np.empty(wanted.shape, dtype=np.int64)
    rows.flat[order] = np.searchsorted(keys, wanted.flat[order])
    if len(keys):
        rows[keys[np.minimum(rows, len(keys) - 1)] != wanted] = len(keys)
    return rows


def _pretrained_vectors(path: Optional[str], width: int) -> Model:
    """Feature rows → their pretrained vectors side by side (zeros for an unknown key).

    The table (param V) and its sorted keys (attr) are read from `path`, a .npz of `keys` and
    `vectors`, when the model is initialized, and travel with the model; training leaves them as
    they are."""

    def init(model: Model, X=None, Y=None) -> None:
        keys, table = np.zeros(0, dtype=np.uint64), np.zeros((0, width), dtype=np.float32)
        if path:
            with np.load(path) as data:
                keys, table = data["keys"], data["vectors"]
            if table.shape[1] != width:
                raise ValueError(f"{path}: vectors of width {table.shape[1]}, the config says {width}")
        model.attrs["keys"] = keys
        model.set_param("V", cast(Floats2d, np.vstack([table, np.zeros((1, width), dtype=np.float32)])))

    def forward(model: Model, features, is_train: bool):
        keys, table = model.attrs["keys"], model.get_param("V")
        wanted = vector_keys(features)
        rows = np.empty(wanted.shape, dtype=np.int64)
        rows[:, [0, 1, 3]] = _rows_of(keys, wanted[:, [0, 1, 3]])
        rows[:, 2] = _previous_bigram_rows(keys, wanted[:, 1], wanted[:, 2], rows[:, 1])
        # np.take gathers rows many times faster than indexing with a 2-d array
        return np.take(cast(np.ndarray, table), rows.ravel(), axis=0).reshape(len(features), -1), lambda d_vectors: features

    return Model(
        "pretrained_vectors",
        forward,
        init=init,
        params={"V": None},
        attrs={"keys": np.zeros(0, dtype=np.uint64)},
        dims={"nO": width * len(VECTOR_FEATURES)},
    )


@registry.architectures("pipeline.DilatedWindowEncoder.v1")
def dilated_window_encoder(width: int, dilations: list[int], maxout_pieces: int) -> Model[list[Floats2d], list[Floats2d]]:
    """Residual maxout layers, each over a character and its neighbours `dilation` away.

    Dilations 1, 2, 4 see seven characters to each side for the cost of spaCy's window
    encoder seeing three (iterated dilated convolutions, Strubell et al. 2017): the context a
    long name needs (中国致公党第十一次全国代表大会), at the speed of a narrow network."""
    layers = [
        residual(
            chain(_dilated_window(d), Maxout(width, width * 3, nP=maxout_pieces, normalize=True), Dropout(0.0))
        )  # the rate is training.dropout
        for d in dilations
    ]
    model: Model[list[Floats2d], list[Floats2d]] = with_array(chain(*layers), pad=sum(dilations))
    model.set_dim("nO", width)
    return model


def _dilated_window(dilation: int) -> Model[Floats2d, Floats2d]:
    """Each row beside the rows `dilation` before and after it (zeros past the ends)."""

    def forward(model: Model, X: Floats2d, is_train: bool):
        n, width = X.shape
        Y = model.ops.alloc2f(n, width * 3)
        Y[:, width : 2 * width] = X
        if n > dilation:
            Y[dilation:, :width] = X[:-dilation]
            Y[:-dilation, 2 * width :] = X[dilation:]

        def backprop(dY: Floats2d) -> Floats2d:
            dX = dY[:, width : 2 * width].copy()
            if n > dilation:
                dX[:-dilation] += dY[dilation:, :width]
                dX[dilation:] += dY[:-dilation, 2 * width :]
            return dX

        return Y, backprop

    return Model(f"dilated_window_{dilation}", forward)


def _read_features(model: Model, docs: list, is_train: bool):
    """Each Doc's FEATURES; a feature array itself passes as it is (`entities` skips the Doc)."""
    arrays = [doc if isinstance(doc, np.ndarray) else doc.user_data[FEATURES] for doc in docs]
    return [model.ops.asarray2i(cast(Ints2d, a), dtype="uint64") for a in arrays], lambda d_features: []


def _feature_rows(column: int, n_rows: int) -> Model:
    def forward(model: Model, features, is_train: bool):
        return features[:, column] % np.uint64(n_rows), lambda d_rows: features

    return Model(f"feature_rows_{column}", forward)


@Language.factory(
    "biluo_ner",
    default_config={
        "model": None,
        "overwrite": False,
        "label_smoothing": 0.0,
        "neg_prefix": "!",
        "scorer": {"@scorers": "spacy.ner_scorer.v1"},
    },
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_biluo_ner(
    nlp: Language, name: str, model: Model, overwrite: bool, label_smoothing: float, neg_prefix: str, scorer: Callable
) -> "BiluoTagger":
    return BiluoTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix, label_smoothing=label_smoothing)


class BiluoTagger(Tagger):
    """Named entities by tagging each character B, I, L, U or O with a label (B-ORG, U-PER …).

    It trains as spaCy's tagger does, on the reference's TAG (the BILUO tags of its entities);
    it predicts the best tag sequence the BILUO grammar allows and writes it to `doc.ents`.
    """

    def _scores2guesses(self, scores):
        return [self.model.ops.to_numpy(doc_scores) for doc_scores in scores]

    def set_annotations(self, docs, batch_scores) -> None:
        decode = _BiluoDecoder.for_labels(self.labels, self.cfg.get("outside_weight", 1.0))
        for doc, scores in zip(docs, batch_scores):
            doc.ents = [Span(doc, start, end, label=label) for start, end, label in decode(scores)]


class _BiluoDecoder:
    """The most probable tag sequence that is valid BILUO, found where the tags are unsure.

    Characters whose best tag is O with probability above SURE are outside any entity; the
    runs between them are decoded by Viterbi over the allowed transitions. The runs of a chunk
    are read together: a Python loop over an article's few hundred runs took a sixth of the
    time of the whole stage."""

    SURE = 0.98

    @classmethod
    @lru_cache(maxsize=8)
    def for_labels(cls, labels: tuple[str, ...], outside_weight: float = 1.0) -> "_BiluoDecoder":
        return cls(labels, outside_weight)

    def __init__(self, labels: Sequence[str], outside_weight: float = 1.0) -> None:
        self.labels = list(labels)
        self.outside = self.labels.index("O")
        # the tagger is surer of O than it should be (its precision runs above its recall): O's
        # probability is scaled by this weight, tuned on held-out sentences after training
        self.weights = np.ones(len(self.labels))
        self.weights[self.outside] = outside_weight
        parts = [(tag[0], tag[2:]) for tag in self.labels]
        closed = ("L", "U", "O")  # after these, a new entity or O may follow

        def allowed(a, b) -> bool:
            if a[0] in closed:
                return b[0] in ("B", "U", "O")
            return b[0] in ("I", "L") and b[1] == a[1]

        self.transitions = np.array([[0.0 if allowed(a, b) else -np.inf for b in parts] for a in parts])
        self.can_start = np.array([0.0 if p[0] in ("B", "U", "O") else -np.inf for p in parts])
        self.can_end = np.array([0.0 if p[0] in closed else -np.inf for p in parts])
        # the same grammar as booleans, and what each tag does, to read all runs at once
        self.allowed, self.may_start, self.may_end = (np.isfinite(self.transitions), np.isfinite(self.can_start), np.isfinite(self.can_end))
        self.opens = np.array([p[0] in ("B", "U") for p in parts])
        self.closes = np.array([p[0] in ("L", "U") for p in parts])
        self.entity_labels = np.array([p[1] for p in parts], dtype=object)
        # for `_best_valid_path`: the tags each tag may follow, and the tags that follow the same
        self.predecessor_groups: dict[tuple[int, ...], list[int]] = {}
        for tag in range(len(parts)):
            predecessors = tuple(np.flatnonzero(self.allowed[:, tag]).tolist())
            self.predecessor_groups.setdefault(predecessors, []).append(tag)

    def __call__(self, scores: np.ndarray) -> list[tuple[int, int, str]]:
        if not len(scores):
            return []
        unsure = np.flatnonzero(scores[:, self.outside] < self.SURE)
        if not len(unsure):
            return []
        scores = scores[unsure] * self.weights  # rows of the runs, one after another
        breaks = np.flatnonzero(np.diff(unsure) != 1) + 1
        firsts = np.concatenate([[0], breaks])  # each run's rows: firsts[i] up to ends[i]
        ends = np.concatenate([breaks, [len(unsure)]])
        # the best tag of each character, where they make a valid sequence, is the best sequence
        path = scores.argmax(axis=1)
        invalid = self._invalid_runs(path, firsts, ends)
        if invalid:
            in_invalid = np.zeros(len(scores), dtype=bool)
            for first, end in invalid:
                in_invalid[first:end] = True
            with np.errstate(divide="ignore"):
                emissions = np.log(scores[in_invalid]).tolist()
            all_valid, at = True, 0
            for first, end in invalid:
                repaired, valid = self._best_valid_path(emissions[at : at + end - first])
                path[first:end] = repaired
                all_valid &= valid
                at += end - first
            if not all_valid:  # a run where every valid sequence holds a tag of probability 0: as it was
                return [
                    entity
                    for first, end in zip(firsts.tolist(), ends.tolist())
                    for entity in self._entities(path[first:end].tolist(), int(unsure[first]))
                ]
        # in valid sequences each B or U opens the entity the next L or U closes
        closing = np.flatnonzero(self.closes[path])
        return list(zip(unsure[self.opens[path]].tolist(), (unsure[closing] + 1).tolist(), self.entity_labels[path[closing]].tolist()))

    def _invalid_runs(self, path: np.ndarray, firsts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
        """(first, end) of the runs whose tags in `path` the BILUO grammar forbids."""
        step_allowed = self.allowed[path[:-1], path[1:]]
        step_allowed[ends[:-1] - 1] = True  # from the end of one run to the next is no step
        invalid = ~(self.may_start[path[firsts]] & self.may_end[path[ends - 1]])
        invalid[np.searchsorted(firsts, np.flatnonzero(~step_allowed), side="right") - 1] = True
        return list(zip(firsts[invalid].tolist(), ends[invalid].tolist()))

    def _best_valid_path(self, emissions: list[list[float]]) -> tuple[list[int], bool]:
        """Viterbi over the allowed transitions (each 0 or -inf), given the log probabilities
        of a run's tags; and whether the path is valid, which it is not where every valid path
        has probability 0. In plain Python: runs are a few characters long, and a few numpy calls
        a step cost more than these comparisons. Ties and -inf go as numpy's argmax takes them,
        to the first tag."""
        best = [start + emission for start, emission in zip(self.can_start.tolist(), emissions[0])]
        back = []
        for row in emissions[1:]:
            pointers, scores = [0] * len(row), [0.0] * len(row)
            for predecessors, tags in self.predecessor_groups.items():
                top, top_score = 0, -np.inf
                for predecessor in predecessors:
                    if best[predecessor] > top_score:
                        top, top_score = predecessor, best[predecessor]
                for tag in tags:
                    pointers[tag], scores[tag] = top, top_score + row[tag]
            back.append(pointers)
            best = scores
        tag, top_score = 0, -np.inf
        for candidate, score in enumerate(score + end for score, end in zip(best, self.can_end.tolist())):
            if score > top_score:
                tag, top_score = candidate, score
        path = [tag]
        for pointers in reversed(back):
            tag = pointers[tag]
            path.append(tag)
        return path[::-1], top_score > -np.inf

    def _entities(self, path: list[int], offset: int) -> list[tuple[int, int, str]]:
        entities, start = [], 0
        for i, tag in enumerate(path):
            part, label = self.labels[tag][0], self.labels[tag][2:]
            if part in ("B", "U"):
                start = i
            if part in ("L", "U"):
                entities.append((offset + start, offset + i + 1, label))
        return entities


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_DIR) -> Language:
    """The shipped model (loaded once per process), multiplying its matrices with numpy."""
    if not (path / "meta.json").exists():
        raise FileNotFoundError(f"no NER model at {path}: build it with `python -m pipeline.train`")
    nlp = spacy.load(path)
    ops = NumpyMatmulOps()
    for _, component in nlp.pipeline:
        for node in component.model.walk():  # type: ignore[attr-defined]  # components are typed as plain Callables
            node.ops = ops
    return nlp


@lru_cache(maxsize=1)
def _forward(nlp: Language) -> "ForwardPass":
    return ForwardPass(nlp)


class ForwardPass:
    """The trained network's prediction in plain numpy, from its weights: the same arithmetic
    as thinc's layers (embedding rows summed with the projected pretrained vectors, layer
    normalization, the residual maxout layers over dilated windows with `pad` zero rows around
    each chunk, softmax), without thinc's per-layer bookkeeping, which costs more than the
    arithmetic on articles of a few hundred characters. A test holds it to thinc's output.
    It also holds the tables `find_entities` finds characters, words and bigrams in."""

    def __init__(self, nlp: Language) -> None:
        tok2vec = nlp.get_pipe("tok2vec").model  # type: ignore[attr-defined]  # get_pipe is typed as a plain Callable
        nodes = list(tok2vec.walk())
        named = lambda name: [n for n in nodes if n.name == name]  # noqa: E731 (walk order: column, layer)
        tables = [n.get_param("E") for n in named("embed")]
        self.rows = np.array([len(t) for t in tables], dtype=np.uint64)
        self.offsets = np.cumsum([0] + [len(t) for t in tables[:-1]]).astype(np.uint64)
        self.table = np.concatenate(tables)
        vectors = next(iter(named("pretrained_vectors")), None)
        self.vector_table_keys = vectors.attrs["keys"] if vectors is not None else np.zeros(0, dtype=np.uint64)
        self.vector_table = vectors.get_param("V") if vectors is not None else None
        linear = next(iter(named("linear")), None)
        self.projection = (linear.get_param("W"), linear.get_param("b")) if linear is not None else None
        self.characters = _CharacterTable(self.vector_table_keys)
        self.words = _WordTable(self.vector_table_keys)
        self.bigram_rows = _RememberedRows(self.vector_table_keys)
        norms = [(n.get_param("G"), n.get_param("b")) for n in named("layernorm")]
        self.embed_norm, layer_norms = norms[0], norms[1:]
        dilations = [int(n.name.rsplit("_", 1)[1]) for n in nodes if n.name.startswith("dilated_window_") and ">>" not in n.name]
        self.layers = []
        for dilation, maxout, norm in zip(dilations, named("maxout"), layer_norms):
            n_out, pieces, n_in = maxout.get_param("W").shape
            # one block of columns per maxout piece (their maximum is taken over contiguous
            # halves), and the bias as a last row, multiplied by a column of ones in the windows
            W = maxout.get_param("W").transpose(1, 0, 2).reshape(pieces * n_out, n_in).T
            b = maxout.get_param("b").T.reshape(1, pieces * n_out)
            self.layers.append((dilation, np.ascontiguousarray(np.concatenate([W, b]), dtype=np.float32), pieces, norm))
        self.pad = next(n.attrs["pad"] for n in nodes if n.attrs.get("pad"))
        softmax = next(n for n in cast(BiluoTagger, nlp.get_pipe("ner")).model.walk() if n.name == "softmax")
        self.output = (softmax.get_param("W").T.copy(), softmax.get_param("b"))

    def __call__(self, features: list[np.ndarray], vector_rows: Optional[list[np.ndarray]] = None) -> list[np.ndarray]:
        """Tag probabilities for each chunk's feature rows; `vector_rows` (as `_vector_rows`
        gives) where the caller has them already."""
        width = self.table.shape[1]
        if vector_rows is None and self.vector_table is not None:
            vector_rows = [self._vector_rows(rows) for rows in features]
        embedded = []
        for i, rows in enumerate(features):
            # summed column after column, in thinc's order (a float sum depends on it)
            ids = (rows % self.rows + self.offsets).astype(np.int64).T
            summed = np.take(self.table, ids[0], axis=0)
            for column in ids[1:]:
                summed += np.take(self.table, column, axis=0)
            if vector_rows is not None:
                # rows are only given for a model with pretrained vectors, which come with their projection
                assert self.projection is not None and self.vector_table is not None
                W, b = self.projection
                vectors = np.take(self.vector_table, vector_rows[i].ravel(), axis=0).reshape(len(rows), -1)
                projected = vectors @ W.T
                projected += b
                summed += projected
            embedded.append(_layer_norm(summed, *self.embed_norm))
        zeros = np.zeros((self.pad, width), dtype=np.float32)
        hidden = np.concatenate([part for chunk in embedded for part in (zeros, chunk)] + [zeros])
        windows = np.empty((len(hidden), 3 * width + 1), dtype=np.float32)
        windows[:, 3 * width] = 1  # the bias's column
        for dilation, W, pieces, norm in self.layers:
            windows[:dilation, :width] = 0
            windows[dilation:, :width] = hidden[:-dilation]
            windows[:, width : 2 * width] = hidden
            windows[:-dilation, 2 * width : 3 * width] = hidden[dilation:]
            windows[-dilation:, 2 * width : 3 * width] = 0
            pre = windows @ W
            n_out = pre.shape[1] // pieces
            out = pre if pieces == 1 else np.maximum(pre[:, :n_out], pre[:, n_out : 2 * n_out])
            for piece in range(2, pieces):
                np.maximum(out, pre[:, piece * n_out : (piece + 1) * n_out], out=out)
            hidden += _layer_norm(out, *norm)
        W, b = self.output
        scores = []
        start = self.pad
        for chunk in embedded:
            logits = hidden[start : start + len(chunk)] @ W + b
            start += len(chunk) + self.pad
            top = logits[:, 0].copy()  # each row's maximum, column by column: far faster than max(axis=1)
            for column in logits.T[1:]:
                np.maximum(top, column, out=top)
            logits -= top[:, None]
            np.exp(logits, out=logits)
            scores.append(logits / logits.sum(axis=1, keepdims=True))
        return scores

    def _vector_rows(self, features: np.ndarray) -> np.ndarray:
        """Rows of `vector_table` each character reads (the zero row for an unknown key), as
        the pretrained vectors layer finds them; one column per VECTOR_FEATURES."""
        keys = self.vector_table_keys
        wanted = vector_keys(features)
        rows = np.empty(wanted.shape, dtype=np.int64)
        rows[:, [0, 1, 3]] = _rows_of(keys, wanted[:, [0, 1, 3]])
        rows[:, 2] = _previous_bigram_rows(keys, wanted[:, 1], wanted[:, 2], rows[:, 1])
        return rows

    def chunk_vector_rows(self, features: np.ndarray, char_rows: np.ndarray, word_rows: np.ndarray) -> np.ndarray:
        """`_vector_rows` of `_stack_features` with the characters' and words' rows found
        already (`characters`, `words`): only the next bigrams are looked up."""
        rows = np.empty((len(features), len(VECTOR_FEATURES)), dtype=np.int64)
        rows[:, 0] = char_rows
        rows[:, 1] = self.bigram_rows(features[:, 1])
        rows[1:, 2] = rows[:-1, 1]  # a character's previous bigram is the next bigram of the one before
        rows[0, 2] = char_rows[0]  # the first's is its own hash (0 * _MIX ^ its hash)
        rows[:, 3] = word_rows
        return rows


def _previous_bigram_rows(keys: np.ndarray, next_bigrams: np.ndarray, previous_bigrams: np.ndarray, next_rows: np.ndarray) -> np.ndarray:
    """A character's previous bigram is the next bigram of the one before: looked up once."""
    rows = np.empty(len(next_rows), dtype=np.int64)
    shifted = np.zeros(len(rows), dtype=bool)
    shifted[1:] = previous_bigrams[1:] == next_bigrams[:-1]
    rows[1:] = next_rows[:-1]
    rows[~shifted] = _rows_of(keys, previous_bigrams[~shifted])
    return rows


class _CharacterTable:
    """Character (as a code point) → its hash and its row in the pretrained vectors, filled in
    as characters are met: a few thousand characters make up nearly all news, and indexing an
    array by code point costs far less than hashing each character or searching the keys."""

    def __init__(self, vector_table_keys: np.ndarray) -> None:
        self.vector_table_keys = vector_table_keys
        size = 0x110000  # every code point; np.zeros leaves the pages never touched unallocated
        self.known = np.zeros(size, dtype=bool)
        self.hashes = np.zeros(size, dtype=np.uint64)
        self.vector_rows = np.zeros(size, dtype=np.int64)

    def __call__(self, codepoints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        new = codepoints[~self.known[codepoints]]
        if len(new):
            new = np.unique(new)
            hashes = np.fromiter((get_string_id(chr(c)) for c in new.tolist()), dtype=np.uint64, count=len(new))
            self.hashes[new] = hashes
            self.vector_rows[new] = _rows_of(self.vector_table_keys, hashes)
            self.known[new] = True
        return self.hashes[codepoints], self.vector_rows[codepoints]


class _WordTable:
    """Word hash → the hash of its part-of-speech flag ("?" outside jieba's dictionary) and its
    row in the pretrained vectors, for many words at once: one sorted array holds jieba's words
    and the pretrained words."""

    def __init__(self, vector_table_keys: np.ndarray) -> None:
        flags = _word_flags()
        dictionary = np.fromiter(map(get_string_id, flags), dtype=np.uint64, count=len(flags))
        self.hashes = np.unique(np.concatenate([dictionary, vector_table_keys ^ _WORD_SPACE]))
        # one more entry, last, for a word in neither
        self.flags = np.full(len(self.hashes) + 1, _UNKNOWN_FLAG, dtype=np.uint64)
        self.flags[np.searchsorted(self.hashes, dictionary)] = np.fromiter(flags.values(), dtype=np.uint64, count=len(flags))
        self.vector_rows = np.append(_rows_of(vector_table_keys, self.hashes ^ _WORD_SPACE), len(vector_table_keys))
        self.rows_of = _RememberedRows(self.hashes)

    def __call__(self, word_hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        at = self.rows_of(word_hashes)
        return self.flags[at], self.vector_rows[at]


class _RememberedRows:
    """`_rows_of` these sorted keys, remembering the row last found in each of 2**bits slots
    (a direct-mapped cache): news repeats its words and bigrams, and a remembered row costs one
    memory access where a binary search of a large array costs twenty, most of them misses."""

    def __init__(self, keys: np.ndarray, bits: int = 17) -> None:
        self.keys = keys
        self.shift = np.uint64(64 - bits)
        self.slot_keys = np.zeros(1 << bits, dtype=np.uint64)
        self.slot_rows = np.full(1 << bits, -1, dtype=np.int64)  # -1: nothing remembered yet

    def __call__(self, wanted: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            slots = (wanted * _SPREAD >> self.shift).astype(np.intp)
        rows = self.slot_rows[slots]
        missing = np.flatnonzero((self.slot_keys[slots] != wanted) | (rows < 0))
        if len(missing):
            found = _rows_of(self.keys, wanted[missing])
            rows[missing] = found
            self.slot_keys[slots[missing]] = wanted[missing]
            self.slot_rows[slots[missing]] = found
        return rows


_SPREAD = np.uint64(0x9E3779B97F4A7C15)  # 2**64 / golden ratio: multiplying spreads keys over slots


def _layer_norm(X: np.ndarray, G: np.ndarray, b: np.ndarray) -> np.ndarray:
    """thinc's LayerNorm, overwriting X. The means over each row are products with a column of
    1/width: BLAS sums 48 numbers a row far faster than numpy's reduction along an axis."""
    average = _averaging_column(X.shape[1])
    centred = np.subtract(X, X @ average, out=X)
    variance = np.square(centred) @ average
    variance += 1e-08
    np.sqrt(variance, out=variance)
    centred /= variance
    centred *= G
    centred += b
    return centred


@lru_cache(maxsize=4)
def _averaging_column(width: int) -> np.ndarray:
    return np.full((width, 1), 1.0 / width, dtype=np.float32)


class NumpyMatmulOps(NumpyOps):
    """thinc's CPU ops with numpy's matrix product: numpy's BLAS (OpenBLAS, built for this CPU's
    vector units) multiplies the model's small matrices about three times faster than the
    portable BLIS kernels thinc ships, and the model spends most of its time there."""

    name = "numpy_matmul"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy_matmul(a, b)
        return numpy_matmul(a, b, out=out)


Entity = tuple[int, int, str]  # character start, end, label
ENTITIES = COMPONENT = "entities"  # the component, and its doc.user_data key
MAX_CHUNK = 2000  # characters per model call: bounded memory on a book-length article


# doc._.entities: the model's entities, kept in doc.user_data (declared for the components' order)
Doc.set_extension(ENTITIES, getter=lambda doc: model_entities(doc), force=True)


@Language.component(COMPONENT, assigns=[declare_kind(ENTITIES)], requires=["token.is_sent_start"])
def find_entities(doc: Doc) -> Doc:
    """Run the model over the article's jieba words; keep its (start, end, label) entities.

    They stay in `doc.user_data["entities"]` rather than as spans: the extractors of
    organizations and persons decide what becomes a mention, and only those split tokens.
    The model runs on the feature arrays directly (`ForwardPass`): a Doc per character, as
    training builds, would cost more than the network. The features come from the Doc's
    arrays for the whole article at once; each chunk's are `char_features` of its words."""
    nlp = load_model()
    tagger = cast(BiluoTagger, nlp.get_pipe("ner"))
    text = doc_text(doc)
    if not text:
        doc.user_data[ENTITIES] = []
        return doc
    forward = _forward(nlp)
    starts, lengths, word_hashes, sentence_starts = _words(doc, text)
    chars, char_rows = forward.characters(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32))
    flags, word_rows = forward.words(word_hashes)
    chunks = _chunks(starts, lengths, sentence_starts)
    offsets = [int(starts[first]) for first, _ in chunks]
    scores = []
    for group in _groups_of_chunks(chunks, lengths):  # bounded memory on a book-length article
        features, vector_rows = [], []
        for first, end in group:
            characters = slice(starts[first], starts[end - 1] + lengths[end - 1])
            words = slice(first, end)
            features.append(_stack_features(chars[characters], lengths[words], word_hashes[words], flags[words]))
            if forward.vector_table is not None:
                vector_rows.append(
                    forward.chunk_vector_rows(features[-1], char_rows[characters], np.repeat(word_rows[words], lengths[words]))
                )
        scores += forward(features, vector_rows or None)
    decode = _BiluoDecoder.for_labels(tagger.labels, tagger.cfg.get("outside_weight", 1.0))
    doc.user_data[ENTITIES] = [
        (offset + start, offset + end, label) for offset, chunk_scores in zip(offsets, scores) for start, end, label in decode(chunk_scores)
    ]
    return doc


def one_blas_thread():
    """A context in which numpy's BLAS runs one thread: the recognizer's matrices are small, and
    with a thread per core in every worker of a batch run the workers fight over the cores. Entered
    once per batch of articles (entering it costs about as much as a short article's matrices)."""
    return _blas_threads().limit(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def _blas_threads():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def model_entities(doc: Doc) -> list[Entity]:
    return doc.user_data.get(ENTITIES, [])


def _words(doc: Doc, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, set[int]]:
    """Start, length and hash of each word of the text (the Doc's tokens, and the spaces between
    tokens as words of their own, as jieba gives them) and the set of sentence starts."""
    tokens = doc.to_array([IDX, LENGTH, SENT_START, ORTH])
    token_starts = tokens[:, 0].astype(np.int64)
    # 0, each token's start and end, the text's end: in order, as tokens follow each other
    cuts = np.empty(2 * len(tokens) + 2, dtype=np.int64)
    cuts[0], cuts[-1] = 0, len(text)
    cuts[1:-1:2] = token_starts
    cuts[2:-1:2] = token_starts + tokens[:, 1].astype(np.int64)
    token_at = np.full(len(cuts), -1, dtype=np.int64)  # the token starting at each cut
    token_at[1:-1:2] = np.arange(len(tokens))
    last_of_equals = np.append(cuts[:-1] != cuts[1:], True)  # a token's start over the end before it
    cuts, token_at = cuts[last_of_equals], token_at[last_of_equals][:-1]
    starts, lengths = cuts[:-1], np.diff(cuts)
    hashes = np.zeros(len(starts), dtype=np.uint64)
    is_token = token_at >= 0
    hashes[is_token] = tokens[token_at[is_token], 3]  # a token's ORTH is the hash of its text
    for i in np.flatnonzero(~is_token).tolist():
        hashes[i] = get_string_id(text[starts[i] : cuts[i + 1]])
    return starts, lengths, hashes, set(token_starts[tokens[:, 2] == 1].tolist())


def _chunks(starts: np.ndarray, lengths: np.ndarray, sentence_starts: set[int]) -> list[tuple[int, int]]:
    """The words (first, end) of each chunk of the text: whole sentences up to MAX_CHUNK
    characters each, a longer sentence cut between words."""
    if starts[-1] + lengths[-1] <= MAX_CHUNK:
        return [(0, len(starts))]
    chunks, first, offset = [], 0, 0
    for i, (start, end) in enumerate(zip(starts.tolist(), (starts + lengths).tolist())):
        if i > first and end - offset > MAX_CHUNK and (start in sentence_starts or start - offset >= MAX_CHUNK):
            chunks.append((first, i))
            first, offset = i, start
    chunks.append((first, len(starts)))
    return chunks


def _groups_of_chunks(chunks: list[tuple[int, int]], lengths: np.ndarray, characters: int = 8 * MAX_CHUNK):
    """Consecutive chunks up to `characters` together (a longer chunk alone)."""
    group: list[tuple[int, int]] = []
    size = 0
    for first, end in chunks:
        length = int(lengths[first:end].sum())
        if group and size + length > characters:
            yield group
            group, size = [], 0
        group.append((first, end))
        size += length
    if group:
        yield group
