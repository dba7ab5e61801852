"""Reference data: O*NET, SOC 2018, BLS Employment Projections, OEWS wages and geography.

Fetch and load it with :func:`update_reference_data`; read it with the look-ups below.
"""

from laborlens.reference.areas import Area, AreaError, resolve_area
from laborlens.reference.occupations import (
    code_index,
    occupation_links,
    occupation_profile,
    projection_for,
    resolve,
    search_occupations,
)
from laborlens.reference.status import reference_status
from laborlens.reference.update import UpdateReport, loaded_manifest, reload_reference_data, update_reference_data
from laborlens.reference.wages import Wages, wages_for

__all__ = [
    "Area",
    "AreaError",
    "UpdateReport",
    "Wages",
    "code_index",
    "loaded_manifest",
    "occupation_links",
    "occupation_profile",
    "projection_for",
    "reference_status",
    "reload_reference_data",
    "resolve",
    "resolve_area",
    "search_occupations",
    "update_reference_data",
    "wages_for",
]
