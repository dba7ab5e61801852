"""`data fetch`: mirrors (folder or URL), both O*NET layouts, idempotence, and failures that change nothing."""

import csv
import dataclasses
import functools
import http.server
import json
import os
import shutil
import threading
import zipfile

import pytest
from sqlalchemy import func, select

from laborlens.errors import DataSourceError
from laborlens.reference import reference_status, update_reference_data
from laborlens.settings import load_settings
from laborlens.store import Store
from laborlens.store.models import AlternateTitle, Occupation


def _link_mirror(source, target):
    """A writable copy of the mirror whose files are symlinks, so a test can replace a few."""
    shutil.copytree(source, target, copy_function=os.symlink)
    return target


def _counts(store):
    with store.session() as session:
        return (
            session.execute(select(func.count()).select_from(Occupation)).scalar_one(),
            session.execute(select(func.count()).select_from(AlternateTitle)).scalar_one(),
        )


def _replace(mirror, path, data: bytes):
    (mirror / path).unlink()
    (mirror / path).write_bytes(data)


def test_second_fetch_of_the_same_data_changes_nothing(loaded, mirror):
    settings, store = loaded
    before = reference_status(settings, store)
    report = update_reference_data(settings, store, str(mirror))
    assert report.loaded is False
    after = reference_status(settings, store)
    assert after["tables"] == before["tables"]
    assert after["created"] == before["created"]


