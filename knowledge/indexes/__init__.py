"""The two indexes derived from the registry: dense vectors (Chroma) and BM25 (bm25s)."""
