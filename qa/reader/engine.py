"""What runs the reader's network: ONNX Runtime (fp32 or int8), or torch.

The span model is exported to ONNX once from the rebuilt torch model and kept in the cache
folder under the same key as the merged tensors (what it was made from), so later starts load
the ONNX file alone and never build the torch model. int8 is done the way encoders keep their
answers: weights per output channel, and only the weight matrices of the encoder layers; the
word embeddings (a lookup, not a product) and the span head (two outputs whose difference is the
answer) stay fp32.
"""
from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Callable

import numpy as np

ONNX_DIR = "reader-onnx"
# part of each exported file's name: a change to how it is made (export, smoothing, which
# products are int8) must not find the file made the old way
RECIPE = "2"
_FFN_OUTPUT = re.compile(r"layer\.\d+/output/dense")
ENGINES = ("onnx-int8", "onnx", "torch")
# the cached exports kept; older ones are removed when a new one is written
ONNX_KEEP = 3

SpanModel = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class TorchSpanModel:
    """Start and end logits from the torch model itself."""

    def __init__(self, model) -> None:
        self.model = model

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        import torch

        with torch.inference_mode():
            out = self.model(input_ids=torch.from_numpy(input_ids), attention_mask=torch.from_numpy(attention_mask))
        return out.start_logits.float().numpy(), out.end_logits.float().numpy()


