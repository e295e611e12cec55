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
from typing import Callable, Iterable, Optional, Sequence

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

from .segment import doc_text
from thinc.api import (Dropout, Embed, LayerNorm, Linear, Maxout, Model, add, chain, list2ragged, ragged2list,
                       residual, with_array)
from thinc.api import NumpyOps
from thinc.types import Floats2d

jieba.setLogLevel(logging.WARNING)

MODEL_DIR = Path(__file__).parent / "models" / "ner"
LABELS = ("PER", "LOC", "ORG")

FEATURES = "char_features"  # doc.user_data key: uint64 array, one row per character
FEATURE_NAMES = ("char", "next bigram", "previous bigram", "word", "word and place",
                 "part of speech and place", "previous word", "next word")
_BEGIN, _MIDDLE, _END, _SINGLE = 1, 2, 3, 4
_MIX = np.uint64(1_000_003)  # odd multiplier mixing two hashes into one feature


@lru_cache(maxsize=1)
def _word_flags() -> dict:
    """jieba's dictionary word → hash of its part-of-speech flag."""
    import jieba.posseg

    flags = {flag: get_string_id("flag=" + flag) for flag in set(jieba.posseg.dt.word_tag_tab.values())}
    return {word: flags[flag] for word, flag in jieba.posseg.dt.word_tag_tab.items()}


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
        return np.stack([
            orth,
            orth * _MIX ^ following,
            preceding * _MIX ^ orth,
            word,
            word * _MIX ^ position,
            np.repeat(flag_ids, lengths) * _MIX ^ position,
            np.repeat(np.concatenate([edge, word_ids[:-1]]), lengths),
            np.repeat(np.concatenate([word_ids[1:], edge]), lengths),
        ], axis=1)


class CharWordTokenizer:
    """Text → `char_doc`, cutting words with jieba as the pipeline does."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return char_doc(self.vocab, list(jieba.cut(text, cut_all=False)))

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
def char_feature_embed(width: int, rows: list[int], vectors: Optional[str] = None,
                       vector_width: int = 0) -> Model[list, list[Floats2d]]:
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
    embeddings = [chain(_feature_rows(column, n_rows), Embed(width, n_rows)) for column, n_rows in enumerate(rows)]
    if vector_width:
        embeddings.append(chain(_pretrained_vectors(vectors, vector_width),
                                Linear(width, vector_width * len(VECTOR_FEATURES))))
    return chain(Model("char_features", _read_features), list2ragged(),
                 with_array(chain(add(*embeddings), LayerNorm(width))), ragged2list())


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
    rows = np.searchsorted(keys, wanted)
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
        model.set_param("V", np.vstack([table, np.zeros((1, width), dtype=np.float32)]))

    def forward(model: Model, features, is_train: bool):
        keys, table = model.attrs["keys"], model.get_param("V")
        wanted = vector_keys(features)
        rows = np.empty(wanted.shape, dtype=np.int64)
        rows[:, [0, 1, 3]] = _rows_of(keys, wanted[:, [0, 1, 3]])
        # a character's previous bigram is the one before it's next bigram: looked up once
        shifted = np.zeros(len(wanted), dtype=bool)
        shifted[1:] = wanted[1:, 2] == wanted[:-1, 1]
        rows[1:, 2] = rows[:-1, 1]
        rows[~shifted, 2] = _rows_of(keys, wanted[~shifted, 2])
        # np.take gathers rows many times faster than indexing with a 2-d array
        return np.take(table, rows.ravel(), axis=0).reshape(len(features), -1), lambda d_vectors: features

    return Model("pretrained_vectors", forward, init=init, params={"V": None},
                 attrs={"keys": np.zeros(0, dtype=np.uint64)}, dims={"nO": width * len(VECTOR_FEATURES)})


@registry.architectures("pipeline.DilatedWindowEncoder.v1")
def dilated_window_encoder(width: int, dilations: list[int], maxout_pieces: int) -> Model[list[Floats2d], list[Floats2d]]:
    """Residual maxout layers, each over a character and its neighbours `dilation` away.

    Dilations 1, 2, 4 see seven characters to each side for the cost of spaCy's window
    encoder seeing three (iterated dilated convolutions, Strubell et al. 2017): the context a
    long name needs (中国致公党第十一次全国代表大会), at the speed of a narrow network."""
    layers = [residual(chain(_dilated_window(d), Maxout(width, width * 3, nP=maxout_pieces, normalize=True),
                             Dropout(0.0)))  # the rate is training.dropout
              for d in dilations]
    model = with_array(chain(*layers), pad=sum(dilations))
    model.set_dim("nO", width)
    return model


def _dilated_window(dilation: int) -> Model[Floats2d, Floats2d]:
    """Each row beside the rows `dilation` before and after it (zeros past the ends)."""
    def forward(model: Model, X: Floats2d, is_train: bool):
        n, width = X.shape
        Y = model.ops.alloc2f(n, width * 3)
        Y[:, width:2 * width] = X
        if n > dilation:
            Y[dilation:, :width] = X[:-dilation]
            Y[:-dilation, 2 * width:] = X[dilation:]

        def backprop(dY: Floats2d) -> Floats2d:
            dX = dY[:, width:2 * width].copy()
            if n > dilation:
                dX[:-dilation] += dY[dilation:, :width]
                dX[dilation:] += dY[:-dilation, 2 * width:]
            return dX

        return Y, backprop

    return Model(f"dilated_window_{dilation}", forward)


def _read_features(model: Model, docs: list, is_train: bool):
    """Each Doc's FEATURES; a feature array itself passes as it is (`entities` skips the Doc)."""
    arrays = [doc if isinstance(doc, np.ndarray) else doc.user_data[FEATURES] for doc in docs]
    return [model.ops.asarray2i(a, dtype="uint64") for a in arrays], lambda d_features: []


