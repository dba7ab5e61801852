"""Get the reference files from the official sources, a mirror URL or a local folder.

Files land in a staging folder first; :func:`laborlens.reference.update_reference_data` swaps that
folder in only after every file has been read and loaded, so a failed fetch changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

from laborlens.errors import DataSourceError
from laborlens.http import make_client
from laborlens.reference.catalogue import FILES, HUD_ZIP_CBSA_URL, ReferenceFile, onet_zip_url
from laborlens.settings import Settings

Progress = Callable[[str, int, int | None], None]  # (label, bytes so far, total bytes or None)


@dataclass
class Acquired:
    """What was fetched: per file, where it came from; plus warnings for optional files skipped."""

    origin: str
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def acquire(settings: Settings, source: str | None, staging: Path, progress: Progress | None = None) -> Acquired:
    """Put every reference file into ``staging`` (mirror layout) and say where each came from."""
    staging.mkdir(parents=True, exist_ok=True)
    if source and not is_url(source):
        return _from_folder(Path(source).expanduser(), staging)
    with make_client(settings) as client:
        if source:
            return _from_mirror_url(client, source.rstrip("/"), staging, progress)
        return _from_official(client, settings, staging, progress)


def _from_folder(folder: Path, staging: Path) -> Acquired:
    if not folder.is_dir():
        raise DataSourceError(
            f"Mirror folder {folder} does not exist: point --from or LABORLENS_DATA_MIRROR at a folder "
            "laid out like shared/data (with onet/ and bls/ inside)."
        )
    acquired = Acquired(origin=str(folder.resolve()))
    for item in FILES:
        origin = folder / item.path
        if not origin.is_file():
            _missing(item, f"{origin} is missing", acquired)
            continue
        target = staging / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, target)
        acquired.sources[item.path] = str(origin.resolve())
    return acquired


def _missing(item: ReferenceFile, why: str, acquired: Acquired) -> None:
    if item.required:
        raise DataSourceError(f"{item.path}: {why}; it is required.")
    consequence = f": {item.if_missing}" if item.if_missing else ""
    acquired.warnings.append(f"{item.path}: {why}; skipped (optional){consequence}.")


def _download(client: httpx.Client, url: str, target: Path, progress: Progress | None, **kwargs) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with client.stream("GET", url, **kwargs) as response:
            if response.status_code == 404:
                raise FileNotFoundError(url)
            response.raise_for_status()
            total = int(response.headers.get("content-length") or 0) or None
            done = 0
            with partial.open("wb") as out:
                for chunk in response.iter_bytes(1 << 16):
                    out.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(target.name, done, total)
        partial.replace(target)
    except httpx.HTTPStatusError as exc:
        raise DataSourceError(f"{url}: the server answered {exc.response.status_code}.") from exc
    except httpx.TransportError as exc:
        raise DataSourceError(f"{url}: could not download ({exc}). Check the network or use a mirror.") from exc
    finally:
        partial.unlink(missing_ok=True)


def _from_mirror_url(client: httpx.Client, base: str, staging: Path, progress: Progress | None) -> Acquired:
    acquired = Acquired(origin=base)
    for item in FILES:
        url = f"{base}/{quote(item.path)}"
        try:
            _download(client, url, staging / item.path, progress)
        except FileNotFoundError:
            _missing(item, f"not found at {url}", acquired)
            continue
        acquired.sources[item.path] = url
    return acquired


def _from_official(client: httpx.Client, settings: Settings, staging: Path, progress: Progress | None) -> Acquired:
    acquired = Acquired(origin="official sources")
    zip_url = onet_zip_url(settings.onet_version)
    archive = staging / "_downloads" / "onet.zip"
    try:
        _download(client, zip_url, archive, progress)
    except FileNotFoundError as exc:
        raise DataSourceError(
            f"O*NET database {settings.onet_version} not found at {zip_url}: check LABORLENS_ONET_VERSION."
        ) from exc
    _extract_onet(archive, staging, zip_url, acquired)
    shutil.rmtree(archive.parent)
    for item in FILES:
        if item.official_url is None or item.path in acquired.sources:
            continue
        target = staging / item.path
        try:
            if item.path == "bls/zip_cbsa.csv":
                if not settings.hud_api_token:
                    _missing(item, "the HUD API needs LABORLENS_HUD_API_TOKEN (free at huduser.gov)", acquired)
                    continue
                _download_hud_zip_cbsa(client, settings.hud_api_token, target)
            elif _in_archive(item):
                member = _download_and_extract(client, item, staging, progress)
                acquired.sources[item.path] = f"{item.official_url}#{member}"
                continue
            else:
                _download(client, item.official_url, target, progress)
        except FileNotFoundError:
            _missing(item, f"not found at {item.official_url}", acquired)
            continue
        acquired.sources[item.path] = item.official_url
    shutil.rmtree(staging / "_downloads", ignore_errors=True)
    return acquired


def _in_archive(item: ReferenceFile) -> bool:
    return bool(item.official_url) and item.official_url.endswith(".zip") and not item.path.endswith(".zip")


def _download_and_extract(client: httpx.Client, item: ReferenceFile, staging: Path, progress: Progress | None) -> str:
    """Download the zip that holds ``item`` and extract the file; returns the member's name in the zip."""
    archive = staging / "_downloads" / item.official_url.rsplit("/", 1)[-1]
    _download(client, item.official_url, archive, progress)
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [name for name in bundle.namelist() if not name.endswith("/")]
            named = [name for name in members if Path(name).name == item.name]
            # A later release may rename the file inside; a zip holding one file is unambiguous.
            member = named[0] if named else (members[0] if len(members) == 1 else None)
            if member is None:
                raise DataSourceError(f"{item.official_url}: no {item.name} in the zip ({', '.join(members[:5])}).")
            target = staging / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(member) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
    except zipfile.BadZipFile as exc:
        raise DataSourceError(f"{item.official_url}: the download is not a complete zip file ({exc}).") from exc
    finally:
        archive.unlink(missing_ok=True)
    return member


def _extract_onet(archive: Path, staging: Path, url: str, acquired: Acquired) -> None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = {Path(name).name: name for name in bundle.namelist() if not name.endswith("/")}
            for item in FILES:
                if not item.path.startswith("onet/") or item.official_url is not None:
                    continue
                member = members.get(item.name)
                if member is None:
                    _missing(item, f"not in {url}", acquired)
                    continue
                target = staging / item.path
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(member) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out)
                acquired.sources[item.path] = f"{url}#{member}"
    except zipfile.BadZipFile as exc:
        raise DataSourceError(f"{url}: the download is not a complete zip file ({exc}).") from exc


def _download_hud_zip_cbsa(client: httpx.Client, token: str, target: Path) -> None:
    """HUD answers JSON; write it in the crosswalk's CSV layout so one reader serves both."""
    response = client.get(HUD_ZIP_CBSA_URL, headers={"Authorization": f"Bearer {token}"})
    if response.status_code in (401, 403):
        raise DataSourceError("HUD API refused the token in LABORLENS_HUD_API_TOKEN; check it at huduser.gov.")
    response.raise_for_status()
    results = response.json()["data"]["results"]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["zip", "cbsa", "usps_zip_pref_city", "usps_zip_pref_state", "tot_ratio"])
        for row in results:
            writer.writerow([row["zip"], row["geoid"], row.get("city"), row.get("state"), row["tot_ratio"]])


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
