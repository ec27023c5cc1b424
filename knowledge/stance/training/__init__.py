"""Training factdesk's stance cross-encoder (claim, passage) -> supports / refutes / neutral.

`datasets` reads the public sets that ../shared/data/MANIFEST.md marks "training allowed"
(e-SNLI, FEVER-RTE, SciFact-RTE); `variants` writes news-stance variants of them (attributed,
denied, corrected, rated, number-changed); `train` fine-tunes all-MiniLM-L6-v2 on both and
exports the int8 ONNX model that `knowledge.stance.crossencoder` runs. Only `train` needs torch.
"""