def _feature_rows(column: int, n_rows: int) -> Model:
    def forward(model: Model, features, is_train: bool):
        return features[:, column] % np.uint64(n_rows), lambda d_rows: features
    return Model(f"feature_rows_{column}", forward)


@Language.factory("biluo_ner", default_config={"model": None, "overwrite": False, "label_smoothing": 0.0,
                                                "neg_prefix": "!", "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
                  default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0})
def make_biluo_ner(nlp: Language, name: str, model: Model, overwrite: bool, label_smoothing: float,
                   neg_prefix: str, scorer: Callable) -> "BiluoTagger":
    return BiluoTagger(nlp.vocab, model, name, overwrite=overwrite, scorer=scorer, neg_prefix=neg_prefix,
                       label_smoothing=label_smoothing)


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
    runs between them are decoded by Viterbi over the allowed transitions."""

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

    def __call__(self, scores: np.ndarray) -> list[tuple[int, int, str]]:
        if not len(scores):
            return []
        unsure = np.flatnonzero(scores[:, self.outside] < self.SURE)
        scores = scores * self.weights
        entities = []
        for run in np.split(unsure, np.flatnonzero(np.diff(unsure) != 1) + 1):
            if len(run):
                entities += self._viterbi(scores[run[0]:run[-1] + 1], int(run[0]))
        return entities

    def _viterbi(self, scores: np.ndarray, offset: int) -> list[tuple[int, int, str]]:
        path = scores.argmax(axis=1)
        # the best tag of each character, where they make a valid sequence, is the best sequence
        if not (np.isfinite(self.transitions[path[:-1], path[1:]]).all()
                and np.isfinite(self.can_start[path[0]] + self.can_end[path[-1]])):
            path = self._best_valid_path(scores)
        return self._entities(path.tolist(), offset)

    def _best_valid_path(self, scores: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            emissions = np.log(scores)
        best = self.can_start + emissions[0]
        back = np.zeros((len(scores), len(self.labels)), dtype=np.int64)
        for i in range(1, len(scores)):
            candidates = best[:, None] + self.transitions
            back[i] = candidates.argmax(axis=0)
            best = candidates.max(axis=0) + emissions[i]
        tag = int((best + self.can_end).argmax())
        path = [tag]
        for i in range(len(scores) - 1, 0, -1):
            tag = int(back[i, tag])
            path.append(tag)
        return np.array(path[::-1])

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
        for node in component.model.walk():
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
    arithmetic on articles of a few hundred characters. A test holds it to thinc's output."""

    def __init__(self, nlp: Language) -> None:
        tok2vec = nlp.get_pipe("tok2vec").model
        nodes = list(tok2vec.walk())
        named = lambda name: [n for n in nodes if n.name == name]  # noqa: E731 (walk order: column, layer)
        tables = [n.get_param("E") for n in named("embed")]
        self.rows = np.array([len(t) for t in tables], dtype=np.uint64)
        self.offsets = np.cumsum([0] + [len(t) for t in tables[:-1]]).astype(np.uint64)
        self.table = np.concatenate(tables)
        self.vectors = next(iter(named("pretrained_vectors")), None)
        linear = next(iter(named("linear")), None)
        self.projection = (linear.get_param("W"), linear.get_param("b")) if linear is not None else None
        norms = [(n.get_param("G"), n.get_param("b")) for n in named("layernorm")]
        self.embed_norm, layer_norms = norms[0], norms[1:]
        dilations = [int(n.name.rsplit("_", 1)[1]) for n in nodes if n.name.startswith("dilated_window_")
                     and ">>" not in n.name]
        self.layers = []
        for dilation, maxout, norm in zip(dilations, named("maxout"), layer_norms):
            n_out, pieces, n_in = maxout.get_param("W").shape
            self.layers.append((dilation, maxout.get_param("W").reshape(n_out * pieces, n_in).T.copy(),
                                maxout.get_param("b").reshape(n_out * pieces), pieces, norm))
        self.pad = next(n.attrs["pad"] for n in nodes if n.attrs.get("pad"))
        softmax = next(n for n in nlp.get_pipe("ner").model.walk() if n.name == "softmax")
        self.output = (softmax.get_param("W").T.copy(), softmax.get_param("b"))

    def __call__(self, features: list[np.ndarray]) -> list[np.ndarray]:
        """Tag probabilities for each chunk's feature rows."""
        width = self.table.shape[1]
        embedded = []
        for rows in features:
            ids = (rows % self.rows + self.offsets).astype(np.int64)
            gathered = np.take(self.table, ids.ravel(), axis=0).reshape(len(rows), -1, width)
            summed = gathered[:, 0].copy()
            for column in range(1, gathered.shape[1]):  # adds in a loop: numpy's reduce over 8 is slow
                summed += gathered[:, column]
            if self.vectors is not None:
                W, b = self.projection
                summed += self.vectors.predict(rows) @ W.T + b
            embedded.append(_layer_norm(summed, *self.embed_norm))
        zeros = np.zeros((self.pad, width), dtype=np.float32)
        hidden = np.concatenate([part for chunk in embedded for part in (zeros, chunk)] + [zeros])
        for dilation, W, b, pieces, norm in self.layers:
            windows = np.zeros((len(hidden), 3 * width), dtype=np.float32)
            windows[dilation:, :width] = hidden[:-dilation]
            windows[:, width:2 * width] = hidden
            windows[:-dilation, 2 * width:] = hidden[dilation:]
            pre = windows @ W + b
            out = pre[:, 0::pieces]
            for piece in range(1, pieces):
                out = np.maximum(out, pre[:, piece::pieces])
            hidden = hidden + _layer_norm(out, *norm)
        W, b = self.output
        scores = []
        start = self.pad
        for chunk in embedded:
            logits = hidden[start:start + len(chunk)] @ W + b
            start += len(chunk) + self.pad
            logits -= logits.max(axis=1, keepdims=True)
            np.exp(logits, out=logits)
            scores.append(logits / logits.sum(axis=1, keepdims=True))
        return scores


