"""Place a point on the map: the ZIP, county, CBSA and state of a latitude/longitude.

Uses the Census Gazetteer's internal points of ZIP Code Tabulation Areas and counties (optional
reference files; without them nothing is placed by coordinates) and the HUD ZIP -> CBSA crosswalk.

- **ZIP**: the ZCTA whose internal point is nearest, if it lies within :data:`ZIP_LIMIT_KM` (30 km);
  farther than that the point is taken to be off the map (at sea, abroad, or a bad coordinate).
- **CBSA and state**: the ZIP's, from the crosswalk row with the largest share of the ZIP's addresses
  ("99999", outside any CBSA, gives the state alone).
- **County**: the county of the ZIP's state whose internal point is nearest. This is an approximation:
  near a county border, or in a county much larger than its neighbours, it can name the neighbour.

A ZIP the crosswalk lacks (ZCTAs and USPS ZIPs differ a little) takes its state from the nearest county
anywhere and its CBSA from that county's delineation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree
from sqlalchemy import select

from laborlens.reference.geography import STATE_BY_ABBR
from laborlens.store import Store
from laborlens.store.models import Cbsa, County, CountyPoint, OewsArea, ZctaPoint, ZipCbsa

EARTH_RADIUS_KM = 6371.0088
ZIP_LIMIT_KM = 30.0
_CACHE_KEY = "reference.points"


@dataclass(frozen=True)
class Place:
    """Where a posting is: codes in their standard spelling, None where unknown."""

    zip: str | None = None
    county_fips: str | None = None
    cbsa_code: str | None = None
    state_fips: str | None = None


def place_point(store: Store, latitude, longitude) -> Place | None:
    """The ZIP, county, CBSA and state of a point, or None when it is invalid or off the map.

    Parameters
    ----------
    store:
        A store holding the reference data; the Gazetteer points are read once and kept until the
        next reference load.
    latitude, longitude:
        Degrees (WGS84). NaN, out-of-range values, 0/0 and non-numbers give None, never an error.
    """
    point = _unit(latitude, longitude)
    if point is None:
        return None
    return _points(store).place(point)


def place_zip(store: Store, zip_code: str | None, latitude=None, longitude=None) -> Place | None:
    """The CBSA, state and (approximate) county of a 5-digit ZIP, or None for a ZIP the data does not know.

    The county is the one nearest the posting's own point when that lies within :data:`ZIP_LIMIT_KM` of the
    ZIP's internal point, else the one nearest the ZIP's internal point; None for a ZIP that is no ZCTA.
    """
    if not zip_code or not re.fullmatch(r"\d{5}", zip_code):
        return None
    return _points(store).describe(zip_code, _unit(latitude, longitude))


def _unit(latitude, longitude) -> np.ndarray | None:
    """The point as a unit vector (float32), or None where it is no usable coordinate."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError, OverflowError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    if lat == 0 and lon == 0:  # "Null Island": a missing coordinate written as zeros
        return None
    return _vectors(np.array([lat]), np.array([lon]))[0]


def _vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat, lon = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)]).astype(np.float32)


def _chord(km: float) -> float:
    """The straight-line distance between two unit vectors ``km`` apart on the Earth's surface."""
    return 2 * math.sin(km / (2 * EARTH_RADIUS_KM))


def _points(store: Store) -> _Points:
    return store.cached(_CACHE_KEY, lambda: _Points.from_store(store))


