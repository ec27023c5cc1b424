"""ONNX Runtime plumbing shared by the models factdesk runs: sessions, int8 quantisation, and
running many small batches in parallel, one single-threaded session per core.

Dynamic int8 quantisation scales activations per batch, so a text scored in a batch would
depend on the texts beside it. Callers that must give a text the same result whatever it is
batched with run one text (or pair) per batch and get their speed from `Lanes` instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from knowledge.errors import ModelError

if TYPE_CHECKING:
    import onnxruntime

__all__ = ["Lanes", "lanes_on", "open_session", "quantize_int8"]

In = TypeVar("In")
Out = TypeVar("Out")


def open_session(path: Path, *, threads: int, remedy: str) -> onnxruntime.InferenceSession:
    """A CPU session on `path`; `remedy` tells the user what to do if it will not load."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    try:
        return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    except Exception as exc:
        raise ModelError(f"could not load the ONNX model {path} ({exc}); {remedy}") from exc


def quantize_int8(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation: int8 weights per output channel, activations scaled at run
    time; the graph's float inputs and outputs stay float32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


class Lanes(Generic[In, Out]):
    """Runs one batch on `single` (a session using every core), or many batches spread over
    `workers` (single-threaded sessions) in parallel, results in input order."""

    def __init__(
        self, single: Callable[[In], Out], workers: Sequence[Callable[[In], Out]] = ()
    ) -> None:
        self._single = single
        self._workers = list(workers)
        self._pool = ThreadPoolExecutor(len(self._workers)) if self._workers else None

    def __call__(self, batch: In) -> Out:
        return self._single(batch)

    def many(self, batches: Sequence[In]) -> list[Out]:
        if self._pool is None or len(batches) < 2:
            return [self._single(batch) for batch in batches]
        count = len(self._workers)
        lanes = [batches[i::count] for i in range(count)]
        futures = [
            self._pool.submit(lambda w, lane: [w(b) for b in lane], worker, lane)
            for worker, lane in zip(self._workers, lanes, strict=True)
        ]
        done = [future.result() for future in futures]
        return [done[i % count][i // count] for i in range(len(batches))]


def lanes_on(
    path: Path,
    wrap: Callable[[onnxruntime.InferenceSession], Callable[[In], Out]],
    *,
    threads: int | None,
    remedy: str,
) -> Lanes[In, Out]:
    """`Lanes` over sessions on `path`: one using `threads` cores (default: up to 4) for a
    single batch, and one single-threaded session per core for many. A question is one batch:
    one session using every core answers it fastest. A corpus is many batches: one
    single-threaded session per core, in parallel, gets through more per second than cores
    sharing each batch. `wrap` turns a session into what a lane runs."""
    cores = threads or min(os.cpu_count() or 1, 4)
    single = wrap(open_session(path, threads=cores, remedy=remedy))
    if cores == 1:
        return Lanes(single)
    workers = [wrap(open_session(path, threads=1, remedy=remedy)) for _ in range(cores)]
    return Lanes(single, workers)
