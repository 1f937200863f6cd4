"""Exercises of notebook 05 (multilayer perceptrons). Solutions: solutions/nb05.py."""
import numpy as np

import autograd
import nn
import nn.functional as F
import optim
from autograd import tensor
from autograd.function import Function
from exercises import Exercise, Sheet, Wrong, as_array, compare, factor_note

# ------------------------------------------------------------------------------------------ 5.1 ReLU's backward
# Points away from the kink (where finite differences are meaningless), plus exact zeros, where PyTorch's
# relu'(0) = 0.
RELU_POINTS = np.concatenate([np.linspace(-2.05, 1.95, 12), [0.0, 0.0]]).reshape(2, 7)


def check_relu_function(ReLUFunction):
    """The learner's Function subclass: its forward equals max(x, 0), gradcheck passes, and relu'(0) = 0."""
    x = tensor(RELU_POINTS, requires_grad=True)
    y = ReLUFunction.apply(x)
    compare(y, np.maximum(RELU_POINTS, 0), "forward(x)")
    away_from_zero = tensor(RELU_POINTS[RELU_POINTS != 0], requires_grad=True)
    if not autograd.gradcheck(lambda t: ReLUFunction.apply(t), (away_from_zero,), raise_exception=False):
        (got,) = autograd.grad(ReLUFunction.apply(away_from_zero).sum(), away_from_zero)
        compare(got, (RELU_POINTS[RELU_POINTS != 0] > 0).astype(float), "the gradient of sum(relu(x))")
        raise Wrong("the gradient does not match finite differences (gradcheck fails)")
    (grad,) = autograd.grad(y.sum(), x)
    compare(grad, (RELU_POINTS > 0).astype(float), "the gradient of sum(relu(x)) (x includes two exact zeros)")
    return "forward is max(x, 0), gradcheck passes, and the gradient at x = 0 is 0, as in PyTorch."


def _relu_class(forward, backward):
    return type("WrongReLU", (Function,), {"forward": forward, "backward": backward})


relu_function = Exercise(
    "ReLUFunction", "5.2", "implement", "ReLU's backward rule, as a primitive", check_relu_function,
    hint="backward(self, ops, g) returns a tuple with one gradient per input; the input array is self.inputs[0]. "
         "What is the derivative of max(a, 0) where a is negative, and where it is positive? A boolean array times "
         "g selects entries. Mind the convention at a = 0 stated in the exercise.",
    wrong=(_relu_class(lambda self, a: np.maximum(a, 0), lambda self, ops, g: (g,)),
           _relu_class(lambda self, a: np.maximum(a, 0), lambda self, ops, g: (g * (self.inputs[0] >= 0),)),
           _relu_class(lambda self, a: np.abs(a), lambda self, ops, g: (g * (self.inputs[0] > 0),))),
)


# --------------------------------------------------------------------------------------- 5.2 an MLP by hand
def check_mlp_forward(mlp_forward):
    """The learner's two-layer MLP from tensor operations equals nn.Sequential(Linear, ReLU, Linear), value and
    gradients."""
    autograd.manual_seed(5)
    reference = nn.Sequential(nn.Linear(3, 5), nn.ReLU(), nn.Linear(5, 2))
    x = tensor(np.random.default_rng(5).normal(size=(4, 3)).astype(np.float32))
    W1, b1, W2, b2 = reference.parameters()
    got = mlp_forward(x, W1, b1, W2, b2)
    with autograd.no_grad():
        affine = (x @ W1.T + b1) @ W2.T + b2
    if as_array(got).shape == as_array(affine).shape and np.allclose(as_array(got), as_array(affine), atol=1e-5):
        raise Wrong("your output is an affine function of x, one linear layer in disguise: what comes between the "
                    "two layers?")
    compare(got, reference(x), "mlp_forward(x, ...) on a batch of 4 inputs of 3 features", rtol=1e-4, atol=1e-5)
    if not getattr(got, "requires_grad", False):
        raise Wrong("the output does not require grad: build it from tensor operations (@, +, relu), not NumPy")
    ours = autograd.grad(got.sum(), [W1, b1, W2, b2])
    theirs = autograd.grad(reference(x).sum(), [W1, b1, W2, b2])
    for name, g, expected in zip(["W1", "b1", "W2", "b2"], ours, theirs, strict=True):
        compare(g, expected, f"the gradient with respect to {name}", rtol=1e-4, atol=1e-5)
    return "your MLP computes what nn.Sequential(Linear(3, 5), ReLU(), Linear(5, 2)) computes, gradients included."


