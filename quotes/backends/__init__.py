"""Extraction beyond one process: local worker processes (:mod:`.local`) and a Dask cluster (:mod:`.dask`)."""
