"""Drawing a single-layer network: linear, logistic and softmax regression as neurons (notebooks 2, 3 and 4).

    draw_single_layer(ax, ["x₁", "x₂", "x₃"], ["ŷ"], "identity")

draws one circle per input on the left, one per output on the right, an arrow from every input to every output
(the weight w_ji on it when there are few), and under each output what the neuron computes with its weighted sum.
"""
import matplotlib.pyplot as plt


def _column(n, height=1.0):
    """n vertical positions centred on 0, spaced evenly."""
    return [height * (i - (n - 1) / 2) for i in range(n)][::-1]


def draw_single_layer(ax, inputs, outputs, activation, weight_labels=True, title=None):
    """Inputs (labels) fully connected to outputs (labels); `activation` names what each output applies to its
    weighted sum s_j = Σ_i w_ji x_i + b_j (e.g. "identity", "σ(s)", "softmax")."""
    x_in, x_out, r = 0.0, 3.0, 0.28
    y_in, y_out = _column(len(inputs)), _column(len(outputs), height=1.3)
    for j, (label, y_o) in enumerate(zip(outputs, y_out, strict=True)):
        for i, y_i in enumerate(y_in):
            ax.annotate("", xy=(x_out - r, y_o), xytext=(x_in + r, y_i),
                        arrowprops={"arrowstyle": "->", "color": "0.45", "lw": 1})
            if weight_labels:
                t = 0.28                                         # label each arrow near its input end
                ax.text(x_in + r + t * (x_out - x_in - 2 * r), y_i + t * (y_o - y_i) + 0.08,
                        f"w{j + 1}{i + 1}" if len(outputs) > 1 else f"w{i + 1}", fontsize=8, color="0.3")
        ax.add_patch(plt.Circle((x_out, y_o), r, fc="#dff0d8", ec="k"))
        ax.text(x_out, y_o, label, ha="center", va="center", fontsize=11)
        ax.text(x_out + r + 0.12, y_o, f"+ b{j + 1 if len(outputs) > 1 else ''}", va="center", fontsize=8, color="0.3")
    for label, y_i in zip(inputs, y_in, strict=True):
        ax.add_patch(plt.Circle((x_in, y_i), r, fc="#d9e8f5", ec="k"))
        ax.text(x_in, y_i, label, ha="center", va="center", fontsize=11)
    low = min(y_in + y_out) - 0.9
    ax.text(x_in, low + 0.25, "inputs", ha="center", fontsize=9)
    ax.text(x_out, low + 0.25, f"output: {activation}", ha="center", fontsize=9)
    ax.set(xlim=(-0.6, x_out + 1.0), ylim=(low, max(y_in + y_out) + 0.6), aspect="equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