mlp_forward = Exercise(
    "mlp_forward", "5.1", "implement", "a two-layer MLP from tensor operations", check_mlp_forward,
    hint="nn.Linear stores its weight as (out_features, in_features) and computes x @ W.T + b. "
         "Between the layers, x.relu() (or x.clamp(min=0)).",
    wrong=(lambda x, W1, b1, W2, b2: (x @ W1.T + b1) @ W2.T + b2,
           lambda x, W1, b1, W2, b2: (x @ W1.T).relu() @ W2.T + b2),
)


# ------------------------------------------------------------------------------------- 5.3 zero initialisation
def xor_data(n=200, seed=0):
    """The notebook's XOR data: four noisy clusters, label 1 when exactly one coordinate is positive."""
    rng = np.random.default_rng(seed)
    corners = rng.choice([-1.0, 1.0], size=(n, 2))
    X = tensor((corners + 0.25 * rng.normal(size=(n, 2))).astype(np.float32))
    return X, tensor((corners[:, 0] * corners[:, 1] < 0).astype(np.int64))


def zero_init_run(steps=100):
    """An MLP 2-16-1 with tanh, every weight and bias set to 0, trained with Adam on XOR: (accuracy, largest
    |weight| of the two weight matrices)."""
    X, y = xor_data()
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))
    for p in model.parameters():
        nn.init.zeros_(p)
    opt = optim.Adam(model.parameters(), lr=0.05)
    for _ in range(steps):
        loss = F.binary_cross_entropy_with_logits(model(X), y.float().reshape(-1, 1))
        opt.zero_grad(); loss.backward(); opt.step()
    with autograd.no_grad():
        accuracy = ((model(X)[:, 0] > 0).long() == y).float().mean().item()
    largest = max(np.abs(model[0].weight.detach().numpy()).max(), np.abs(model[2].weight.detach().numpy()).max())
    return accuracy, float(largest)


def check_zero_init_accuracy(predicted):
    """The prediction (the training accuracy on XOR after 100 Adam steps from zero weights) within 0.1."""
    predicted = as_array(predicted, "your prediction")
    if predicted.shape != ():
        raise Wrong("predict one number: the fraction of the 200 training points classified correctly")
    accuracy, largest = zero_init_run()
    if abs(float(predicted) - accuracy) > 0.1:
        raise Wrong(f"you predicted {float(predicted):.2f}; the network reaches {accuracy:.3f}. Think about what "
                    "the hidden units output when every weight is 0, and what that makes the gradients of W1 and W2")
    return (f"the accuracy is {accuracy:.3f}: the network predicts one class everywhere. After 100 steps the largest "
            f"weight is still {largest:g}: with W2 = 0 no gradient reaches W1, and with h = tanh(0) = 0 none "
            "reaches W2; only the output bias learns. Any constant initialisation keeps all hidden units identical "
            "(symmetry): random initialisation is what makes them learn different features.")


zero_init_accuracy = Exercise(
    "zero_init_accuracy", "5.5", "predict", "what zero initialisation does", check_zero_init_accuracy,
    hint="Forward: with W1 = 0 and b1 = 0 every hidden unit outputs tanh(0) = 0. Backward: ∂L/∂W2 = δ hᵀ and "
         "∂L/∂W1 = (W2ᵀ δ ⊙ tanh′) xᵀ. Which of them can ever become non-zero? What does a model with a constant "
         "output score on XOR's balanced classes?",
    wrong=(1.0, 0.0, 0.75),
)


# ---------------------------------------------------------------------------------- 5.4 train/eval with dropout
class ModeRecorder(nn.Module):
    """A small MLP with dropout that records, at each call, (training mode?, gradients recorded?)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 2))
        self.calls = []

    def forward(self, x):
        self.calls.append((self.training, autograd.is_grad_enabled()))
        return self.net(x)


def _fit(model, optimizer, X_train, y_train, X_valid, y_valid, epochs, set_train, set_eval):
    accuracies = []
    for _ in range(epochs):
        if set_train:
            model.train()
        for start in range(0, len(X_train), 16):
            loss = F.cross_entropy(model(X_train[start:start + 16]), y_train[start:start + 16])
            optimizer.zero_grad(); loss.backward(); optimizer.step()
        if set_eval:
            model.eval()
        with autograd.no_grad():
            accuracies.append((model(X_valid).argmax(dim=1) == y_valid).float().mean().item())
    return accuracies


def check_fit_with_dropout(fit):
    """The learner's loop trains in training mode and evaluates in eval mode, in every epoch."""
    X, y = xor_data(64, seed=1)
    autograd.manual_seed(0)
    model = ModeRecorder()
    accuracies = fit(model, optim.Adam(model.parameters(), lr=0.01), X, y, X, y, epochs=3)
    training_calls = [mode for mode, grad in model.calls if grad]
    evaluation_calls = [mode for mode, grad in model.calls if not grad]
    if not training_calls or not evaluation_calls:
        raise Wrong("the loop should call the model with gradients (training) and under no_grad (evaluation)")
    if not all(training_calls):
        k = training_calls.index(False)
        raise Wrong(f"training step {k + 1} ran with dropout switched off (the model was in eval mode): from then on "
                    "the network trains without the regularisation it was built with")
    if any(evaluation_calls):
        raise Wrong("the evaluations ran with dropout on (the model was in training mode): half of the hidden units "
                    "are zeroed at random while measuring, so the validation accuracy is noisy and too low")
    if len(accuracies) != 3:
        raise Wrong(f"fit should return one validation accuracy per epoch (3 here), not {len(accuracies)}")
    return "every training step ran in train() mode and every evaluation in eval() mode."