class OnnxSpanModel:
    """Start and end logits from an ONNX Runtime session over the exported file."""

    def __init__(self, path: Path, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.path = path
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def __call__(self, input_ids: np.ndarray, attention_mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.session.run(None, {"input_ids": input_ids, "attention_mask": attention_mask})
        return start, end


def cached_onnx(cache_dir: Path, key: str, engine: str, threads: int) -> OnnxSpanModel | None:
    """The exported model kept under `key`, when it is there whole; None otherwise."""
    path = _path(cache_dir, key, engine)
    try:
        record = json.loads(path.with_suffix(".json").read_text("utf-8"))
        stat = path.stat()
    except (OSError, ValueError):
        return None
    # size and time, not a hash of ~400 MB at every start: the file is ours and derived; a file
    # that changed under us or does not load is exported again
    if record.get("size") != stat.st_size or record.get("mtime_ns") != stat.st_mtime_ns:
        return None
    try:
        return OnnxSpanModel(path, threads)
    except Exception:   # onnxruntime raises its own types for a damaged file
        return None


def export_onnx(model, cache_dir: Path, key: str, engine: str, threads: int,
                calibration: list[tuple[np.ndarray, np.ndarray]] = ()) -> OnnxSpanModel:
    """Export the torch span model (and quantize it for onnx-int8) into the cache; the session.

    `calibration`: (input_ids, attention_mask) batches of typical windows, whose activation
    ranges set the int8 smoothing (`smoothed`)."""
    import torch

    if engine == "onnx-int8":
        model = smoothed(model, calibration)

    folder = cache_dir / ONNX_DIR
    folder.mkdir(parents=True, exist_ok=True)
    target = _path(cache_dir, key, engine)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        fp32 = Path(work) / "reader.onnx"
        ids = torch.ones((2, 16), dtype=torch.int64)
        axes = {"input_ids": {0: "windows", 1: "tokens"}, "attention_mask": {0: "windows", 1: "tokens"},
                "start_logits": {0: "windows", 1: "tokens"}, "end_logits": {0: "windows", 1: "tokens"}}
        # the TorchScript exporter: it needs no extra package and keeps the file self-contained;
        # its tracer warnings are about shapes the dynamic axes already cover
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(_logits_module(model).eval(), (ids, torch.ones_like(ids)), str(fp32),
                              input_names=["input_ids", "attention_mask"],
                              output_names=["start_logits", "end_logits"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)
        made = fp32
        if engine == "onnx-int8":
            made = Path(work) / "reader.int8.onnx"
            quantize_encoder(fp32, made)
        os.replace(made, target)
    stat = target.stat()
    target.with_suffix(".json").write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}), "utf-8")
    for old in sorted(folder.glob("*.onnx"), key=lambda p: p.stat().st_mtime, reverse=True)[ONNX_KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
    return OnnxSpanModel(target, threads)


def smoothed(model, calibration: list[tuple[np.ndarray, np.ndarray]], alpha: float = 0.5):
    """A copy of the model whose linear layers see activations with their outlier channels
    scaled down and weights scaled up to match (SmoothQuant, Xiao et al. 2023): X·W = (X/s)·(sW).

    int8 activations share one scale per tensor, so a few channels many times larger than the
    rest leave the others a handful of levels; dividing each channel by s_j = max|X_j|^α /
    max|W_j|^(1-α) evens the ranges out and puts the difference into the weights, which are
    quantized per channel. A post-LayerNorm encoder (BERT) also feeds those activations to its
    residual path, so the division cannot be folded into the LayerNorm; it is a multiply before
    each product instead."""
    import copy

    import torch

    model = copy.deepcopy(model)
    linears = {name: m for name, m in model.named_modules()
               if isinstance(m, torch.nn.Linear) and "qa_outputs" not in name}
    if not calibration or not linears:
        return model
    peaks: dict[str, torch.Tensor] = {}

    def record(name):
        def hook(_, inputs):
            peak = inputs[0].detach().abs().amax(dim=tuple(range(inputs[0].dim() - 1)))
            peaks[name] = torch.maximum(peaks[name], peak) if name in peaks else peak
        return hook

    hooks = [m.register_forward_pre_hook(record(name)) for name, m in linears.items()]
    with torch.inference_mode():
        for ids, mask in calibration:
            model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
    for h in hooks:
        h.remove()
    for name, linear in linears.items():
        weight = linear.weight.detach()
        scale = (peaks[name].clamp(min=1e-5) ** alpha / weight.abs().amax(dim=0).clamp(min=1e-5) ** (1 - alpha))
        parent, _, child = name.rpartition(".")
        setattr(model.get_submodule(parent), child, _scaled_linear(linear, scale))
    return model


def _scaled_linear(linear, scale):
    import torch

    class ScaledLinear(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.register_buffer("inverse", (1.0 / scale).clone())
            self.linear = torch.nn.Linear(linear.in_features, linear.out_features, linear.bias is not None)
            with torch.no_grad():
                self.linear.weight.copy_(linear.weight * scale)
                if linear.bias is not None:
                    self.linear.bias.copy_(linear.bias)

        def forward(self, x):
            return self.linear(x * self.inverse)

    return ScaledLinear()


def quantize_encoder(source: Path, target: Path) -> None:
    """int8 weights per output channel for the encoder layers' weight matrices only.

    Products of two activations (attention scores) and the span head stay fp32; the embedding
    lookup is a Gather, which this never touches. So do the feed-forward output products: their
    input is the GELU's, and even smoothed (`smoothed`) they cost the most: with them in int8, 95.1 %
    of the own sets' 576 answers stay as fp32 gives them; without, 98.6 %."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(source), load_external_data=False).graph
    weights = {i.name for i in graph.initializer}
    keep = [n.name for n in graph.node if n.op_type == "MatMul"
            and (not any(i in weights for i in n.input) or "qa_outputs" in n.name
                 or _FFN_OUTPUT.search(n.name))]
    quiet = logging.getLogger().level
    logging.getLogger().setLevel(logging.ERROR)   # it advises a pre-processing pass on every call
    try:
        quantize_dynamic(str(source), str(target), per_channel=True, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul"], nodes_to_exclude=keep)
    finally:
        logging.getLogger().setLevel(quiet)


def _path(cache_dir: Path, key: str, engine: str) -> Path:
    return cache_dir / ONNX_DIR / f"{key}-{engine}-r{RECIPE}.onnx"


def _logits_module(model):
    """The span model as a module returning plain (start, end) tensors, which export needs."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            out = self.inner(input_ids=input_ids, attention_mask=attention_mask)
            return out.start_logits, out.end_logits

    return Logits(model)
