"""Benchmarks: a websocket load test (load.py) and browser/AppTest speed against a floor app (speed.py)."""
