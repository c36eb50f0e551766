#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Replay philox_sample_order.ko with NumPy: the lines it logs, for a seed.

Usage: replay_random_order.py [SEED]     (default 12345, as the module's)

Compare with: dmesg | sed -n 's/.*philox_sample_order: //p'
"""

import sys

import numpy

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 12345
rng = numpy.random.Generator(numpy.random.Philox(numpy.random.SeedSequence(seed)))
print("replay: rng = numpy.random.Generator(numpy.random.Philox("
      "numpy.random.SeedSequence(%d)))" % seed)

order = rng.permutation(10).tolist()
print("order = rng.permutation(10).tolist(): %s" % order)

sizes = rng.integers(1, 4096, 5, numpy.uint32, True).tolist()
print("sizes = rng.integers(1, 4096, 5, numpy.uint32, True).tolist(): %s"
      % sizes)

rng.shuffle(order)
print("rng.shuffle(order); order: %s" % order)
