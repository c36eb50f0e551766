// SPDX-License-Identifier: GPL-2.0
/*
 * NumPy's Generator on a Philox stream: what numpy.random.Generator(
 * numpy.random.Philox(...)) draws, bit for bit, from the same struct
 * philox_rng, for kernel code that wants seeded, reproducible draws that a
 * Python model can replay.
 *
 * The rules are those of NumPy 1.24 (numpy/random/src/distributions and
 * _bounded_integers), written here from their description:
 *
 * - The capsule's double is the top 53 bits of one 64-bit output times
 *   2^-53. Its bits are computed here with integer operations, so that
 *   callers need no FPU.
 * - integers(low, high) draws from the closed interval [low, high - 1]
 *   (or [low, high] with endpoint=True) by adding a draw in [0, span] to
 *   low, span = high - low, in the unsigned type of the dtype's width; the
 *   signed dtypes use the unsigned draws of their width.
 * - A draw in [0, span] takes nothing if span is 0, one raw output of the
 *   width if span is the width's maximum, and Lemire's multiply-and-reject
 *   method otherwise. The 8- and 16-bit widths take their raw values from
 *   one 32-bit output kept across the draws of one call (four and two of
 *   them, low bits first); 64-bit draws whose span fits 32 bits take 32-bit
 *   outputs. All 32-bit outputs are philox_next_u32()'s, which splits a
 *   64-bit output and keeps its high half, as NumPy's next_uint32.
 * - shuffle and permutation go from the last element down, swapping element
 *   i with one drawn from [0, i] by masked rejection (NumPy's
 *   random_interval): the smallest all-ones mask covering i, applied to
 *   32-bit outputs while i fits 32 bits and to 64-bit ones after.
 * - bytes(n) are the little-endian bytes of ceil(n / 4) 32-bit outputs,
 *   the last one cut short; bytes(0) takes one output too.
 *
 * Nothing here keeps state of its own: after any of these draws the
 * stream's philox_get_numpy_state() is the bit_generator.state NumPy has
 * after the same draws.
 */

#include <linux/philox.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/byteorder.h>

#include "philox_internal.h"

/* IEEE 754 binary64: 52 fraction bits after an implicit 1, exponent bias. */
#define DOUBLE_FRACTION_BITS	52
#define DOUBLE_EXPONENT_BIAS	1023
/* Bits of a 64-bit output that make NumPy's double: the top 53. */
#define PHILOX_DOUBLE_BITS	(DOUBLE_FRACTION_BITS + 1)

/*********************************************************************
 *
 * The capsule's double
 *
 *	u64 philox_next_double_bits(struct philox_rng *rng)
 *
 *********************************************************************/

/**
 * philox_next_double_bits() - NumPy's next_double(), as the bits of the
 *	double
 * @rng: the stream
 *
 * This is Generator.random(): one 64-bit output x gives (x >> 11) * 2^-53,
 * a double in [0, 1). The value is exact (53 bits fit a double), so its
 * bits are computed with integer operations and callers need no FPU. Code
 * that runs between kernel_fpu_begin() and kernel_fpu_end() gets the
 * double by copying the bits into one (memcpy()).
 *
 * Context: any context.
 * Return: the IEEE 754 binary64 encoding of the double.
 */
u64 philox_next_double_bits(struct philox_rng *rng)
{
	u64 mantissa = philox_next_u64(rng) >> (64 - PHILOX_DOUBLE_BITS);
	unsigned int top;

	if (!mantissa)
		return 0;	/* +0.0 */
	/* mantissa * 2^-53 = 1.f * 2^(top - 53), top its highest set bit. */
	top = fls64(mantissa) - 1;
	return (u64)(top + DOUBLE_EXPONENT_BIAS - PHILOX_DOUBLE_BITS)
			<< DOUBLE_FRACTION_BITS |
	       ((mantissa << (DOUBLE_FRACTION_BITS - top)) &
		GENMASK_ULL(DOUBLE_FRACTION_BITS - 1, 0));
}
EXPORT_SYMBOL_GPL(philox_next_double_bits);

/*********************************************************************
 *
 * Bounded integers
 *
 *	int philox_integers_u8(struct philox_rng *rng, u8 low, u8 high,
 *			       bool endpoint, u8 *out, size_t n)
 *	(and _u16, _u32, _u64, _s8, _s16, _s32, _s64)
 *	u32 philox_u32_below(struct philox_rng *rng, u32 ceil)
 *	u32 philox_u32_above(struct philox_rng *rng, u32 floor)
 *	u32 philox_u32_inclusive(struct philox_rng *rng, u32 floor, u32 ceil)
 *	u64 philox_u64_below(struct philox_rng *rng, u64 ceil)
 *
 * Every philox_integers_*() call is one NumPy call of
 * integers(low, high, size=n, dtype=..., endpoint=...): the 32-bit output
 * that 8- and 16-bit draws share lives as long as the call, as in NumPy.
 *
 *********************************************************************/

