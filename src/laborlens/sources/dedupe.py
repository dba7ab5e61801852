"""Telling renewals, reposts and near-duplicates apart, so demand is counted once per cluster.

Rule ``dedupe-2026.11-2`` (recorded on every posting it clustered):
- a renewal (same source and source id) updates its row and keeps its first-seen time;
- a repost (a new id) joins the cluster of an earlier posting with the same normalised title and
  body, the same source-given dedupe key or image id (Craigslist), or an estimated Jaccard
  similarity >= 0.8 between the word 3-shingles of title and body (datasketch MinHash, 64
  permutations; candidates found through 16 bands of 4 rows kept in the store, at most the 20 most
  recent clusters per band, their signatures read from a narrow table of cluster heads);
- anything else starts its own cluster.

The look-ups are database queries made once per batch, so memory does not grow with the store.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

import numpy as np
from datasketch import MinHash
from sqlalchemy import func, insert, select, text

from laborlens.store.models import Posting, PostingBand, PostingKey, PostingSignature

RULE = "dedupe-2026.11-2"
THRESHOLD = 0.8
PERMUTATIONS = 64
BANDS, ROWS = 16, 4
BAND_CANDIDATES = 20  # per band, the most recent cluster heads a new posting is compared with
SCHEME = "affine32"  # named, so stored signatures stay comparable across datasketch releases
_WORD = re.compile(r"[a-z0-9]+")


def signature(title: str, description: str) -> MinHash:
    words = _WORD.findall(f"{title} {description}".lower())
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    minhash.update_batch([s.encode() for s in shingles])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint64)


def bands(minhash: MinHash) -> list[int]:
    """The signature's band hashes (signed 64-bit, as the store keeps them)."""
    values = minhash.hashvalues.astype(np.uint64)
    return [
        int.from_bytes(
            hashlib.blake2b(values[i * ROWS : (i + 1) * ROWS].tobytes() + bytes([i]), digest_size=8).digest(),
            "big",
            signed=True,
        )
        for i in range(BANDS)
    ]


def similarity(a: MinHash, b: np.ndarray) -> float:
    return float(np.mean(a.hashvalues.astype(np.uint64) == b))


def _first_by_hash(session, hashes: list[str]):
    """(content hash, cluster id) of each hash's first posting: one row per hash, however often it was reposted."""
    if session.get_bind().dialect.name == "postgresql":
        # one entry of ix_posting_content_hash_id per hash; reading all of a hash's postings grew with the store
        return text(
            "SELECT h.content_hash, p.cluster_id FROM unnest(CAST(:hashes AS varchar[])) AS h(content_hash)"
            " CROSS JOIN LATERAL (SELECT cluster_id FROM posting WHERE posting.content_hash = h.content_hash"
            " ORDER BY posting.id LIMIT 1) AS p"
        ).bindparams(hashes=hashes)
    first = select(func.min(Posting.id)).where(Posting.content_hash.in_(hashes)).group_by(Posting.content_hash)
    return select(Posting.content_hash, Posting.cluster_id).where(Posting.id.in_(first))


def _recent_per_band(session, item_bands: list[int]):
    """(band, posting id) of the :data:`BAND_CANDIDATES` most recent cluster heads in each of these bands."""
    if session.get_bind().dialect.name == "postgresql":
        # an index scan of at most BAND_CANDIDATES rows per band, however crowded the band is
        return text(
            "SELECT b.band, p.posting_id FROM unnest(CAST(:bands AS bigint[])) AS b(band) CROSS JOIN LATERAL"
            " (SELECT posting_id FROM posting_band WHERE posting_band.band = b.band"
            " ORDER BY posting_id DESC LIMIT :limit) AS p"
        ).bindparams(bands=item_bands, limit=BAND_CANDIDATES)
    ranked = (
        select(
            PostingBand.band,
            PostingBand.posting_id,
            func.row_number()
            .over(partition_by=PostingBand.band, order_by=PostingBand.posting_id.desc())
            .label("recency"),
        )
        .where(PostingBand.band.in_(item_bands))
        .subquery()
    )
    return select(ranked.c.band, ranked.c.posting_id).where(ranked.c.recency <= BAND_CANDIDATES)