fit_with_dropout = Exercise(
    "fit_with_dropout", "5.6", "debug", "a training loop with dropout", check_fit_with_dropout,
    hint="A module starts in training mode and stays in the last mode set; section 8 names the two methods that "
         "switch dropout on and off. In which mode must each phase of an epoch run, and what mode does the previous "
         "phase leave behind?",
    wrong=(lambda *args, epochs: _fit(*args, epochs, set_train=False, set_eval=False),   # the starter: neither
           lambda *args, epochs: _fit(*args, epochs, set_train=False, set_eval=True)),   # eval() but no train()
)


# --------------------------------------------------------------------------- 5.5 a linear layer's backward
def check_linear_backward(linear_backward):
    """The learner's (dX, dW, db) for Y = X Wᵀ + b, given G = ∂L/∂Y, against autograd."""
    rng = np.random.default_rng(3)
    X, W, b = (tensor(rng.normal(size=s), requires_grad=True) for s in [(4, 3), (5, 3), (5,)])
    G = tensor(rng.normal(size=(4, 5)))
    expected = autograd.grad((F.linear(X, W, b) * G).sum(), [X, W, b])
    answer = linear_backward(X.detach(), W.detach(), G)
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        raise Wrong("return three arrays: (dL/dX, dL/dW, dL/db)")
    for name, got, want in zip(["dL/dX", "dL/dW", "dL/db"], answer, expected, strict=True):
        got, want = as_array(got, f"your {name}"), as_array(want)
        if got.shape != want.shape:
            turned = ", its transpose" if got.shape == want.shape[::-1] else ""
            raise Wrong(f"your {name} has shape {got.shape}{turned}; a gradient has the shape of what it is the "
                        f"gradient of: {want.shape} (X is 4×3, W is 5×3, G is 4×5)")
        note = factor_note(got, want, {1 / 4: "divided by the batch size 4: L is not a mean here"})
        if note:
            raise Wrong(f"your {name} is not autograd's{note}")
        compare(got, want, f"your {name} (X is 4×3, W is 5×3, G is 4×5)")
    return "all three match autograd: dX = G W, dW = Gᵀ X, db = the column sums of G."


linear_backward = Exercise(
    "linear_backward", "5.4", "derive", "the gradients of a linear layer", check_linear_backward,
    hint="Write one element: Y[n, o] = Σ_i X[n, i] W[o, i] + b[o], and L depends on it through G[n, o]. For one "
         "entry W[o, i], which Y[n, o] does it touch? Sum over them, then recognise the sum as a matrix product. "
         "Each gradient has the shape of what it is the gradient of.",
    wrong=(lambda X, W, G: (G @ W, X.T @ G, G.sum(0)),
           lambda X, W, G: (G @ W, G.T @ X, G.mean(0))),
)


# ------------------------------------------------------------------------------------- 5.6 counting parameters
def check_parameter_count(count):
    """The number of parameters of an MLP 784-512-256-10, against the modules' own count."""
    count = as_array(count, "your count")
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))
    truth = sum(p.numel() for p in model.parameters())
    if count.shape != () or float(count) != truth:
        weights = 784 * 512 + 512 * 256 + 256 * 10
        extra = " (that is the weights alone: each unit has a bias too)" if float(count.ravel()[0]) == weights else ""
        raise Wrong(f"{count.ravel()[0]:,.0f} is not it{extra}")
    return f"{truth:,} parameters, of which {784 * 512 + 512:,} in the first layer alone."


parameter_count = Exercise(
    "parameter_count", "5.3", "apply", "the parameters of an MLP", check_parameter_count,
    hint="Each nn.Linear(n_in, n_out) holds n_in · n_out weights and n_out biases; ReLU holds none.",
    wrong=(784 * 512 + 512 * 256 + 256 * 10, 784 + 512 + 256 + 10),
)

sheet = Sheet("nb05", [relu_function, mlp_forward, zero_init_accuracy, fit_with_dropout, linear_backward,
                       parameter_count])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
