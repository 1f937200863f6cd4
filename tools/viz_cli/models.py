"""The built-in models of `autograd-viz model`: small, named layer by layer, so that their graphs
cluster into readable modules (fc1, act1, conv1, pool1, lstm, attn, ...)."""
import itertools

import autograd
import nn

from .errors import UsageError

MAX_WIDTH = 512
MAX_LAYERS = 10


class MLP(nn.Module):
    """fc1 -> act1 -> fc2 -> act2 -> ... -> fcN (no activation after the last layer)."""

    def __init__(self, sizes):
        super().__init__()
        self.depth = len(sizes) - 1
        for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes), start=1):
            setattr(self, f"fc{i}", nn.Linear(fan_in, fan_out))
            if i < self.depth:
                setattr(self, f"act{i}", nn.Tanh())

    def forward(self, x):
        for i in range(1, self.depth + 1):
            x = getattr(self, f"fc{i}")(x)
            if i < self.depth:
                x = getattr(self, f"act{i}")(x)
        return x


class CNN(nn.Module):
    """Two convolution blocks and a linear classifier, for 1x12x12 images and 10 classes."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3)
        self.act1 = nn.ReLU()
        self.pool1 = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.act2 = nn.ReLU()
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 3 * 3, 10)

    def forward(self, x):
        x = self.pool1(self.act1(self.conv1(x)))
        return self.fc(self.flatten(self.act2(self.conv2(x))))


class SequenceRegressor(nn.Module):
    """An LSTM reads the sequence; a linear head maps its last hidden state to one number."""

    def __init__(self, input_size=3, hidden_size=8):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        outputs, _ = self.lstm(x)
        return self.head(outputs[:, -1])


class AttentionClassifier(nn.Module):
    """Self-attention over a sequence, averaged over positions, then a linear classifier."""

    def __init__(self, embed_dim=8, num_heads=2, classes=2):
        super().__init__()
        self.attn = nn.MultiheadAttention(embed_dim, num_heads, batch_first=True)
        self.head = nn.Linear(embed_dim, classes)

    def forward(self, x):
        attended, _ = self.attn(x, x, x)
        return self.head(attended.mean(dim=1))


def build_model_loss(name, sizes_text, seed):
    """(loss on one random batch, the model's named parameters) for a built-in model."""
    autograd.manual_seed(seed)
    if name == "mlp":
        sizes = parse_sizes(sizes_text)
        model, x = MLP(sizes), autograd.randn(8, sizes[0])
        if sizes[-1] == 1:
            loss = nn.BCEWithLogitsLoss()(model(x), autograd.randint(0, 2, (8, 1)).float())
        else:
            loss = nn.CrossEntropyLoss()(model(x), autograd.randint(0, sizes[-1], (8,)))
    elif name == "cnn":
        model = CNN()
        loss = nn.CrossEntropyLoss()(model(autograd.randn(4, 1, 12, 12)), autograd.randint(0, 10, (4,)))
    elif name == "rnn":
        model = SequenceRegressor()
        loss = nn.MSELoss()(model(autograd.randn(2, 5, 3)), autograd.randn(2, 1))
    elif name == "attention":
        model = AttentionClassifier()
        loss = nn.CrossEntropyLoss()(model(autograd.randn(2, 4, 8)), autograd.randint(0, 2, (2,)))
    else:
        raise UsageError(f"unknown model {name!r}")
    return loss, dict(model.named_parameters())


def parse_sizes(text):
    """'2,16,16,1' -> [2, 16, 16, 1], with 2 to MAX_LAYERS + 1 widths between 1 and MAX_WIDTH."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise UsageError(f"--sizes {text!r}: expected comma-separated integers, e.g. 2,16,16,1") from None
    if not 2 <= len(sizes) <= MAX_LAYERS + 1 or not all(1 <= n <= MAX_WIDTH for n in sizes):
        raise UsageError(f"--sizes {text!r}: expected 2 to {MAX_LAYERS + 1} widths, each from 1 to {MAX_WIDTH}")
    return sizes