/*
 * The 32-bit output that 8- and 16-bit draws of one call take their bits
 * from, low bits first: NumPy's buf and bcnt.
 */
struct philox_narrow_word {
	u32 bits;
	unsigned int left;	/* draws of it not yet taken */
};

/* The next draw of width bits (8 or 16) from the shared output. */
static u32 philox_narrow_draw(struct philox_rng *rng,
			      struct philox_narrow_word *word,
			      unsigned int width)
{
	if (!word->left) {
		word->bits = philox_next_u32(rng);
		word->left = BITS_PER_TYPE(word->bits) / width - 1;
	} else {
		word->bits >>= width;
		word->left--;
	}
	return word->bits & (BIT(width) - 1);
}

/*
 * Lemire's method for [0, span], span below the width's maximum: the high
 * half of x * (span + 1), rejecting the x whose low half falls below
 * 2^width mod (span + 1), so that every result has as many x. The same
 * for 8- and 16-bit draws, as in NumPy.
 */
static u32 philox_lemire_narrow(struct philox_rng *rng, u32 span,
				unsigned int width,
				struct philox_narrow_word *word)
{
	u32 mask = BIT(width) - 1, range = span + 1;
	u32 m = philox_narrow_draw(rng, word, width) * range;

	/* The low half is at least the threshold when it is at least range. */
	if ((m & mask) < range) {
		u32 threshold = (mask - span) % range;

		while ((m & mask) < threshold)
			m = philox_narrow_draw(rng, word, width) * range;
	}
	return m >> width;
}

/* One draw of [0, span] from the shared output, width bits (8 or 16). */
static u32 philox_bounded_narrow(struct philox_rng *rng, u32 span,
				 unsigned int width,
				 struct philox_narrow_word *word)
{
	if (!span)
		return 0;
	if (span == BIT(width) - 1)
		return philox_narrow_draw(rng, word, width);
	return philox_lemire_narrow(rng, span, width, word);
}

/* The same with 32-bit outputs, which need no shared word. */
static u32 philox_lemire_u32(struct philox_rng *rng, u32 span)
{
	u32 range = span + 1;
	u64 m = (u64)philox_next_u32(rng) * range;

	if ((u32)m < range) {
		u32 threshold = (U32_MAX - span) % range;

		while ((u32)m < threshold)
			m = (u64)philox_next_u32(rng) * range;
	}
	return m >> 32;
}

/* The same with 64-bit outputs and a 128-bit product. */
static u64 philox_lemire_u64(struct philox_rng *rng, u64 span)
{
	u64 range = span + 1;
	u64 hi, lo;

	philox_mulhilo(philox_next_u64(rng), range, &hi, &lo);
	if (lo < range) {
		u64 threshold;

		div64_u64_rem(U64_MAX - span, range, &threshold);
		while (lo < threshold)
			philox_mulhilo(philox_next_u64(rng), range, &hi, &lo);
	}
	return hi;
}

/* n draws of off + [0, span], as NumPy's bounded fill of each width. */
static void philox_bounded_fill_u8(struct philox_rng *rng, u8 off, u8 span,
				   u8 *out, size_t n)
{
	struct philox_narrow_word word = { };
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = off + philox_bounded_narrow(rng, span, 8, &word);
}

static void philox_bounded_fill_u16(struct philox_rng *rng, u16 off,
				    u16 span, u16 *out, size_t n)
{
	struct philox_narrow_word word = { };
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = off + philox_bounded_narrow(rng, span, 16, &word);
}

static u32 philox_bounded_u32(struct philox_rng *rng, u32 span)
{
	if (!span)
		return 0;
	if (span == U32_MAX)
		return philox_next_u32(rng);
	return philox_lemire_u32(rng, span);
}

/* A span that fits 32 bits takes 32-bit outputs, even for a 64-bit dtype. */
static u64 philox_bounded_u64(struct philox_rng *rng, u64 span)
{
	if (span <= U32_MAX)
		return philox_bounded_u32(rng, span);
	if (span == U64_MAX)
		return philox_next_u64(rng);
	return philox_lemire_u64(rng, span);
}

