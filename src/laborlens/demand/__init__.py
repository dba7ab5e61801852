"""Demand by geography: counts, growth and forecasts from coded, deduplicated postings.

    from laborlens.demand import series, growth, forecast, top
    series(store, "TX", occupation="53-7062")      # new and active postings per month
    growth(store, "cbsa:19100")                    # every occupation's latest growth, with context
    forecast(store, "national", occupation="53-7062.00", horizon=6)
    top(store, "TX", by="skill", window=3)         # movers

The tables behind them are rebuilt from the postings when stale (:func:`rebuild`, :func:`ensure_current`;
a web app allows a build some minutes old with :func:`tolerating_staleness`).
Every output should travel with :data:`LIMITS`, the caveats of posting-based demand.
"""

from laborlens.demand.aggregate import ensure_current, is_current, last_build, rebuild, tolerating_staleness
from laborlens.demand.forecast import Forecast, ForecastError, forecast_counts
from laborlens.demand.series import (
    LIMITS,
    MIN_BASE,
    DemandError,
    forecast,
    growth,
    ratio_interval,
    recent_trend,
    series,
    top,
)

__all__ = [
    "LIMITS",
    "MIN_BASE",
    "DemandError",
    "Forecast",
    "ForecastError",
    "ensure_current",
    "forecast",
    "forecast_counts",
    "growth",
    "is_current",
    "last_build",
    "ratio_interval",
    "recent_trend",
    "rebuild",
    "series",
    "tolerating_staleness",
    "top",
]
