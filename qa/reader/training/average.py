"""`qa reader average`: one reader from several trained from the same start (a weight soup).

Readers continued from the same weights with other seeds or data land near one
another, and their average reads better than each (CMRC 2018 dev F1 +1.2 for the
shipped one). Trained tensors are averaged; adapters cannot be, since the mean of
B·A is not B̄·Ā, so they are stacked instead: [A1; A2; …] with [B1, B2, …]/n gives
exactly the mean of the B·A updates, at n times the rank. `--rank` keeps the file
small past a few readers: each mean update is cut back to its best rank-r part (SVD).
"""
from __future__ import annotations

from pathlib import Path

from ..lora import LORA_A, LORA_B, is_adapter
from ..weights import ReaderWeightsError, load_reader_tensors, save_reader_tensors


def average_tensors(readers: list[dict], scales: list[float]) -> dict:
    """The mean reader of several tensor sets; adapters stacked, scale folded into B (scale 1)."""
    import torch

    names = set(readers[0])
    for i, tensors in enumerate(readers[1:], 1):
        if set(tensors) != names:
            raise ReaderWeightsError(f"reader {i + 1} has other tensors than reader 1: "
                                     f"{sorted(names ^ set(tensors))[:3]}")
    n = len(readers)
    out = {name: sum(t[name].float() for t in readers) / n for name in names if not is_adapter(name)}
    for name in (k for k in names if k.endswith(LORA_A)):
        stem = name[:-len(LORA_A)]
        out[name] = torch.cat([t[name].float() for t in readers], dim=0)
        out[stem + LORA_B] = torch.cat([t[stem + LORA_B].float() * s / n for t, s in zip(readers, scales)], dim=1)
    return out


def truncate_adapters(tensors: dict, rank: int) -> dict:
    """Each adapter cut to its best rank-`rank` approximation of B·A (scale 1 folded in)."""
    import torch

    out = dict(tensors)
    for name in (k for k in tensors if k.endswith(LORA_A)):
        stem = name[:-len(LORA_A)]
        a, b = tensors[name].float(), tensors[stem + LORA_B].float()
        if a.shape[0] <= rank:
            continue
        u, s, vh = torch.linalg.svd(b @ a, full_matrices=False)
        # the singular values split evenly between the two factors keep both in fp16's range
        root = s[:rank].sqrt()
        out[name], out[stem + LORA_B] = root[:, None] * vh[:rank], u[:, :rank] * root
    return out


def average_readers(dirs: list[Path], out_dir: Path, rank: int | None = None) -> Path:
    """Average the readers in `dirs` (the first is where the others started) into `out_dir`;
    with `rank`, the averaged adapters are cut back to that rank."""
    if len(dirs) < 2:
        raise ReaderWeightsError("averaging needs at least two reader folders")
    if rank is not None and rank < 1:
        raise ReaderWeightsError(f"--rank must be at least 1, not {rank}")
    loaded = [load_reader_tensors(d) for d in dirs]
    metas = [meta for _, meta in loaded]
    loras = [meta.get("lora") for meta in metas]
    if any(bool(lo) != bool(loras[0]) for lo in loras):
        raise ReaderWeightsError("some readers have adapters and others not; they cannot be averaged")
    scales = [float(lo["scale"]) if lo else 1.0 for lo in loras]
    tensors = average_tensors([t for t, _ in loaded], scales)
    if rank is not None:
        tensors = truncate_adapters(tensors, rank)
    first = metas[0]
    info = {key: first[key] for key in ("settings", "examples", "windows", "steps", "stages", "from_average_of")
            if key in first}
    # the card reproduces each reader averaged here from the first one's weights
    info["averaged"] = [meta["settings"] for meta in metas[1:]]
    if rank is not None:
        info["averaged_rank"] = rank
    if loras[0]:
        stacked = sum(lo["rank"] for lo in loras)
        rank = stacked if rank is None else min(rank, stacked)
        info["lora"] = {"rank": rank, "alpha": float(rank), "scale": 1.0, "layers": loras[0]["layers"]}
    # the first reader's threshold keeps the average usable until it is re-fitted; its scores
    # are not the average's, so the card says "not measured yet" until they are
    for key in ("threshold", "threshold_from", "threshold_sets", "confidence", "history"):
        if key in first:
            info[key] = first[key]
    path = save_reader_tensors(tensors, out_dir, info)
    from .card import write_card

    write_card(out_dir)
    return path
