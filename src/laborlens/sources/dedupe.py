"""Telling renewals, reposts and near-duplicates apart, so demand is counted once per cluster.

Rule ``dedupe-2026.11-1`` (recorded on every posting it clustered):
- a renewal (same source and source id) updates its row and keeps its first-seen time;
- a repost (a new id) joins the cluster of an earlier posting with the same normalised title and
  body, the same source-given dedupe key or image id (Craigslist), or a MinHash estimate of Jaccard
  similarity >= 0.8 over word 3-shingles of title and body (datasketch LSH);
- anything else starts its own cluster.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

RULE = "dedupe-2026.11-1"
THRESHOLD = 0.8
PERMUTATIONS = 64
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


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


class ClusterIndex:
    """What earlier postings look like: content hashes, dedupe keys and MinHash signatures -> cluster ids."""

    def __init__(self):
        self.by_hash: dict[str, int] = {}
        self.by_key: dict[str, int] = {}
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
        self.cluster_of: dict[int, int] = {}

    def add(self, posting_id: int, cluster_id: int, content: str, keys, minhash: MinHash | None) -> None:
        self.cluster_of[posting_id] = cluster_id
        self.by_hash.setdefault(content, cluster_id)
        for key in keys or []:
            self.by_key.setdefault(key, cluster_id)
        if minhash is not None and str(posting_id) not in self.lsh:
            self.lsh.insert(str(posting_id), minhash)

    def find(self, content: str, keys, minhash: MinHash | None) -> int | None:
        """The cluster a new posting belongs to, or None when it is new."""
        if content in self.by_hash:
            return self.by_hash[content]
        for key in keys or []:
            if key in self.by_key:
                return self.by_key[key]
        if minhash is not None:
            for other in self.lsh.query(minhash):
                return self.cluster_of[int(other)]
        return None