@pytest.mark.parametrize(
    ("path", "damage", "message"),
    [
        ("onet/Task Statements.txt", lambda raw: raw[: len(raw) // 3], r"onet/Task Statements.txt: .*truncated"),
        ("onet/Job Zones.txt", lambda raw: raw.replace(b"Job Zone\t", b"Zone\t", 1), r"missing column 'Job Zone'"),
        ("bls/occupation.xlsx", lambda raw: raw[:40_000], r"bls/occupation.xlsx: not a readable Excel workbook"),
    ],
)
def test_bad_file_is_named_and_the_loaded_store_stays_intact(loaded, mirror, tmp_path, path, damage, message):
    settings, store = loaded
    broken = _link_mirror(mirror, tmp_path / "mirror")
    _replace(broken, path, damage((mirror / path).read_bytes()))
    before_counts, before_manifest = _counts(store), (settings.raw_dir / "manifest.json").read_text()
    with pytest.raises(DataSourceError, match=message):
        update_reference_data(settings, store, str(broken), force=True)
    assert _counts(store) == before_counts
    assert (settings.raw_dir / "manifest.json").read_text() == before_manifest
    assert not list(settings.home.glob(".reference-staging-*"))


def test_failure_while_writing_rolls_the_whole_load_back(loaded, mirror, tmp_path):
    settings, store = loaded
    broken = _link_mirror(mirror, tmp_path / "mirror")
    raw = (mirror / "onet/Occupation Data.txt").read_bytes()
    first_row = raw.split(b"\n")[1]
    _replace(broken, "onet/Occupation Data.txt", raw + first_row + b"\n")  # a duplicate primary key
    before = _counts(store)
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        update_reference_data(settings, store, str(broken), force=True)
    assert _counts(store) == before


def test_missing_mirror_folder_says_what_to_do(tmp_path):
    settings = load_settings(home=tmp_path / "home")
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    store.upgrade()
    with pytest.raises(DataSourceError, match="Mirror folder .*nowhere does not exist: point --from"):
        update_reference_data(settings, store, str(tmp_path / "nowhere"))


def test_missing_required_file_is_named(mirror, tmp_path):
    broken = _link_mirror(mirror, tmp_path / "mirror")
    (broken / "onet" / "Skills.txt").unlink()
    settings = load_settings(home=tmp_path / "home")
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    store.upgrade()
    with pytest.raises(DataSourceError, match=r"onet/Skills.txt: .*is missing; it is required"):
        update_reference_data(settings, store, str(broken))


@pytest.fixture
def served(tmp_path, mirror, official_layout):
    """A mirror in O*NET's official text layout (30.0 files), served over real HTTP on 127.0.0.1."""
    root = _link_mirror(mirror, tmp_path / "served")
    for name in (
        "Alternate Titles.txt",
        "Task Statements.txt",
        "Technology Skills.txt",
        "Tools Used.txt",
        "Occupation Data.txt",
    ):
        (root / "onet" / name).unlink()
        shutil.copyfile(official_layout / name, root / "onet" / name)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_mirror_url_in_the_official_text_layout_loads(served, empty_store_url, tmp_path):
    settings = load_settings(home=tmp_path / "home", database_url=empty_store_url)
    store = Store(empty_store_url)
    store.upgrade()
    report = update_reference_data(settings, store, served)
    assert report.loaded
    assert report.manifest["files"]["onet/Alternate Titles.txt"]["rows"] == 56495
    assert report.manifest["files"]["onet/Alternate Titles.txt"]["source"].startswith(served)
    assert _counts(store) == (1016, 56495)
    saved = json.loads((settings.raw_dir / "manifest.json").read_text())
    assert saved["fingerprint"] == report.manifest["fingerprint"]
    store.dispose()


def _serve(root):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def official_site(tmp_path, mirror):
    """The official hosts' files, replayed from 127.0.0.1 in the BASE_URL/HOST/PATH layout."""
    root = tmp_path / "site"
    onet = root / "www.onetcenter.org"
    (onet / "dl_files" / "database").mkdir(parents=True)
    with zipfile.ZipFile(onet / "dl_files" / "database" / "db_29_3_text.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted((mirror / "onet").glob("*.txt")):
            bundle.write(path, f"db_29_3_text/{path.name}")
    (onet / "taxonomy" / "2019" / "walk").mkdir(parents=True)
    shutil.copyfile(
        mirror / "onet" / "2010_to_2019_Crosswalk.csv",
        onet / "taxonomy" / "2019" / "walk" / "2010_to_2019_Crosswalk.csv",
    )
    for url_path, name in [
        ("www.bls.gov/emp/ind-occ-matrix", "occupation.xlsx"),
        ("www.bls.gov/soc/2018", "soc_2018_definitions.xlsx"),
        ("www.bls.gov/soc/2018", "soc_2018_direct_match_title_file.xlsx"),
        (
            "www2.census.gov/programs-surveys/metro-micro/geographies/reference-files/2023/delineation-files",
            "list1_2023.xlsx",
        ),
    ]:
        (root / url_path).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / "bls" / name, root / url_path / name)
    with (mirror / "bls" / "zip_cbsa.csv").open() as handle:
        results = [
            {
                "zip": row["zip"],
                "geoid": row["cbsa"],
                "city": row["usps_zip_pref_city"],
                "state": row["usps_zip_pref_state"],
                "tot_ratio": row["tot_ratio"],
            }
            for row in csv.DictReader(handle)
        ]
    hud = root / "www.huduser.gov" / "hudapi" / "public"
    hud.mkdir(parents=True)
    (hud / "usps").write_text(json.dumps({"data": {"results": results}}))
    server = _serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _official(**overrides):
    """Settings that use the official sources, whatever LABORLENS_DATA_MIRROR says."""
    return dataclasses.replace(load_settings(**overrides), data_mirror=None)


def test_official_sources_are_fetched_unzipped_and_loaded(official_site, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    settings = _official(home=tmp_path / "home", database_url=url, base_url=official_site, hud_api_token="test-token")
    store = Store(url)
    store.upgrade()
    report = update_reference_data(settings, store, None)
    files = report.manifest["files"]
    assert files["onet/Occupation Data.txt"]["source"] == (
        "https://www.onetcenter.org/dl_files/database/db_29_3_text.zip#db_29_3_text/Occupation Data.txt"
    )
    assert files["bls/occupation.xlsx"]["source"] == "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
    assert files["bls/zip_cbsa.csv"]["rows"] == 47484
    assert report.manifest["onet_version"] == "29.3"
    assert _counts(store)[0] == 1016
    assert not (settings.raw_dir / "_downloads").exists()
    store.dispose()


def test_official_fetch_without_a_hud_token_skips_zips_and_says_why(official_site, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    settings = _official(home=tmp_path / "home", database_url=url, base_url=official_site)
    store = Store(url)
    store.upgrade()
    report = update_reference_data(settings, store, None)
    assert any("LABORLENS_HUD_API_TOKEN" in warning for warning in report.warnings)
    assert "bls/zip_cbsa.csv" not in report.manifest["files"]
    store.dispose()


def test_unknown_onet_version_is_reported(official_site, tmp_path):
    settings = _official(home=tmp_path / "home", base_url=official_site, onet_version="99.9")
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    store.upgrade()
    with pytest.raises(DataSourceError, match="O\\*NET database 99.9 not found at .*db_99_9_text.zip"):
        update_reference_data(settings, store, None)
