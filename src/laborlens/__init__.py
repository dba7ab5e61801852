"""LaborLens: an open labor-market engine for low- and middle-skill workers and workforce agencies.

This product includes information from the O*NET Database by the U.S. Department of Labor,
Employment and Training Administration (USDOL/ETA), used under the CC BY 4.0 license.
"""

__version__ = "0.1.0"