def _layer_norm(X: np.ndarray, G: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = np.add.reduce(X, axis=1, keepdims=True) / X.shape[1]
    centred = X - mean
    variance = np.add.reduce(centred * centred, axis=1, keepdims=True) / X.shape[1] + 1e-08
    return centred * variance ** -0.5 * G + b


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


@Language.component(COMPONENT)
def find_entities(doc: Doc) -> Doc:
    """Run the model over the article's jieba words; keep its (start, end, label) entities.

    They stay in `doc.user_data["entities"]` rather than as spans: the extractors of
    organizations and persons decide what becomes a mention, and only those split tokens.
    The model runs on the feature arrays directly (`ForwardPass`): a Doc per character, as
    training builds, would cost more than the network."""
    nlp = load_model()
    tagger = nlp.get_pipe("ner")
    chunks = list(_chunks(doc))
    if not chunks:
        doc.user_data[ENTITIES] = []
        return doc
    forward = _forward(nlp)
    scores = []
    for group in _groups_of_chunks(chunks):  # bounded memory on a book-length article
        scores += forward([char_features(words) for _, words in group])
    decode = _BiluoDecoder.for_labels(tagger.labels, tagger.cfg.get("outside_weight", 1.0))
    doc.user_data[ENTITIES] = [(offset + start, offset + end, label)
                               for (offset, _), chunk_scores in zip(chunks, scores)
                               for start, end, label in decode(chunk_scores)]
    return doc


def _groups_of_chunks(chunks: list[tuple[int, list[str]]], characters: int = 8 * MAX_CHUNK):
    group, size = [], 0
    for chunk in chunks:
        length = sum(map(len, chunk[1]))
        if group and size + length > characters:
            yield group
            group, size = [], 0
        group.append(chunk)
        size += length
    if group:
        yield group


def model_entities(doc: Doc) -> list[Entity]:
    return doc.user_data.get(ENTITIES, [])


def _chunks(doc: Doc) -> Iterable[tuple[int, list[str]]]:
    """(offset, words) pieces of the Doc: whole sentences up to MAX_CHUNK characters each, a
    longer sentence cut between words. Spaces between tokens are words of their own, as jieba
    gives them."""
    text = doc_text(doc)
    if not text:
        return
    bounds = doc.to_array([IDX, LENGTH, SENT_START]).astype(np.int64)
    cuts = np.unique(np.concatenate([bounds[:, 0], bounds[:, 0] + bounds[:, 1], [0, len(text)]]))
    sentence_starts = set(bounds[bounds[:, 2] == 1, 0].tolist())
    offset = 0
    words: list[str] = []
    for start, end in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        if words and (end - offset > MAX_CHUNK) and (start in sentence_starts or start - offset >= MAX_CHUNK):
            yield offset, words
            offset, words = start, []
        words.append(text[start:end])
    if words:
        yield offset, words
