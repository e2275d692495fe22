"""The build side: reports in, a searchable index out (ingest, chunks, embeddings, BM25, FAISS store)."""
