"""What reference data is loaded, from where, and how many rows each table holds."""

from __future__ import annotations

from sqlalchemy import func, select

from laborlens.reference.update import loaded_manifest
from laborlens.settings import Settings
from laborlens.store import Store
from laborlens.store.models import POINT_TABLES, REFERENCE_TABLES


def reference_status(settings: Settings, store: Store) -> dict:
    """Versions, provenance and row counts of the loaded reference data."""
    manifest = loaded_manifest(store)
    with store.session() as session:
        counts = {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in reversed(REFERENCE_TABLES)
        }
        optional = {
            model.__tablename__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in POINT_TABLES
        }
    return {
        "store": repr(store),
        "data_dir": str(settings.home),
        "loaded": manifest is not None,
        "onet_version": manifest.get("onet_version") if manifest else None,
        "loaded_from": manifest.get("origin") if manifest else None,
        "created": manifest.get("created") if manifest else None,
        "oews_release": manifest["oews"]["release"] if manifest and manifest.get("oews") else None,
        "files": manifest.get("files", {}) if manifest else {},
        "tables": counts,
        "optional_tables": optional,  # Census Gazetteer points: empty until fetched; placement by coordinates
    }
