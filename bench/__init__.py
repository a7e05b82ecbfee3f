"""Essaim's benchmarks: every figure is printed next to a baseline measured in the same run, the same way.

Absolute numbers depend on the machine; a ratio to a minimal Django view (or to a bare ``websockets`` server)
served by the same kind of process, under the same load, in the same run, does much less. Each benchmark is
one module registered in ``bench.registry``; they share the server process (``bench.server``), the load
client (``bench.load``), the figures (``bench.stats``) and the report (``bench.report``).
"""
