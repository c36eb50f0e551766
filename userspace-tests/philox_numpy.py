# SPDX-License-Identifier: GPL-2.0
"""Integer and word helpers shared by the NumPy expectation generators."""


def words(value, n, bits=64):
    """The n little-endian words of an integer."""
    mask = (1 << bits) - 1
    return [(value >> (bits * i)) & mask for i in range(n)]


def from_words(ws, bits=64):
    """The integer of little-endian words."""
    return sum(int(w) << (bits * i) for i, w in enumerate(ws))