/*
 * NumPy's checks before it draws: the closed interval [low, high - 1] (or
 * [low, high]) must not be empty. Returns the span of that interval in
 * *span, or -EINVAL.
 */
static int philox_closed_span(s64 low, s64 high, bool endpoint, u64 *span)
{
	if (endpoint ? low > high : low >= high)
		return -EINVAL;
	*span = (u64)high - (u64)low - !endpoint;
	return 0;
}

/* The same for unsigned bounds, which may exceed S64_MAX. */
static int philox_closed_span_unsigned(u64 low, u64 high, bool endpoint,
				       u64 *span)
{
	if (endpoint ? low > high : low >= high)
		return -EINVAL;
	*span = high - low - !endpoint;
	return 0;
}

/**
 * philox_integers_u8() - NumPy's Generator.integers() for dtype uint8
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.uint8,
 * endpoint=endpoint), which shares each 32-bit output among four draws
 * (low bits first) within the call: n separate calls of one draw each take
 * a 32-bit output each. The whole range [0, 255] is (0, 255, true).
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty (NumPy's
 * "low >= high").
 */
int philox_integers_u8(struct philox_rng *rng, u8 low, u8 high,
		       bool endpoint, u8 *out, size_t n)
{
	u64 span;
	int ret = philox_closed_span_unsigned(low, high, endpoint, &span);

	if (ret)
		return ret;
	philox_bounded_fill_u8(rng, low, span, out, n);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_u8);

/**
 * philox_integers_u16() - NumPy's Generator.integers() for dtype uint16
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.uint16,
 * endpoint=endpoint), which shares each 32-bit output between two draws
 * (low half first) within the call.
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_u16(struct philox_rng *rng, u16 low, u16 high,
			bool endpoint, u16 *out, size_t n)
{
	u64 span;
	int ret = philox_closed_span_unsigned(low, high, endpoint, &span);

	if (ret)
		return ret;
	philox_bounded_fill_u16(rng, low, span, out, n);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_u16);

/**
 * philox_integers_u32() - NumPy's Generator.integers() for dtype uint32
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.uint32,
 * endpoint=endpoint): one philox_next_u32() per draw, more when Lemire's
 * method rejects one, none when the range holds one value.
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_u32(struct philox_rng *rng, u32 low, u32 high,
			bool endpoint, u32 *out, size_t n)
{
	u64 span;
	size_t i;
	int ret = philox_closed_span_unsigned(low, high, endpoint, &span);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		out[i] = low + philox_bounded_u32(rng, span);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_u32);

/**
 * philox_integers_u64() - NumPy's Generator.integers() for dtype uint64
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.uint64,
 * endpoint=endpoint). Ranges of at most 2^32 values take philox_next_u32()
 * draws, larger ones philox_next_u64() draws. The whole range is
 * (0, U64_MAX, true).
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_u64(struct philox_rng *rng, u64 low, u64 high,
			bool endpoint, u64 *out, size_t n)
{
	u64 span;
	size_t i;
	int ret = philox_closed_span_unsigned(low, high, endpoint, &span);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		out[i] = low + philox_bounded_u64(rng, span);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_u64);

/**
 * philox_integers_s8() - NumPy's Generator.integers() for dtype int8
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.int8,
 * endpoint=endpoint): the uint8 draws of the same span, added to @low.
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_s8(struct philox_rng *rng, s8 low, s8 high,
		       bool endpoint, s8 *out, size_t n)
{
	u64 span;
	int ret = philox_closed_span(low, high, endpoint, &span);

	if (ret)
		return ret;
	philox_bounded_fill_u8(rng, low, span, (u8 *)out, n);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_s8);

/**
 * philox_integers_s16() - NumPy's Generator.integers() for dtype int16
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.int16,
 * endpoint=endpoint): the uint16 draws of the same span, added to @low.
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_s16(struct philox_rng *rng, s16 low, s16 high,
			bool endpoint, s16 *out, size_t n)
{
	u64 span;
	int ret = philox_closed_span(low, high, endpoint, &span);

	if (ret)
		return ret;
	philox_bounded_fill_u16(rng, low, span, (u16 *)out, n);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_s16);

/**
 * philox_integers_s32() - NumPy's Generator.integers() for dtype int32
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, dtype=numpy.int32,
 * endpoint=endpoint): the uint32 draws of the same span, added to @low.
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_s32(struct philox_rng *rng, s32 low, s32 high,
			bool endpoint, s32 *out, size_t n)
{
	u64 span;
	size_t i;
	int ret = philox_closed_span(low, high, endpoint, &span);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		out[i] = (u32)low + philox_bounded_u32(rng, span);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_s32);

/**
 * philox_integers_s64() - NumPy's Generator.integers() for dtype int64,
 *	NumPy's default
 * @rng: the stream
 * @low: the lowest value
 * @high: one above the highest value, or the highest with @endpoint
 * @endpoint: whether @high itself may be drawn
 * @out: where to put the draws
 * @n: how many
 *
 * Equal to integers(low, high, size=n, endpoint=endpoint): the uint64
 * draws of the same span, added to @low. The whole range is
 * (S64_MIN, S64_MAX, true).
 *
 * Context: any context.
 * Return: 0; -EINVAL, with nothing drawn, if the range is empty.
 */
