"""A character-level corpus for next-character models (char-RNN, small language models).

The built-in text is five of Shakespeare's sonnets (1609, public domain): small enough to train on in
seconds, long enough to learn spelling, words and line breaks.
"""
import numpy as np

from autograd import Tensor

SONNETS = """\
Shall I compare thee to a summer's day?
Thou art more lovely and more temperate:
Rough winds do shake the darling buds of May,
And summer's lease hath all too short a date;
Sometime too hot the eye of heaven shines,
And often is his gold complexion dimm'd;
And every fair from fair sometime declines,
By chance or nature's changing course untrimm'd;
But thy eternal summer shall not fade,
Nor lose possession of that fair thou ow'st;
Nor shall death brag thou wander'st in his shade,
When in eternal lines to time thou grow'st:
So long as men can breathe or eyes can see,
So long lives this, and this gives life to thee.

When, in disgrace with fortune and men's eyes,
I all alone beweep my outcast state,
And trouble deaf heaven with my bootless cries,
And look upon myself and curse my fate,
Wishing me like to one more rich in hope,
Featured like him, like him with friends possess'd,
Desiring this man's art and that man's scope,
With what I most enjoy contented least;
Yet in these thoughts myself almost despising,
Haply I think on thee, and then my state,
Like to the lark at break of day arising
From sullen earth, sings hymns at heaven's gate;
For thy sweet love remember'd such wealth brings
That then I scorn to change my state with kings.

That time of year thou mayst in me behold
When yellow leaves, or none, or few, do hang
Upon those boughs which shake against the cold,
Bare ruin'd choirs, where late the sweet birds sang.
In me thou see'st the twilight of such day
As after sunset fadeth in the west,
Which by and by black night doth take away,
Death's second self, that seals up all in rest.
In me thou see'st the glowing of such fire
That on the ashes of his youth doth lie,
As the death-bed whereon it must expire,
Consum'd with that which it was nourish'd by.
This thou perceiv'st, which makes thy love more strong,
To love that well which thou must leave ere long.

Let me not to the marriage of true minds
Admit impediments. Love is not love
Which alters when it alteration finds,
Or bends with the remover to remove:
O no! it is an ever-fixed mark
That looks on tempests and is never shaken;
It is the star to every wand'ring bark,
Whose worth's unknown, although his height be taken.
Love's not Time's fool, though rosy lips and cheeks
Within his bending sickle's compass come;
Love alters not with his brief hours and weeks,
But bears it out even to the edge of doom.
If this be error and upon me prov'd,
I never writ, nor no man ever lov'd.

My mistress' eyes are nothing like the sun;
Coral is far more red than her lips' red;
If snow be white, why then her breasts are dun;
If hairs be wires, black wires grow on her head.
I have seen roses damask'd, red and white,
But no such roses see I in her cheeks;
And in some perfumes is there more delight
Than in the breath that from my mistress reeks.
I love to hear her speak, yet well I know
That music hath a far more pleasing sound;
I grant I never saw a goddess go;
My mistress, when she walks, treads on the ground:
And yet, by heaven, I think my love as rare
As any she belied with false compare.
"""


class CharCorpus:
    """A text, its character vocabulary (sorted), and the text encoded as character ids.

        >>> corpus = CharCorpus()
        >>> inputs, targets = corpus.sequences(32)     # targets are the inputs shifted by one
        >>> corpus.decode(corpus.encode("love")) == "love"
        True
    """

    def __init__(self, text=SONNETS):
        if len(text) < 2:
            raise ValueError("the corpus needs at least two characters")
        self.text = text
        self.vocab = sorted(set(text))
        self.char_to_index = {char: index for index, char in enumerate(self.vocab)}
        self.ids = self.encode(text)

    @property
    def vocab_size(self):
        return len(self.vocab)

    def __len__(self):
        return len(self.text)

    def encode(self, text):
        """The int64 tensor of the characters' ids."""
        unknown = sorted(set(text) - set(self.char_to_index))
        if unknown:
            raise KeyError(f"characters not in the corpus vocabulary: {unknown}")
        return Tensor(np.array([self.char_to_index[char] for char in text], dtype=np.int64))

    def decode(self, ids):
        """The string of a sequence of ids (a tensor, an array or a list)."""
        ids = np.asarray(ids.detach().numpy() if isinstance(ids, Tensor) else ids).reshape(-1)
        return "".join(self.vocab[i] for i in ids)

    def sequences(self, seq_length, step=None):
        """Windows of the encoded text for next-character prediction.

        Returns inputs and targets, int64 tensors (n, seq_length) with targets[i, t] = inputs[i, t + 1]
        (the character after inputs[i, t]); windows start every `step` characters (seq_length: no overlap).
        """
        step = seq_length if step is None else step
        if seq_length < 1 or step < 1 or seq_length >= len(self.text):
            raise ValueError(f"seq_length={seq_length} and step={step} must be positive and seq_length shorter "
                             f"than the text ({len(self.text)} characters)")
        windows = np.lib.stride_tricks.sliding_window_view(self.ids.numpy(), seq_length + 1)[::step]
        return Tensor(windows[:, :-1].copy()), Tensor(windows[:, 1:].copy())
