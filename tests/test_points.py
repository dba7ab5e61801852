"""Placing postings by latitude/longitude with the Census Gazetteer internal points, on SQLite and PostgreSQL."""

import functools
import http.server
import math
import os
import shutil
import threading
import uuid
import zipfile

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from laborlens.cli import main
from laborlens.http import make_client
from laborlens.reference import update_reference_data
from laborlens.reference.catalogue import COUNTY_POINTS, FILES_BY_PATH, ZCTA_POINTS
from laborlens.reference.fetch import _download_and_extract
from laborlens.reference.points import Place, place_point, place_zip
from laborlens.settings import load_settings
from laborlens.sources import ingest
from laborlens.sources.normalize import NormalizedPosting
from laborlens.store.models import CountyPoint, Posting, ZctaPoint

# A few rows of the 2024 Gazetteer files, in their layout: tab-separated, the last header padded with spaces.
ZCTA_HEADER = "GEOID\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG" + " " * 100
ZCTAS = [
    ("45402", 39.757066, -84.189844),  # downtown Dayton, OH
    ("45403", 39.762436, -84.149497),
    ("45405", 39.789979, -84.213014),
    ("45409", 39.723030, -84.186019),
    ("45424", 39.846095, -84.112914),  # Huber Heights
    ("45324", 39.816983, -84.020041),  # Fairborn: mostly Dayton's CBSA, a little Springfield's
    ("10001", 40.750633, -73.997177),  # Chelsea, Manhattan
    ("10002", 40.715775, -73.986212),
    ("07030", 40.745096, -74.027948),  # Hoboken, NJ: New York's CBSA, New Jersey's state
]
COUNTY_HEADER = "USPS\tGEOID\tGEOIDFQ\tANSICODE\tNAME\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG   "
COUNTIES = [
    ("OH", "39113", "Montgomery County", 39.754710, -84.290419),
    ("OH", "39057", "Greene County", 39.691199, -83.889509),
    ("OH", "39109", "Miami County", 40.053342, -84.229099),
    ("OH", "39023", "Clark County", 39.917032, -83.783674),
    ("IN", "18177", "Wayne County", 39.864254, -85.009765),
    ("NY", "36061", "New York County", 40.776557, -73.970174),
    ("NY", "36047", "Kings County", 40.635133, -73.950777),
    ("NJ", "34017", "Hudson County", 40.731190, -74.075665),
]
DAYTON = (39.7589, -84.1916)


def _zcta_text() -> str:
    rows = [f"{z}\t1000\t10\t0.386\t0.004\t{lat:.6f}\t{lon:.6f}" for z, lat, lon in ZCTAS]
    return "\n".join([ZCTA_HEADER, *rows]) + "\n"


def _county_text() -> str:
    rows = [
        f"{usps}\t{fips}\t0500000US{fips}\t00000000\t{name}\t1000\t10\t0.386\t0.004\t{lat:.6f}\t{lon:.6f}"
        for usps, fips, name, lat, lon in COUNTIES
    ]
    return "\r\n".join([COUNTY_HEADER, *rows])  # Windows line ends, no final line end: both happen


@pytest.fixture(scope="module")
def gazetteer_mirror(mirror, tmp_path_factory):
    """The shared mirror (as symlinks) plus census/ with a few real Gazetteer rows."""
    root = tmp_path_factory.mktemp("gazetteer") / "mirror"
    shutil.copytree(mirror, root, copy_function=os.symlink)
    (root / "census").mkdir()
    (root / ZCTA_POINTS).write_text(_zcta_text())
    (root / COUNTY_POINTS).write_bytes(_county_text().encode())
    return root


@pytest.fixture(scope="module")
def placed(reference_copy, gazetteer_mirror):
    """(settings, store, report): the reference data with the Gazetteer points, fetched from the mirror."""
    settings, store = reference_copy
    report = update_reference_data(settings, store, str(gazetteer_mirror))
    return settings, store, report


def _posting(**fields) -> NormalizedPosting:
    return NormalizedPosting(source=f"test-{uuid.uuid4().hex[:8]}", source_id="1", title="Line cook", **fields)


def _stored(store, posting: NormalizedPosting) -> Posting:
    report = ingest(store, [posting])
    assert report.added == 1 and not report.errors
    with store.session() as session:
        return session.execute(select(Posting).where(Posting.source == posting.source)).scalar_one()


def test_gazetteer_files_are_fetched_and_loaded(placed):
    _, store, report = placed
    assert report.loaded and not report.warnings
    assert report.manifest["files"][ZCTA_POINTS]["rows"] == len(ZCTAS)
    assert report.manifest["files"][COUNTY_POINTS]["publisher"] == "Census Bureau Gazetteer"
    with store.session() as session:
        zcta = session.get(ZctaPoint, "07030")
        county = session.get(CountyPoint, "39113")
    assert zcta.latitude == pytest.approx(40.745096)
    assert (county.name, county.state_fips, county.longitude) == ("Montgomery County", "39", pytest.approx(-84.290419))