int philox_integers_s64(struct philox_rng *rng, s64 low, s64 high,
			bool endpoint, s64 *out, size_t n)
{
	u64 span;
	size_t i;
	int ret = philox_closed_span(low, high, endpoint, &span);

	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		out[i] = (u64)low + philox_bounded_u64(rng, span);
	return 0;
}
EXPORT_SYMBOL_GPL(philox_integers_s64);

/**
 * philox_u32_below() - a value in [0, @ceil), as get_random_u32_below()
 * @rng: the stream
 * @ceil: one above the highest value; not 0
 *
 * Equal to integers(0, ceil, dtype=numpy.uint32). NumPy refuses an empty
 * range; here @ceil 0 gives 0 and draws nothing, where the kernel's
 * get_random_u32_below(0) gives any u32.
 *
 * Context: any context.
 * Return: the value.
 */
u32 philox_u32_below(struct philox_rng *rng, u32 ceil)
{
	return ceil ? philox_bounded_u32(rng, ceil - 1) : 0;
}
EXPORT_SYMBOL_GPL(philox_u32_below);

/**
 * philox_u32_above() - a value in (@floor, U32_MAX], as
 *	get_random_u32_above()
 * @rng: the stream
 * @floor: one below the lowest value; not U32_MAX
 *
 * Equal to integers(floor + 1, 2**32, dtype=numpy.uint32). @floor U32_MAX
 * gives U32_MAX and draws nothing.
 *
 * Context: any context.
 * Return: the value.
 */
u32 philox_u32_above(struct philox_rng *rng, u32 floor)
{
	if (floor == U32_MAX)
		return U32_MAX;
	return floor + 1 + philox_bounded_u32(rng, U32_MAX - floor - 1);
}
EXPORT_SYMBOL_GPL(philox_u32_above);

/**
 * philox_u32_inclusive() - a value in [@floor, @ceil], as
 *	get_random_u32_inclusive()
 * @rng: the stream
 * @floor: the lowest value
 * @ceil: the highest value, at least @floor
 *
 * Equal to integers(floor, ceil, dtype=numpy.uint32, endpoint=True).
 * @ceil below @floor gives @floor and draws nothing.
 *
 * Context: any context.
 * Return: the value.
 */
u32 philox_u32_inclusive(struct philox_rng *rng, u32 floor, u32 ceil)
{
	if (ceil < floor)
		return floor;
	return floor + philox_bounded_u32(rng, ceil - floor);
}
EXPORT_SYMBOL_GPL(philox_u32_inclusive);

/**
 * philox_u64_below() - a value in [0, @ceil)
 * @rng: the stream
 * @ceil: one above the highest value; not 0
 *
 * Equal to integers(0, ceil, dtype=numpy.uint64): philox_next_u32() draws
 * while @ceil is at most 2^32, philox_next_u64() ones above. @ceil 0 gives
 * 0 and draws nothing.
 *
 * Context: any context.
 * Return: the value.
 */
u64 philox_u64_below(struct philox_rng *rng, u64 ceil)
{
	return ceil ? philox_bounded_u64(rng, ceil - 1) : 0;
}
EXPORT_SYMBOL_GPL(philox_u64_below);

/*********************************************************************
 *
 * Shuffles and bytes
 *
 *	u64 philox_interval(struct philox_rng *rng, u64 max)
 *	void philox_shuffle(struct philox_rng *rng, void *base, size_t num,
 *			    size_t size)
 *	void philox_permutation_u32(struct philox_rng *rng, u32 *out, u32 n)
 *	void philox_permutation_u64(struct philox_rng *rng, u64 *out,
 *				    size_t n)
 *	void philox_bytes(struct philox_rng *rng, void *buf, size_t len)
 *
 *********************************************************************/

