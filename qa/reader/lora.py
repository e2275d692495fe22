"""Low-rank adapters (LoRA) for the e5 layers below the fully trained top ones.

Training every layer in full would ship ~43 MB; a rank-16 adapter on each linear
layer of the 8 lower layers adds 1.8 MB and lets them adapt to reading.
At load time the adapters are merged into the base weights, so answering costs
nothing extra.
"""
from __future__ import annotations

LORA_A, LORA_B = ".lora_a", ".lora_b"
# the linear layers of one transformer layer that get an adapter
TARGETS = ("attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense")


def is_adapter(name: str) -> bool:
    return name.endswith((LORA_A, LORA_B))


def _layer_module(model, index: int):
    return model.base_model.encoder.layer[index]


def add_lora(model, layers: range, rank: int, alpha: float, seed: int = 0) -> None:
    """Wrap the target linears of `layers` in place; only the adapters are new parameters."""
    import torch
    from torch import nn

    class LoraLinear(nn.Module):
        def __init__(self, base: nn.Linear, generator: torch.Generator) -> None:
            super().__init__()
            self.base, self.scale = base, alpha / rank
            # B starts at zero, so training starts from exactly the base model
            self.lora_a = nn.Parameter(torch.randn(rank, base.in_features, generator=generator)
                                       / base.in_features ** 0.5)
            self.lora_b = nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + (x @ self.lora_a.t()) @ self.lora_b.t() * self.scale

    generator = torch.Generator().manual_seed(seed)
    for i in layers:
        layer = _layer_module(model, i)
        for target in TARGETS:
            parent_name, _, leaf = target.rpartition(".")
            parent = layer.get_submodule(parent_name)
            setattr(parent, leaf, LoraLinear(getattr(parent, leaf), generator))


def adapter_state(model) -> dict:
    """The adapter tensors; "<linear>.lora_a" changes "<linear>.weight" of the unwrapped model."""
    return {name: p for name, p in model.named_parameters() if is_adapter(name)}


def merge_lora(model, tensors: dict, scale: float) -> dict:
    """Add B·A·scale into each adapted base weight; returns the tensors that are not adapters."""
    import torch

    state = model.state_dict()
    rest = {k: v for k, v in tensors.items() if not is_adapter(k)}
    with torch.no_grad():
        for key in (k for k in tensors if k.endswith(LORA_A)):
            stem = key[:-len(LORA_A)]
            weight = state.get(stem + ".weight")
            if weight is None or stem + LORA_B not in tensors:
                raise ValueError(f"reader adapter {stem} does not fit the base model")
            weight += (tensors[stem + LORA_B].float() @ tensors[key].float()) * scale
    return rest
