"""Activation functions, as functions of tensors:
    relu(x) = max(0, x),   sigmoid(x) = 1 / (1 + e^(−x)),   tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)),
    softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ),   log_softmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ)   (along `dim`).
Each is one of autograd's numerically stable operations."""
import autograd


def relu(input):
    return autograd.relu(input)


def sigmoid(input):
    return autograd.sigmoid(input)


def tanh(input):
    return autograd.tanh(input)


def softmax(input, dim=-1):
    return autograd.softmax(input, dim)


def log_softmax(input, dim=-1):
    return autograd.log_softmax(input, dim)