/**
 * philox_interval() - a value in [0, @max] by masked rejection, NumPy's
 *	random_interval()
 * @rng: the stream
 * @max: the highest value
 *
 * The draw behind Generator.shuffle() and permutation(), which is not that
 * of integers(): outputs masked to the bits of @max until one is at most
 * @max; philox_next_u32() ones while @max fits 32 bits, philox_next_u64()
 * ones above. @max 0 draws nothing.
 *
 * Context: any context.
 * Return: the value.
 */
u64 philox_interval(struct philox_rng *rng, u64 max)
{
	u64 mask, value;

	if (!max)
		return 0;
	mask = GENMASK_ULL(fls64(max) - 1, 0);
	do {
		if (max <= U32_MAX)
			value = philox_next_u32(rng) & mask;
		else
			value = philox_next_u64(rng) & mask;
	} while (value > max);
	return value;
}
EXPORT_SYMBOL_GPL(philox_interval);

static void philox_swap_bytes(u8 *a, u8 *b, size_t size)
{
	size_t i;

	/* swap() evaluates its arguments more than once: no a++ in it. */
	for (i = 0; i < size; i++)
		swap(a[i], b[i]);
}

/**
 * philox_shuffle() - shuffle an array in place, as NumPy's
 *	Generator.shuffle()
 * @rng: the stream
 * @base: the array
 * @num: its number of elements
 * @size: the size of an element in bytes, any
 *
 * For i from @num - 1 down to 1, swaps element i with element
 * philox_interval(@rng, i): the order Generator.shuffle() leaves a
 * one-dimensional array or a list of @num elements in, whatever their
 * size.
 *
 * Context: any context; time linear in @num, without sleeping or
 * rescheduling, so not for arrays large enough to stall a CPU.
 */
void philox_shuffle(struct philox_rng *rng, void *base, size_t num,
		    size_t size)
{
	u8 *bytes = base;
	size_t i, j;

	for (i = num; i-- > 1;) {
		j = philox_interval(rng, i);
		if (j != i)
			philox_swap_bytes(bytes + i * size, bytes + j * size,
					  size);
	}
}
EXPORT_SYMBOL_GPL(philox_shuffle);

/**
 * philox_permutation_u32() - a random permutation of 0 .. @n - 1, as
 *	NumPy's Generator.permutation(n)
 * @rng: the stream
 * @out: where to put it, @n values
 * @n: the number of values
 *
 * The values 0 to @n - 1 shuffled by philox_shuffle().
 *
 * Context: any context.
 */
void philox_permutation_u32(struct philox_rng *rng, u32 *out, u32 n)
{
	u32 i, j;

	for (i = 0; i < n; i++)
		out[i] = i;
	for (i = n; i-- > 1;) {
		j = philox_interval(rng, i);
		swap(out[i], out[j]);
	}
}
EXPORT_SYMBOL_GPL(philox_permutation_u32);

/**
 * philox_permutation_u64() - a random permutation of 0 .. @n - 1 into
 *	64-bit values, as NumPy's Generator.permutation(n)
 * @rng: the stream
 * @out: where to put it, @n values
 * @n: the number of values
 *
 * The values 0 to @n - 1 shuffled by philox_shuffle().
 *
 * Context: any context.
 */
void philox_permutation_u64(struct philox_rng *rng, u64 *out, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		out[i] = i;
	for (i = n; i-- > 1;) {
		j = philox_interval(rng, i);
		swap(out[i], out[j]);
	}
}
EXPORT_SYMBOL_GPL(philox_permutation_u64);

/**
 * philox_bytes() - NumPy's Generator.bytes(), not the raw stream
 * @rng: the stream
 * @buf: where to put them, any alignment
 * @len: how many; 0 too takes one output
 *
 * The little-endian bytes of ceil(@len / 4) philox_next_u32() outputs,
 * the last one cut short; not the bytes philox_fill() takes, which are
 * random_raw()'s. NumPy counts the outputs as (len - 1) / 4 + 1 in C
 * arithmetic, so bytes(0) too takes one, which is dropped.
 *
 * Context: any context.
 */
void philox_bytes(struct philox_rng *rng, void *buf, size_t len)
{
	u8 *dst = buf;

	if (!len)
		philox_next_u32(rng);
	while (len) {
		__le32 word = cpu_to_le32(philox_next_u32(rng));
		size_t n = min(len, sizeof(word));

		memcpy(dst, &word, n);
		dst += n;
		len -= n;
	}
}
EXPORT_SYMBOL_GPL(philox_bytes);