class _Points:
    """ZCTA and county internal points (float32 unit vectors, a k-d tree over the ZCTAs) and the crosswalk."""

    def __init__(self, zctas, counties, crosswalk, county_cbsa: dict[str, str | None], known_cbsas: set[str]):
        zctas, counties = sorted(zctas, key=lambda r: r[0]), sorted(counties, key=lambda r: r[0])
        self.zcta_codes = np.array([row[0] for row in zctas], dtype="U5")
        self.zcta_xyz = _vectors(np.array([row[1] for row in zctas]), np.array([row[2] for row in zctas]))
        # cKDTree keeps its own float64 copy (about 1 MB for the ~34,000 ZCTAs).
        self.tree = cKDTree(self.zcta_xyz) if len(zctas) else None
        self.county_codes = np.array([row[0] for row in counties], dtype="U5")
        self.county_xyz = _vectors(np.array([row[1] for row in counties]), np.array([row[2] for row in counties]))
        # Sorted by FIPS, so each state's counties are one slice: its first two digits.
        states, starts = np.unique(self.county_codes.astype("U2"), return_index=True)
        ends = [*starts[1:], len(counties)][: len(starts)]
        self.state_slices = {str(s): (int(a), int(b)) for s, a, b in zip(states, starts, ends, strict=True)}
        best: dict[str, tuple[str, str]] = {}
        for zip_code, cbsa, state_abbr in crosswalk:  # ordered by share, largest first
            if zip_code not in best:
                state = STATE_BY_ABBR.get(state_abbr or "", ("",))[0]
                best[zip_code] = (cbsa if cbsa in known_cbsas else "", state)
        codes = sorted(best)
        self.zip_codes = np.array(codes, dtype="U5")
        self.zip_cbsa = np.array([best[c][0] for c in codes], dtype="U5")
        self.zip_state = np.array([best[c][1] for c in codes], dtype="U2")
        self.county_cbsa = {fips: code for fips, code in county_cbsa.items() if code in known_cbsas}

    @classmethod
    def from_store(cls, store: Store) -> _Points:
        with store.session() as session:
            zctas = session.execute(select(ZctaPoint.zcta, ZctaPoint.latitude, ZctaPoint.longitude)).all()
            counties = session.execute(select(CountyPoint.fips, CountyPoint.latitude, CountyPoint.longitude)).all()
            crosswalk = session.execute(
                select(ZipCbsa.zip, ZipCbsa.cbsa_code, ZipCbsa.state_abbr).order_by(
                    ZipCbsa.zip, ZipCbsa.address_share.desc(), ZipCbsa.cbsa_code
                )
            ).all()
            county_cbsa = dict(session.execute(select(County.fips, County.cbsa_code)).all())
            known = set(session.execute(select(Cbsa.code)).scalars())
            known |= set(session.execute(select(OewsArea.cbsa_code).where(OewsArea.cbsa_code.is_not(None))).scalars())
        return cls(zctas, counties, crosswalk, county_cbsa, known)

    def place(self, point: np.ndarray) -> Place | None:
        if self.tree is None:
            return None
        distance, index = self.tree.query(point, distance_upper_bound=_chord(ZIP_LIMIT_KM))
        if not math.isfinite(distance):
            return None
        return self.describe(str(self.zcta_codes[index]), point)

    def describe(self, zip_code: str, point: np.ndarray | None) -> Place | None:
        """Place a ZIP; ``point`` (the posting's own) picks the county when it lies near the ZIP."""
        row = self._find(self.zip_codes, zip_code)
        zcta = self._find(self.zcta_codes, zip_code)
        if row is None and zcta is None:
            return None
        if zcta is not None and (point is None or _far(point, self.zcta_xyz[zcta], ZIP_LIMIT_KM)):
            point = self.zcta_xyz[zcta]
        elif zcta is None:
            point = None  # a ZIP that is no ZCTA (PO boxes, single buildings): no point to check it against
        cbsa = state = None
        if row is not None:
            cbsa, state = str(self.zip_cbsa[row]) or None, str(self.zip_state[row]) or None
        county = self._county(point, state) if point is not None else None
        if state is None and county:
            state = county[:2]
        if row is None and county:  # not in the crosswalk: the county's CBSA
            cbsa = self.county_cbsa.get(county)
        return Place(zip=zip_code, county_fips=county, cbsa_code=cbsa, state_fips=state)

    def _county(self, point: np.ndarray, state: str | None) -> str | None:
        start, stop = self.state_slices.get(state, (0, 0)) if state else (0, len(self.county_codes))
        if stop <= start:
            return None
        return str(self.county_codes[start + int(np.argmax(self.county_xyz[start:stop] @ point))])

    @staticmethod
    def _find(codes: np.ndarray, code: str) -> int | None:
        at = int(np.searchsorted(codes, code))
        return at if at < len(codes) and codes[at] == code else None


def _far(a: np.ndarray, b: np.ndarray, km: float) -> bool:
    return float(np.linalg.norm(a.astype(np.float64) - b)) > _chord(km)
