#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""NumPy's Philox().random_raw() on the bench sizes, as lines
"native numpy-random_raw <bytes per call> <GB/s>"."""

import time

import numpy as np

SIZES = [8, 64, 4096, 65536, 1 << 20]
SECONDS = 0.25

bg = np.random.Philox(0)
for size in SIZES:
    n = size // 8
    calls = 0
    start = time.perf_counter()
    while True:
        for _ in range(16):
            bg.random_raw(n)
        calls += 16
        elapsed = time.perf_counter() - start
        if elapsed >= SECONDS:
            break
    print("native numpy-random_raw %d %.3f" % (size, calls * size / elapsed / 1e9))
