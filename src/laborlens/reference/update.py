"""Fetch, check and load the reference data; swap it in only when everything has succeeded."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from laborlens import __version__
from laborlens.errors import DataSourceError
from laborlens.reference.catalogue import FILES_BY_PATH
from laborlens.reference.dataset import read_reference
from laborlens.reference.fetch import Progress, acquire, now_utc, sha256_of
from laborlens.reference.load import replace_reference_tables
from laborlens.reference.oews import read_oews
from laborlens.settings import Settings
from laborlens.store import Store
from laborlens.store.models import ReferenceLoad

MANIFEST = "manifest.json"


@dataclass
class UpdateReport:
    """What an update did: ``loaded`` is False when the store already held the same data."""

    manifest: dict
    loaded: bool
    warnings: list[str] = field(default_factory=list)


def fingerprint(manifest: dict) -> str:
    """A digest of the data a manifest describes (file checksums and the OEWS release), not its dates."""
    parts = sorted((path, info["sha256"]) for path, info in manifest["files"].items())
    parts.append(("oews", manifest.get("oews", {}).get("sha256", "")))
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def loaded_manifest(store: Store) -> dict | None:
    """The manifest of the newest reference load in the store, or None before the first load."""
    with store.session() as session:
        row = session.execute(select(ReferenceLoad).order_by(ReferenceLoad.id.desc()).limit(1)).scalar_one_or_none()
        return row.manifest if row else None


def update_reference_data(
    settings: Settings,
    store: Store,
    source: str | None = None,
    *,
    force: bool = False,
    progress: Progress | None = None,
    step: Callable[[str], None] | None = None,
) -> UpdateReport:
    """Get the reference files (official sources, or ``source``: a mirror folder or URL) and load them.

    The files are staged beside the current ones, read and checked, loaded into the store in one
    transaction, and only then swapped in. Any failure leaves the files and the store as they were.
    """
    source = source or settings.data_mirror
    settings.home.mkdir(parents=True, exist_ok=True)
    staging = settings.home / f".reference-staging-{uuid.uuid4().hex[:8]}"
    try:
        if step:
            step("fetch")
        acquired = acquire(settings, source, staging, progress)
        report = _check_and_load(settings, store, staging, acquired.sources, acquired.origin, force, step)
        report.warnings[:0] = acquired.warnings
        _swap_in(staging, settings.raw_dir)
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def reload_reference_data(
    settings: Settings, store: Store, *, step: Callable[[str], None] | None = None
) -> UpdateReport:
    """Load the already fetched files (e.g. into a newly configured PostgreSQL store)."""
    previous = settings.raw_dir / MANIFEST
    if not previous.exists():
        raise DataSourceError(f"No fetched reference data in {settings.raw_dir}: run `laborlens data fetch` first.")
    manifest = json.loads(previous.read_text())
    sources = {path: info["source"] for path, info in manifest["files"].items()}
    return _check_and_load(
        settings, store, settings.raw_dir, sources, manifest["origin"], True, step, write_manifest=False
    )


def _check_and_load(
    settings: Settings,
    store: Store,
    folder: Path,
    sources: dict[str, str],
    origin: str,
    force: bool,
    step: Callable[[str], None] | None,
    write_manifest: bool = True,
) -> UpdateReport:
    data = read_reference(folder, progress=(lambda name: step(f"read {name}")) if step else None)
    if step:
        step("read OEWS")
    areas, wages, oews = read_oews(settings.home)
    data.tables["oews_area"], data.tables["oews_wage"] = areas, wages
    retrieved = now_utc()
    manifest = {
        "laborlens": __version__,
        "created": retrieved,
        "origin": origin,
        "onet_version": data.onet_version or settings.onet_version,
        "files": {
            path: {
                "publisher": FILES_BY_PATH[path].publisher,
                "source": sources[path],
                "retrieved": retrieved,
                "bytes": (folder / path).stat().st_size,
                "sha256": sha256_of(folder / path),
                "rows": data.file_rows.get(path),
            }
            for path in sorted(sources)
        },
        "oews": oews,
    }
    manifest["fingerprint"] = fingerprint(manifest)
    if write_manifest:
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    current = loaded_manifest(store)
    if current and not force and current.get("fingerprint") == manifest["fingerprint"]:
        return UpdateReport(current, loaded=False)
    if step:
        step("load")
    replace_reference_tables(store, data.tables, manifest)
    return UpdateReport(manifest, loaded=True)


def _swap_in(staging: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