class BatchClusters:
    """Finds each new posting's cluster for one batch: what the store already holds, plus the batch itself."""

    def __init__(self, session, items: list[tuple[str, list[str], MinHash]]):
        """``items``: (content hash, dedupe keys, signature) of the batch's new postings."""
        self.session = session
        self._new_keys: list[tuple[str, int]] = []
        self._new_bands: list[tuple[int, int]] = []
        self._new_heads: list[tuple[int, bytes]] = []
        hashes = list({content for content, _, _ in items})
        keys = list({key for _, item_keys, _ in items for key in item_keys})
        item_bands = list({band for _, _, minhash in items for band in bands(minhash)})
        self.by_hash: dict[str, int] = dict(session.execute(_first_by_hash(session, hashes)).all())
        self.by_key = dict(
            session.execute(select(PostingKey.key, PostingKey.cluster_id).where(PostingKey.key.in_(keys))).all()
        )
        self.by_band: dict[int, list[int]] = defaultdict(list)
        # A band shared by very many clusters (an agency's boilerplate, a template reposted with small
        # changes) would make every look-up compare with all of them: only the most recent are candidates.
        for band, posting_id in session.execute(_recent_per_band(session, item_bands)):
            self.by_band[band].append(posting_id)
        candidates = {p for ids in self.by_band.values() for p in ids}
        self.signatures: dict[int, tuple[int, np.ndarray]] = {}
        if candidates:
            for posting_id, blob in session.execute(
                select(PostingSignature.posting_id, PostingSignature.signature).where(
                    PostingSignature.posting_id.in_(list(candidates))
                )
            ):
                self.signatures[posting_id] = (posting_id, from_bytes(blob))  # a head's id is its cluster's

    def find(self, content: str, keys: list[str], minhash: MinHash) -> int | None:
        if content in self.by_hash:
            return self.by_hash[content]
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        best, best_similarity = None, THRESHOLD
        for band in bands(minhash):
            for posting_id in self.by_band.get(band, []):
                cluster, values = self.signatures[posting_id]
                score = similarity(minhash, values)
                if score >= best_similarity:
                    best, best_similarity = cluster, score
        return best

    def add(self, posting_id: int, cluster_id: int, content: str, keys: list[str], minhash: MinHash) -> None:
        """Record a new posting for the rest of the batch; :meth:`save` stores its keys and bands.

        Ids may be provisional (negative: a row not yet inserted), so a batch is inserted in one go.
        Only a cluster's first posting is indexed by its bands: a repost is compared with the original,
        so the candidates for a look-up grow with the number of clusters, not of reposts.
        """
        self.by_hash.setdefault(content, cluster_id)
        for key in keys:
            if key not in self.by_key:
                self.by_key[key] = cluster_id
                self._new_keys.append((key, cluster_id))
        if cluster_id != posting_id:
            return
        self.signatures[posting_id] = (cluster_id, minhash.hashvalues.astype(np.uint64))
        self._new_heads.append((posting_id, to_bytes(minhash)))
        for band in set(bands(minhash)):
            self.by_band[band].append(posting_id)
            self._new_bands.append((band, posting_id))

    def save(self, real_id) -> None:
        """Store the batch's new keys and bands, with provisional ids mapped through ``real_id``."""
        if self._new_keys:
            self.session.execute(
                insert(PostingKey), [{"key": key, "cluster_id": real_id(c)} for key, c in self._new_keys]
            )
        if self._new_heads:
            self.session.execute(
                insert(PostingSignature),
                [{"posting_id": real_id(head), "signature": blob} for head, blob in self._new_heads],
            )
        if self._new_bands:
            self.session.execute(
                insert(PostingBand), [{"band": band, "posting_id": real_id(p)} for band, p in self._new_bands]
            )
        self._new_keys, self._new_bands, self._new_heads = [], [], []
