"""Learning from outcomes: accepted and declined matches re-weight the engine's parts (issue 13).

Pure module: numpy and scipy, no Django. The Django layer keeps, for each proposed match, the
parts the engine gave it (`Match.parts`) and whether the person (or the other side) accepted;
background work calls `fit_weights` on them and stores the weights the engine then uses.

The fit is a logistic regression of the answer on the parts,

    P(accepted) = σ(b + Σ θ_k · part_k),

whose coefficients start from the engine's weights (θ⁰ = LOGIT_SCALE · w⁰) and are pulled back to
them by an L2 penalty worth PULL outcomes, within bounds: each weight stays between LOW and HIGH
times its initial value. So a few outcomes cannot swing the ranking, and many move it only as far
as the bounds. The new weights are θ / LOGIT_SCALE: the ranking only uses their ratios.
Deterministic: no randomness, L-BFGS-B from the initial weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from lakou.matching.engine import DEFAULT_WEIGHTS, PARTS, weights_array

# A score difference of 0.1 is worth about 0.8 in log-odds at the start.
LOGIT_SCALE = 8.0
# The pull towards the initial weights, as many outcomes' worth of evidence.
PULL = 200.0
LOW, HIGH = 1.0 / 3.0, 3.0


def _matrix(
    outcomes: Iterable[tuple[Mapping[str, float] | Sequence[float] | NDArray[np.float64], bool]],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    rows, answers = [], []
    for parts, accepted in outcomes:
        if isinstance(parts, Mapping):
            rows.append([float(parts[name]) for name in PARTS])
        else:
            rows.append([float(v) for v in parts])
        answers.append(1.0 if accepted else 0.0)
    x = np.asarray(rows, dtype=np.float64).reshape(-1, len(PARTS))
    return x, np.asarray(answers)


def fit_weights(
    outcomes: Iterable[tuple[Mapping[str, float] | Sequence[float] | NDArray[np.float64], bool]],
    *,
    initial: Mapping[str, float] | None = None,
    pull: float = PULL,
    low: float = LOW,
    high: float = HIGH,
) -> dict[str, float]:
    """New weights from (parts, accepted) outcomes: a bounded logistic fit pulled towards
    `initial` (the engine's defaults). No outcomes: the initial weights."""
    w0 = weights_array(initial if initial is not None else DEFAULT_WEIGHTS)
    x, y = _matrix(outcomes)
    if len(y) == 0:
        return dict(zip(PARTS, w0.tolist(), strict=True))
    theta0 = LOGIT_SCALE * w0
    rate = float(np.clip(y.mean(), 0.01, 0.99))
    # Start the intercept where the initial weights give the observed acceptance rate.
    b0 = float(np.log(rate / (1 - rate)) - (x @ theta0).mean())

    def loss(params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
        b, theta = params[0], params[1:]
        z = b + x @ theta
        # log(1 + e^z) − y·z, stably
        value = float((np.logaddexp(0.0, z) - y * z).sum())
        p = 1.0 / (1.0 + np.exp(-z))
        grad_b = float((p - y).sum())
        grad = x.T @ (p - y)
        delta = theta - theta0
        value += 0.5 * pull * float(delta @ delta) / LOGIT_SCALE**2
        grad = grad + pull * delta / LOGIT_SCALE**2
        return value, np.concatenate([[grad_b], grad])

    bounds = [(-50.0, 50.0)] + [(low * t, high * t) for t in theta0]
    start = np.concatenate([[b0], theta0])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    theta = np.clip(result.x[1:], [lo for lo, _ in bounds[1:]], [hi for _, hi in bounds[1:]])
    return dict(zip(PARTS, (theta / LOGIT_SCALE).tolist(), strict=True))
