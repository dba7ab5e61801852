"""The reference files LaborLens needs: where each lives in a mirror and at its official source.

A mirror (a folder or URL) is laid out like shared/data: ``onet/<O*NET file>``,
``onet/2010_to_2019_Crosswalk.csv`` and ``bls/<BLS, Census and HUD files>``, plus, optionally,
``census/2024_Gaz_zcta_national.txt`` and ``census/2024_Gaz_counties_national.txt``: the Census
Gazetteer files (the tab-separated text inside the official zips, unchanged) that place postings by
latitude/longitude. Without them, postings are placed by ZIP or "City, ST" text only.
"""

from __future__ import annotations

from dataclasses import dataclass

ONET_DATABASE_URL = "https://www.onetcenter.org/dl_files/database/db_{version_}_text.zip"
ONET_CROSSWALK_URL = "https://www.onetcenter.org/taxonomy/2019/walk/2010_to_2019_Crosswalk.csv"
HUD_ZIP_CBSA_URL = "https://www.huduser.gov/hudapi/public/usps?type=3&query=All"
GAZETTEER_URL = "https://www2.census.gov/geo/docs/maps-data/data/gazetteer/2024_Gazetteer/2024_Gaz_{kind}_national.zip"
ZCTA_POINTS = "census/2024_Gaz_zcta_national.txt"
COUNTY_POINTS = "census/2024_Gaz_counties_national.txt"
_NO_POINTS = "placement of postings by latitude/longitude is off until it is fetched"


@dataclass(frozen=True)
class ReferenceFile:
    """One file of the reference set. ``path`` is relative to a mirror's root.

    An ``official_url`` ending in ``.zip`` for a path that does not is an archive holding the file.
    ``if_missing`` says what an optional file's absence turns off.
    """

    path: str
    publisher: str
    official_url: str | None = None  # None: comes inside the O*NET database zip
    required: bool = True
    if_missing: str | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


_ONET_NAMES = (
    "Occupation Data.txt",
    "Alternate Titles.txt",
    "Sample of Reported Titles.txt",
    "Task Statements.txt",
    "Tasks to DWAs.txt",
    "DWA Reference.txt",
    "Skills.txt",
    "Knowledge.txt",
    "Technology Skills.txt",
    "Tools Used.txt",
    "Related Occupations.txt",
    "Job Zones.txt",
    "Education, Training, and Experience.txt",
    "Education, Training, and Experience Categories.txt",
)

FILES: tuple[ReferenceFile, ...] = (
    *(ReferenceFile(f"onet/{name}", "O*NET Resource Center") for name in _ONET_NAMES),
    ReferenceFile("onet/Read Me.txt", "O*NET Resource Center", required=False),
    ReferenceFile("onet/2010_to_2019_Crosswalk.csv", "O*NET Resource Center", ONET_CROSSWALK_URL),
    ReferenceFile(
        "bls/occupation.xlsx", "BLS Employment Projections", "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
    ),
    ReferenceFile("bls/soc_2018_definitions.xlsx", "BLS SOC", "https://www.bls.gov/soc/2018/soc_2018_definitions.xlsx"),
    ReferenceFile(
        "bls/soc_2018_direct_match_title_file.xlsx",
        "BLS SOC",
        "https://www.bls.gov/soc/2018/soc_2018_direct_match_title_file.xlsx",
    ),
    ReferenceFile(
        "bls/list1_2023.xlsx",
        "Census Bureau CBSA delineation",
        "https://www2.census.gov/programs-surveys/metro-micro/geographies/reference-files/2023/"
        "delineation-files/list1_2023.xlsx",
    ),
    # HUD serves this crosswalk only through its API, which needs a (free) token.
    ReferenceFile("bls/zip_cbsa.csv", "HUD USPS ZIP crosswalk", HUD_ZIP_CBSA_URL, required=False),
    # Internal points of ZIP Code Tabulation Areas and counties (public domain), for placing by coordinates.
    ReferenceFile(
        ZCTA_POINTS,
        "Census Bureau Gazetteer",
        GAZETTEER_URL.format(kind="zcta"),
        required=False,
        if_missing=_NO_POINTS,
    ),
    ReferenceFile(
        COUNTY_POINTS,
        "Census Bureau Gazetteer",
        GAZETTEER_URL.format(kind="counties"),
        required=False,
        if_missing="postings placed by latitude/longitude get no county until it is fetched",
    ),
)

FILES_BY_PATH = {f.path: f for f in FILES}


def onet_zip_url(version: str) -> str:
    """Official text-release zip of an O*NET database version, e.g. '29.3'."""
    return ONET_DATABASE_URL.format(version_=version.replace(".", "_"))


def onet_attribution(version: str | None = None) -> str:
    """The attribution O*NET's CC BY 4.0 license asks for, naming the loaded release."""
    release = f"O*NET {version} Database" if version else "O*NET Database"
    return (
        f"This product includes information from the {release} by the U.S. Department of Labor, "
        "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
        "O*NET® is a trademark of USDOL/ETA."
    )
