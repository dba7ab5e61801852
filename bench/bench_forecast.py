"""Forecast interval coverage and backtest, for BENCHMARKS.md.

    python bench/bench_forecast.py [--seeds 20]

Each seed draws 42 months of Poisson counts around a 3%-a-month trend with a +-30% yearly swing, fits on
the first 36 and checks whether the last 6 fall inside the 80% and 95% prediction intervals, for each
model and for `auto`, at a base of 50 and of 3 postings a month.
"""

from __future__ import annotations

import argparse
from datetime import date

import numpy as np

from laborlens.demand.forecast import forecast_counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    print(f"{date.today()}: {args.seeds} seeds, 36 months fitted, 6 ahead")
    print("| model | base a month | 80% covered | 95% covered | median MASE |")
    print("|---|---|---|---|---|")
    for model in ("negbin", "ets", "auto"):
        for base in (50, 3):
            inside, total, mase = {0.8: 0, 0.95: 0}, 0, []
            for seed in range(args.seeds):
                rng = np.random.default_rng(seed)
                t = np.arange(42)
                y = rng.poisson(base * 1.03**t * (1 + 0.3 * np.sin(2 * np.pi * t / 12)))
                result = forecast_counts(y[:36], 6, 12, model=model, seed=seed)
                for level in inside:
                    low, high = np.array(result.intervals[level]).T
                    inside[level] += int(((y[36:] >= low) & (y[36:] <= high)).sum())
                total += 6
                mase.append(result.backtest["mase"])
            print(
                f"| {model} | {base} | {inside[0.8] / total:.2f} | {inside[0.95] / total:.2f} | "
                f"{np.median(mase):.2f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