def test_posting_with_dayton_coordinates_and_no_zip_is_placed_in_montgomery_county(placed):
    _, store, _ = placed
    row = _stored(store, _posting(latitude=DAYTON[0], longitude=DAYTON[1], location_text="Oregon District"))
    assert (row.zip, row.cbsa_code, row.state_fips, row.county_fips) == ("45402", "19430", "39", "39113")


def test_zip_straddling_two_cbsas_takes_the_one_with_most_addresses(placed):
    _, store, _ = placed
    assert place_point(store, 39.8170, -84.0200) == Place("45324", "39057", "19430", "39")


def test_point_in_new_jersey_takes_new_jersey_not_the_cbsas_main_state(placed):
    _, store, _ = placed
    assert place_point(store, 40.7440, -74.0300) == Place("07030", "34017", "35620", "34")
    assert place_point(store, 40.7506, -73.9972) == Place("10001", "36061", "35620", "36")


@pytest.mark.parametrize(
    "point",
    [
        (38.0, -60.0),  # the Atlantic
        (0.0, 0.0),
        (math.nan, -84.19),
        (39.75, math.inf),
        (95.0, -84.19),
        (39.75, -200.0),
        ("north", "west"),
        (None, -84.19),
    ],
)
def test_point_off_the_map_or_invalid_gets_no_placement_and_no_error(placed, point):
    _, store, _ = placed
    assert place_point(store, *point) is None
    if all(isinstance(value, float) for value in point):  # what a source can hand over
        row = _stored(store, _posting(latitude=point[0], longitude=point[1]))
        assert (row.zip, row.county_fips, row.cbsa_code, row.state_fips) == (None, None, None, None)


def test_nearest_zip_counts_only_within_30_km(placed):
    _, store, _ = placed
    lat, lon = 40.715775, -73.986212  # 10002's internal point; a degree of longitude here is about 84.4 km
    per_km = 1 / (111.195 * math.cos(math.radians(lat)))
    assert place_point(store, lat, lon + 25 * per_km).zip == "10002"
    assert place_point(store, lat, lon + 35 * per_km) is None


def test_zip_given_wins_over_coordinates_and_fills_the_county(placed):
    _, store, _ = placed
    row = _stored(store, _posting(zip="45402"))
    assert (row.zip, row.cbsa_code, row.state_fips, row.county_fips) == ("45402", "19430", "39", "39113")
    far_away = _stored(store, _posting(zip="45402", latitude=40.7506, longitude=-73.9972))
    assert (far_away.zip, far_away.state_fips, far_away.county_fips) == ("45402", "39", "39113")
    assert place_zip(store, "0745") is None and place_zip(store, "K1A 0") is None


def test_without_coordinates_city_text_places_as_before(placed):
    _, store, _ = placed
    row = _stored(store, _posting(location_text="Dayton, OH"))
    assert (row.zip, row.cbsa_code, row.state_fips, row.county_fips) == (None, "19430", "39", None)
    hoboken = _stored(store, _posting(location_text="Hoboken, NJ"))
    assert (hoboken.cbsa_code, hoboken.state_fips) == ("35620", "34")


def test_fetch_from_a_mirror_without_gazetteer_files_succeeds_and_says_placement_is_off(loaded, mirror):
    settings, store = loaded
    assert not (mirror / "census").exists()
    result = CliRunner().invoke(
        main, ["--home", str(settings.home), "--database-url", store.url, "data", "fetch", "--from", str(mirror)]
    )
    assert result.exit_code == 0, result.output
    assert f"Warning: {ZCTA_POINTS}: " in result.output and "skipped (optional)" in result.output
    assert "placement of postings by latitude/longitude is off until it is fetched" in result.output
    assert place_point(store, *DAYTON) is None  # no points loaded: nothing placed by coordinates, no error


def test_official_gazetteer_zip_is_unpacked_to_the_mirror_path(tmp_path):
    """The official files are zips holding the .txt; fetched through the replay hook from 127.0.0.1."""
    site = tmp_path / "site" / "www2.census.gov/geo/docs/maps-data/data/gazetteer/2024_Gazetteer"
    site.mkdir(parents=True)
    for path, text in ((ZCTA_POINTS, _zcta_text()), (COUNTY_POINTS, _county_text())):
        name = path.rsplit("/", 1)[-1]
        with zipfile.ZipFile(site / name.replace(".txt", ".zip"), "w") as bundle:
            bundle.writestr(name, text)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "site"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings = load_settings(home=tmp_path / "home", base_url=f"http://127.0.0.1:{server.server_address[1]}")
        with make_client(settings) as client:
            member = _download_and_extract(client, FILES_BY_PATH[ZCTA_POINTS], tmp_path / "staging", None)
    finally:
        server.shutdown()
        server.server_close()
    assert member == "2024_Gaz_zcta_national.txt"
    assert (tmp_path / "staging" / ZCTA_POINTS).read_text() == _zcta_text()
    assert not list((tmp_path / "staging" / "_downloads").iterdir())
