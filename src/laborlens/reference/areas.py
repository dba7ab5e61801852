"""Areas by any name a user gives: 'national', a state ('TX', 'state:48'), a CBSA ('cbsa:35620'), a ZIP or
'City, ST'."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from laborlens.errors import LaborLensError
from laborlens.reference.geography import STATE_BY_ABBR, STATE_BY_FIPS, STATE_BY_NAME
from laborlens.store import Store
from laborlens.store.models import Cbsa, County, OewsArea, ZipCbsa

NATIONAL = "0000000"
_HELP = "use 'national', a state ('TX' or 'state:48'), a CBSA ('cbsa:35620'), a 5-digit ZIP or 'City, ST'"


class AreaError(LaborLensError, ValueError):
    """An area that cannot be read or found."""


@dataclass(frozen=True)
class Area:
    """A place, in the terms the data needs: its kind, code and name, plus the state it lies in."""

    kind: str  # "national", "state" or "cbsa"
    code: str  # "US", state FIPS, or CBSA code
    name: str
    state_fips: str | None = None

    @property
    def key(self) -> str:
        return {"national": "national", "state": f"state:{self.code}", "cbsa": f"cbsa:{self.code}"}[self.kind]


def resolve_area(store: Store, text: str) -> Area:
    """Read an area reference; raises :class:`AreaError` saying what forms are accepted."""
    raw = (text or "").strip()
    lowered = raw.lower()
    if lowered in {"national", "us", "usa", "united states", "nation"}:
        return Area("national", "US", "United States")
    state = _state(raw)
    if state:
        return state
    match = re.fullmatch(r"(?:cbsa:|msa:)?(\d{5})", lowered)
    if match and lowered.startswith(("cbsa:", "msa:")):
        return _cbsa(store, match.group(1), raw)
    if match:
        return _zip(store, match.group(1))
    city = re.fullmatch(r"([A-Za-z .'-]+),\s*([A-Za-z]{2})", raw)
    if city:
        return _city(store, city.group(1).strip(), city.group(2).upper())
    raise AreaError(f"Unknown area {raw!r}: {_HELP}.")


def _city(store: Store, city: str, state: str) -> Area:
    """'Dayton, OH' -> the CBSA most of that city's ZIP addresses fall in (or the state outside any CBSA)."""
    if state not in STATE_BY_ABBR:
        raise AreaError(f"Unknown state {state!r} in '{city}, {state}': use a postal abbreviation like OH.")
    with store.session() as session:
        rows = session.execute(
            select(ZipCbsa.cbsa_code, func.sum(ZipCbsa.address_share))
            .where(func.lower(ZipCbsa.city) == city.lower(), ZipCbsa.state_abbr == state)
            .group_by(ZipCbsa.cbsa_code)
            .order_by(func.sum(ZipCbsa.address_share).desc())
        ).all()
    if not rows:
        raise AreaError(f"Unknown place '{city}, {state}': try its ZIP code or the state ({state}).")
    code = rows[0][0]
    fips = STATE_BY_ABBR[state][0]
    if code == "99999":
        return Area("state", fips, STATE_BY_FIPS[fips][1], fips)
    area = _cbsa(store, code, f"cbsa:{code}")
    return Area("cbsa", area.code, area.name, area.state_fips or fips)


def _state(raw: str) -> Area | None:
    upper = raw.upper()
    if upper.startswith("STATE:"):
        value = raw.split(":", 1)[1].strip()
        if value.zfill(2) in STATE_BY_FIPS:
            fips = value.zfill(2)
        elif value.upper() in STATE_BY_ABBR:
            fips = STATE_BY_ABBR[value.upper()][0]
        else:
            raise AreaError(f"Unknown state {value!r}: use a 2-digit FIPS code or a postal abbreviation.")
        return Area("state", fips, STATE_BY_FIPS[fips][1], fips)
    if upper in STATE_BY_ABBR:
        fips, name = STATE_BY_ABBR[upper]
        return Area("state", fips, name, fips)
    if raw.lower() in STATE_BY_NAME:
        fips, _ = STATE_BY_NAME[raw.lower()]
        return Area("state", fips, STATE_BY_FIPS[fips][1], fips)
    return None


def _cbsa(store: Store, code: str, raw: str) -> Area:
    with store.session() as session:
        cbsa = session.get(Cbsa, code)
        oews = session.execute(select(OewsArea).where(OewsArea.cbsa_code == code)).scalar_one_or_none()
        # A CBSA may cross state lines; its principal state is the one with the most of its counties.
        main_state = session.execute(
            select(County.state_fips)
            .where(County.cbsa_code == code)
            .group_by(County.state_fips)
            .order_by(func.count().desc(), County.state_fips)
            .limit(1)
        ).scalar_one_or_none()
    if cbsa is None and oews is None:
        raise AreaError(f"Unknown CBSA {raw!r}: no metropolitan or micropolitan area has code {code}.")
    name = cbsa.title if cbsa else oews.name
    return Area("cbsa", code, name, oews.state_fips if oews else main_state)


def _zip(store: Store, code: str) -> Area:
    with store.session() as session:
        rows = (
            session.execute(select(ZipCbsa).where(ZipCbsa.zip == code).order_by(ZipCbsa.address_share.desc()))
            .scalars()
            .all()
        )
    if not rows:
        raise AreaError(f"Unknown ZIP code {code!r}: it is not in the loaded HUD ZIP crosswalk.")
    best = rows[0]
    state_fips = STATE_BY_ABBR.get(best.state_abbr or "", (None, None))[0]
    if best.cbsa_code == "99999":  # outside any metro or micro area: the state is the nearest area
        if state_fips is None:
            raise AreaError(f"ZIP code {code!r} lies outside any CBSA and its state is unknown.")
        return Area("state", state_fips, STATE_BY_FIPS[state_fips][1], state_fips)
    area = _cbsa(store, best.cbsa_code, f"cbsa:{best.cbsa_code}")
    return Area("cbsa", area.code, area.name, area.state_fips or state_fips)
