"""The shipped reader: only the layers training changed, fp16 safetensors, checksummed.

The reader is rebuilt from the prepared e5 base plus these tensors; a checksum
mismatch stops loading with a clear error rather than answering with a damaged
model. Rebuilding (fp16 to fp32, merging the adapters) is done once: the
tensors it yields are kept in the cache folder (`merged_state`), keyed by what
they were made from and checksummed, and a missing or damaged copy is rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

WEIGHTS_FILE = "reader.safetensors"
META_FILE = "reader.json"
MERGED_DIR = "reader-merged"
# merged copies kept in the cache folder; older ones are removed when a new one is written
MERGED_KEEP = 3


class ReaderWeightsError(ValueError):
    """The shipped reader weights are missing or do not match their checksum."""


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_reader_weights(model, names: list[str], out_dir: Path, info: dict) -> Path:
    state = model.state_dict()
    return save_reader_tensors({name: state[name] for name in names}, out_dir, info)


def save_reader_tensors(tensors: dict, out_dir: Path, info: dict) -> Path:
    """Write the tensors in fp16 with reader.json: `info`, the file's sha256, its size."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    tensors = {name: t.detach().to("cpu").half().contiguous() for name, t in tensors.items()}
    path = out_dir / WEIGHTS_FILE
    save_file(tensors, str(path))
    meta = {**info, "weights": WEIGHTS_FILE, "sha256": sha256_of(path),
            "tensors": len(tensors), "bytes": path.stat().st_size}
    write_reader_meta(out_dir, meta)
    return path


def write_reader_meta(weights_dir: Path, meta: dict) -> None:
    """reader.json as every writer leaves it: indented, Chinese unescaped, ending in a newline."""
    (weights_dir / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")


def verified_meta(weights_dir: Path) -> dict:
    """reader.json, after checking the weights file against the sha256 it records."""
    meta_path, path = weights_dir / META_FILE, weights_dir / WEIGHTS_FILE
    if not meta_path.is_file() or not path.is_file():
        raise ReaderWeightsError(f"reader weights not found in {weights_dir} "
                                 f"(expected {WEIGHTS_FILE} and {META_FILE}); run `qa reader train`")
    meta = json.loads(meta_path.read_text("utf-8"))
    actual = sha256_of(path)
    if actual != meta.get("sha256"):
        raise ReaderWeightsError(f"{path} has sha256 {actual} but {META_FILE} records "
                                 f"{meta.get('sha256')}: the reader weights are damaged or were replaced")
    return meta


def load_reader_tensors(weights_dir: Path) -> tuple[dict, dict]:
    """(tensors, meta) after checking the sha256 recorded at training time."""
    from safetensors.torch import load_file

    meta = verified_meta(weights_dir)
    return {k: v.float() for k, v in load_file(str(weights_dir / WEIGHTS_FILE)).items()}, meta


def merged_state(cache_dir: Path, key: str) -> dict | None:
    """The rebuilt reader tensors kept under `key`; None when missing or not as written."""
    from safetensors import SafetensorError
    from safetensors.torch import load

    folder = cache_dir / MERGED_DIR
    try:
        record = json.loads((folder / f"{key}.json").read_text("utf-8"))
        data = (folder / f"{key}.safetensors").read_bytes()
    except (OSError, ValueError):
        return None
    if hashlib.sha256(data).hexdigest() != record.get("sha256"):
        return None
    try:
        return load(data)
    except (SafetensorError, ValueError):
        return None


def save_merged_state(cache_dir: Path, key: str, tensors: dict) -> None:
    """Keep the rebuilt reader tensors under `key` (written beside and renamed, so a reader never
    sees half a file); a cache folder that cannot be written only costs the rebuild next time."""
    from safetensors.torch import save

    folder = cache_dir / MERGED_DIR
    data = save({name: t.detach().contiguous() for name, t in tensors.items()})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in ((".safetensors", data),
                                (".json", json.dumps({"sha256": hashlib.sha256(data).hexdigest()}).encode())):
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(tmp, folder / f"{key}{suffix}")
        for old in sorted(folder.glob("*.safetensors"), key=lambda p: p.stat().st_mtime, reverse=True)[MERGED_KEEP:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)
    except OSError:
        pass
