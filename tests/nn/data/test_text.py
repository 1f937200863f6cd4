"""CharCorpus: vocabulary, encode/decode round trip, next-character windows."""
import numpy as np
import pytest

from nn.data import SONNETS, CharCorpus


def test_builtin_corpus_vocabulary_and_round_trip():
    corpus = CharCorpus()
    assert corpus.text == SONNETS and len(corpus) > 3000
    assert corpus.vocab == sorted(set(SONNETS)) and corpus.vocab_size == len(corpus.vocab)
    ids = corpus.encode("Shall I compare thee")
    assert ids.dtype == np.int64 and corpus.decode(ids) == "Shall I compare thee"
    assert corpus.decode(corpus.ids) == SONNETS


@pytest.mark.parametrize("seq_length, step", [(5, None), (8, 1), (16, 3)])
def test_sequences_targets_are_inputs_shifted_by_one(seq_length, step):
    corpus = CharCorpus("hello world, hello glassgrad")
    inputs, targets = corpus.sequences(seq_length, step)
    step = step or seq_length
    assert inputs.shape == targets.shape == (len(range(0, len(corpus) - seq_length, step)), seq_length)
    assert np.array_equal(inputs._data[:, 1:], targets._data[:, :-1])
    for i, (x, t) in enumerate(zip(inputs._data, targets._data, strict=True)):
        start = i * step
        assert corpus.decode(x) == corpus.text[start:start + seq_length]
        assert corpus.decode(t) == corpus.text[start + 1:start + seq_length + 1]


def test_errors():
    corpus = CharCorpus("abcabc")
    with pytest.raises(KeyError, match=r"not in the corpus vocabulary: \['z'\]"):
        corpus.encode("abz")
    with pytest.raises(ValueError, match="seq_length=6 and step=6 must be positive and seq_length shorter"):
        corpus.sequences(6)
