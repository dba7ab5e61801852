"""Forecasts of posting counts with prediction intervals, chosen and judged by a rolling-origin backtest.

Two statsmodels models compete on each series:

* ``negbin``: a negative-binomial regression on a log-linear trend and Fourier seasonal terms, for counts
  of any size (small ones included); its intervals are simulated from the fitted distribution with the
  parameters' own uncertainty.
* ``ets``: exponential smoothing (additive damped trend, additive seasonality once three years are in)
  on ``log(1 + count)``, with paths simulated from the fitted model and mapped back.

``auto`` takes the negative-binomial model unless exponential smoothing backtests clearly better (MASE
under :data:`ETS_MARGIN` times as large): ETS intervals leave out parameter uncertainty and cover less
than their nominal rate on short series (see BENCHMARKS.md), so it has to earn its place.

MASE scales the mean absolute error of forecasts made from earlier origins by the in-sample error of the
seasonal-naive forecast (same value a season ago); the seasonal-naive forecaster's own backtest MASE is
reported beside it, so "does this model beat last year's number?" has an answer.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from laborlens.errors import LaborLensError

LEVELS = (0.80, 0.95)
MODELS = ("negbin", "ets")
BACKTEST_ORIGINS = 6
SIMULATIONS = 4000
ETS_MARGIN = 0.8


class ForecastError(LaborLensError, ValueError):
    """A series that cannot be forecast, with the reason."""


def minimum_length(season: int) -> int:
    """Periods needed: a season for the seasonal-naive scale, plus six origins to backtest from."""
    return season + BACKTEST_ORIGINS + 1


@dataclass
class Forecast:
    """``horizon`` forecasts: point (median) and, per level, ``[low, high]`` prediction intervals."""

    model: str
    point: list[float]
    intervals: dict[float, list[tuple[float, float]]]
    backtest: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _design(t: np.ndarray, season: int, seasonal: bool) -> np.ndarray:
    columns = [np.ones_like(t, dtype=float), t / max(season, 1)]
    if seasonal:
        for k in range(1, min(3, season // 2) + 1):
            angle = 2 * np.pi * k * t / season
            columns += [np.sin(angle), np.cos(angle)]
    return np.column_stack(columns)


def _negbin(y: np.ndarray, horizon: int, season: int, rng: np.random.Generator) -> np.ndarray:
    """Simulated future paths (SIMULATIONS x horizon) from a negative-binomial trend + season model."""
    import statsmodels.api as sm

    n = len(y)
    seasonal = n >= 2 * season
    t = np.arange(n + horizon, dtype=float)
    X = _design(t, season, seasonal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fitted = sm.NegativeBinomial(y, X[:n]).fit(disp=0, maxiter=200)
            params, cov = np.asarray(fitted.params), np.asarray(fitted.cov_params())
            beta, log_alpha_scale = params[:-1], params[-1]
            alpha = max(float(log_alpha_scale), 1e-8)
            if not np.all(np.isfinite(cov)) or not fitted.mle_retvals.get("converged", True):
                raise ValueError("no convergence")
            cov = cov[:-1, :-1]
        except (ValueError, np.linalg.LinAlgError):  # overdispersion not identifiable: Poisson
            fitted = sm.GLM(y, X[:n], family=sm.families.Poisson()).fit()
            beta, cov, alpha = np.asarray(fitted.params), np.asarray(fitted.cov_params()), 1e-8
    draws = rng.multivariate_normal(beta, cov, size=SIMULATIONS, method="svd")
    mu = np.exp(np.clip(draws @ X[n:].T, -30, 30))
    # Negative binomial as a gamma-Poisson mixture with variance mu + alpha * mu^2.
    rate = rng.gamma(shape=1 / alpha, scale=alpha * mu)
    return rng.poisson(rate).astype(float)


def _ets(y: np.ndarray, horizon: int, season: int, rng: np.random.Generator) -> np.ndarray:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    n = len(y)
    # A seasonal ETS fits one state per period of the season: with fewer than three seasons it fits noise.
    seasonal = season > 1 and season <= 24 and n >= 3 * season
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = ETSModel(
            np.log1p(y.astype(float)),
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add" if seasonal else None,
            seasonal_periods=season if seasonal else None,
        )
        fitted = model.fit(disp=False, maxiter=500)
        paths = fitted.simulate(horizon, repetitions=SIMULATIONS, anchor="end", rng=rng)
    return np.clip(np.expm1(np.asarray(paths).reshape(horizon, -1).T), 0, None)


_SIMULATORS = {"negbin": _negbin, "ets": _ets}


def _seasonal_naive_scale(y: np.ndarray, season: int) -> float:
    m = season if len(y) > season else 1
    return float(np.mean(np.abs(y[m:] - y[:-m]))) if len(y) > m else float("nan")


def backtest(y: np.ndarray, model: str, horizon: int, season: int, seed: int = 0) -> dict:
    """Rolling-origin backtest: forecast from each of the last BACKTEST_ORIGINS origins, score by MASE."""
    rng = np.random.default_rng(seed)
    model_errors, naive_errors, scales = [], [], []
    n = len(y)
    for origin in range(n - BACKTEST_ORIGINS, n):
        train, actual = y[:origin], y[origin : origin + horizon]
        steps = len(actual)
        paths = _SIMULATORS[model](train, steps, season, rng)
        model_errors.append(np.abs(actual - np.median(paths, axis=0)))
        naive = np.array([train[len(train) - season + (h % season)] for h in range(steps)])
        naive_errors.append(np.abs(actual - naive))
        scales.append(_seasonal_naive_scale(train, season))
    scale = float(np.nanmean(scales))
    if not scale or not np.isfinite(scale):
        scale = float(np.mean(np.abs(y))) or 1.0  # a flat history: scale by the level instead
    return {
        "origins": BACKTEST_ORIGINS,
        "mase": round(float(np.mean(np.concatenate(model_errors))) / scale, 3),
        "seasonal_naive_mase": round(float(np.mean(np.concatenate(naive_errors))) / scale, 3),
    }


def forecast_counts(
    values, horizon: int, season: int = 12, model: str = "auto", levels=LEVELS, seed: int = 0
) -> Forecast:
    """Forecast a count series ``horizon`` periods ahead with prediction intervals at ``levels``.

    ``model`` is ``negbin``, ``ets`` or ``auto`` (the one with the lower backtest MASE).
    Raises :class:`ForecastError` when the series is too short or empty.
    """
    y = np.asarray(values, dtype=float)
    if horizon < 1 or horizon > 60:
        raise ForecastError(f"Horizon {horizon} is out of range: forecast 1 to 60 periods ahead.")
    if model != "auto" and model not in _SIMULATORS:
        raise ForecastError(f"Unknown model {model!r}: use auto, {', '.join(MODELS)}.")
    need = minimum_length(season)
    if len(y) < need:
        raise ForecastError(
            f"Too short to forecast: {len(y)} periods, and a forecast with a backtest needs at least {need}."
        )
    if not y.any():
        raise ForecastError("Nothing to forecast: the series has no postings.")
    notes = []
    if np.mean(y[-season:]) < 5:
        notes.append("Small counts (under 5 a period): the intervals are wide and the point forecast is rough.")
    candidates = MODELS if model == "auto" else (model,)
    scores = {}
    for name in candidates:
        try:
            scores[name] = backtest(y, name, horizon, season, seed)
        except (ValueError, np.linalg.LinAlgError) as exc:
            notes.append(f"Model {name} could not be fitted ({exc}).")
    if not scores:
        raise ForecastError("No model could be fitted to this series.")
    chosen = min(scores, key=lambda name: scores[name]["mase"] / (ETS_MARGIN if name == "ets" else 1.0))
    paths = _SIMULATORS[chosen](y, horizon, season, np.random.default_rng(seed))
    intervals = {}
    for level in levels:
        low, high = np.quantile(paths, [(1 - level) / 2, (1 + level) / 2], axis=0)
        intervals[level] = [(float(a), float(b)) for a, b in zip(low, high, strict=True)]
    result = scores[chosen] | {"candidates": {name: score["mase"] for name, score in scores.items()}}
    return Forecast(chosen, [float(v) for v in np.median(paths, axis=0)], intervals, result, notes)
