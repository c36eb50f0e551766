// SPDX-License-Identifier: GPL-2.0
/*
 * philoxcat's NumPy Generator options: what
 * numpy.random.Generator(numpy.random.Philox(...)) draws, computed here in
 * userspace from the device's stream of 64-bit outputs, printed as Python
 * prints it.
 *
 * The device gives NumPy's random_raw() words as little-endian bytes; the
 * rest is NumPy's Generator, written from the rules of NumPy 1.24:
 *
 * - next_uint32 splits a 64-bit word, returns the low half and keeps the
 *   high half for the next next_uint32; 64-bit draws leave a kept half
 *   alone.
 * - random() is (next_uint64 >> 11) * 2^-53.
 * - integers(L, H) draws from [L, H - 1] ([L, H] with endpoint) by adding a
 *   draw in [0, span] to L in the unsigned type of the dtype's width:
 *   nothing if span is 0, a raw value if span is the width's maximum,
 *   Lemire's multiply-and-reject otherwise. 8- and 16-bit values come four
 *   and two from one next_uint32 (low bits first) within one call; 64-bit
 *   ones whose span fits 32 bits take next_uint32.
 * - permutation(N) and shuffle() swap element i, from the last down to 1,
 *   with one drawn from [0, i] by masked rejection (random_interval).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "philoxcat_generator.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define EXIT_USAGE	2
#define EXIT_IO		3

#define U32_MAX		0xffffffffu
#define U64_MAX		0xffffffffffffffffull
#define READ_BYTES	4096	/* device bytes read at once */
/* The most digits a double needs to read back as itself. */
#define DOUBLE_MAX_DIGITS	17
/*
 * Python's repr(float) writes the exponent form when the decimal point
 * would be more than 16 digits right of the first digit, or 4 or more
 * zeros left of it.
 */
#define REPR_MAX_DECPT		16
#define REPR_MIN_DECPT		(-3)
/* random(): the top 53 bits of a 64-bit output, times 2^-53. */
#define RANDOM_SCALE		(1.0 / 9007199254740992.0)

static const char *prog = "philoxcat";
/* Standard output's reader went away (EPIPE): success, as with cat | head. */
static int reader_gone;

/* Whether standard output failed, so that nobody reads the rest. */
static int output_failed(void)
{
	if (!ferror(stdout))
		return 0;
	if (errno == EPIPE)
		reader_gone = 1;
	return 1;
}

static void usage_fail(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(EXIT_USAGE);
}

/* NumPy's integer dtypes: name, bits, signedness. */
struct dtype {
	const char *name;
	unsigned int bits;
	int is_signed;
};

static const struct dtype dtypes[] = {
	{ "int8", 8, 1 }, { "int16", 16, 1 }, { "int32", 32, 1 },
	{ "int64", 64, 1 }, { "uint8", 8, 0 }, { "uint16", 16, 0 },
	{ "uint32", 32, 0 }, { "uint64", 64, 0 },
};

#define DEFAULT_DTYPE	3	/* int64, as NumPy's integers() */

static const struct dtype *find_dtype(const char *name)
{
	size_t i;

	if (!name)
		return &dtypes[DEFAULT_DTYPE];
	for (i = 0; i < ARRAY_SIZE(dtypes); i++)
		if (!strcmp(name, dtypes[i].name))
			return &dtypes[i];
	return NULL;
}

/*
 * Integers of the command line, which may lie outside every dtype (NumPy
 * then says which bound is out): two's complement over 128 bits, enough
 * for [-2^64, 2^64] and saturating far beyond.
 */
struct wide {
	__u64 lo;
	__s64 hi;
};

static int wide_cmp(struct wide a, struct wide b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

static struct wide wide_minus_one(struct wide a)
{
	if (!a.lo--)
		a.hi--;
	return a;
}

static struct wide wide_from_u64(__u64 v, int negative)
{
	struct wide w = { v, 0 };

	if (negative && v) {
		w.lo = -v;
		w.hi = -1;
	}
	return w;
}

/* Parse [-]decimal or [-]0x-hex; 0 or -1 if it is not such a number. */
static int parse_wide(const char *s, struct wide *out)
{
	unsigned int base = 10, d;
	__u64 lo = 0, hi = 0;	/* the magnitude, hi saturating at 2^40 */
	int negative = 0, digits = 0;

	if (*s == '-' || *s == '+')
		negative = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		__u64 lo_lo, lo_hi;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -1;
		/* (hi, lo) = (hi, lo) * base + d, in 32-bit pieces of lo. */
		lo_lo = (lo & U32_MAX) * base + d;
		lo_hi = (lo >> 32) * base + (lo_lo >> 32);
		lo = (lo_hi << 32) | (lo_lo & U32_MAX);
		hi = hi * base + (lo_hi >> 32);
		if (hi > 1ull << 40)
			hi = 1ull << 40;
	}
	if (!digits)
		return -1;
	out->lo = lo;
	out->hi = hi;
	if (negative) {	/* two's complement of (hi, lo) */
		out->lo = -lo;
		out->hi = -(__s64)hi - (lo != 0);
	}
	return 0;
}

static __u64 parse_count(const char *opt, const char *arg)
{
	struct wide w;

	if (parse_wide(arg, &w) || w.hi || arg[0] == '-' || arg[0] == '+')
		usage_fail("%s: not a count (a decimal or 0x-hex integer < 2^64)",
			   opt);
	return w.lo;
}

int generator_parse_option(int c, const char *arg, struct generator_opts *g)
{
	enum generator_mode mode = GEN_NONE;

	switch (c) {
	case OPT_GEN_RANDOM:
		mode = GEN_RANDOM;
		g->count = parse_count("--random", arg);
		break;
	case OPT_GEN_INTEGERS:
		mode = GEN_INTEGERS;
		g->count = parse_count("--integers", arg);
		break;
	case OPT_GEN_PERMUTATION:
		mode = GEN_PERMUTATION;
		g->count = parse_count("--permutation", arg);
		break;
	case OPT_GEN_SHUFFLE:
		mode = GEN_SHUFFLE;
		break;
	case OPT_GEN_LOW:
		g->low = arg;
		return 1;
	case OPT_GEN_HIGH:
		g->high = arg;
		return 1;
	case OPT_GEN_DTYPE:
		if (!find_dtype(arg))
			usage_fail("--dtype: '%s' is not an integer dtype (--help)",
				   arg);
		g->dtype = arg;
		return 1;
	case OPT_GEN_ENDPOINT:
		g->endpoint = 1;
		return 1;
	default:
		return 0;
	}
	if (g->mode != mode)
		g->modes++;
	g->mode = mode;
	return 1;
}

void generator_check_options(const struct generator_opts *g, int streaming)
{
	struct wide w;

	if (g->modes > 1)
		usage_fail("%s", "each Generator option starts a fresh rng: give one");
	if (g->mode && streaming)
		usage_fail("%s", "--bytes and --verify do not go with Generator options");
	if (g->mode != GEN_INTEGERS) {
		if (g->low || g->high || g->dtype || g->endpoint)
			usage_fail("%s", "--low, --high, --dtype, --endpoint need --integers");
		return;
	}
	if (!g->high)
		usage_fail("%s", "--integers needs --high (and --low, 0 if not given)");
	if (g->low && parse_wide(g->low, &w))
		usage_fail("--low: '%s' is not an integer", g->low);
	if (parse_wide(g->high, &w))
		usage_fail("--high: '%s' is not an integer", g->high);
}

/* The device's stream, and NumPy's next_uint32 and next_uint64 over it. */
struct stream {
	int fd;
	const char *device;
	unsigned char buf[READ_BYTES];
	size_t pos, len;
	int has_uint32;
	__u32 uinteger;
};

static void stream_refill(struct stream *s)
{
	ssize_t n;

	do {
		n = read(s->fd, s->buf, sizeof(s->buf));
	} while (n < 0 && errno == EINTR);
	/* The device returns whole 8-byte words for reads of whole words. */
	if (n <= 0 || n % 8) {
		fprintf(stderr, "%s: %s: read: %s\n", prog, s->device,
			n < 0 ? strerror(errno) : "short read");
		exit(EXIT_IO);
	}
	s->pos = 0;
	s->len = n;
}

static __u64 next_uint64(struct stream *s)
{
	__u64 v = 0;
	int i;

	if (s->pos == s->len)
		stream_refill(s);
	/* Little-endian bytes on every machine. */
	for (i = 7; i >= 0; i--)
		v = v << 8 | s->buf[s->pos + i];
	s->pos += 8;
	return v;
}

static __u32 next_uint32(struct stream *s)
{
	__u64 v;

	if (s->has_uint32) {
		s->has_uint32 = 0;
		return s->uinteger;
	}
	v = next_uint64(s);
	s->has_uint32 = 1;
	s->uinteger = v >> 32;
	return (__u32)v;
}

/* NumPy's buffer of 8- and 16-bit values of one integers() call. */
struct narrow {
	__u32 bits;
	unsigned int left;
};

static __u32 next_narrow(struct stream *s, struct narrow *nw,
			 unsigned int bits)
{
	if (!nw->left) {
		nw->bits = next_uint32(s);
		nw->left = 32 / bits - 1;
	} else {
		nw->bits >>= bits;
		nw->left--;
	}
	return nw->bits & ((1u << bits) - 1);
}

/* The high and low 64 bits of a * b, without a 128-bit type. */
static void mul_64x64(__u64 a, __u64 b, __u64 *hi, __u64 *lo)
{
	__u64 a0 = a & U32_MAX, a1 = a >> 32, b0 = b & U32_MAX, b1 = b >> 32;
	__u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	__u64 mid = (p00 >> 32) + (p01 & U32_MAX) + (p10 & U32_MAX);

	*lo = (mid << 32) | (p00 & U32_MAX);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/*
 * Lemire's method for [0, span] at a width of bits (8, 16, 32): the high
 * half of x * (span + 1), rejecting x whose low half is below
 * 2^bits mod (span + 1).
 */
static __u64 lemire_narrow(struct stream *s, struct narrow *nw,
			   unsigned int bits, __u64 span)
{
	__u64 range = span + 1, mask = (1ull << bits) - 1, m, threshold;

	m = (bits == 32 ? next_uint32(s) : next_narrow(s, nw, bits)) * range;
	if ((m & mask) < range) {
		threshold = (mask - span) % range;
		while ((m & mask) < threshold)
			m = (bits == 32 ? next_uint32(s) :
			     next_narrow(s, nw, bits)) * range;
	}
	return m >> bits;
}

static __u64 lemire_64(struct stream *s, __u64 span)
{
	__u64 range = span + 1, hi, lo, threshold;

	mul_64x64(next_uint64(s), range, &hi, &lo);
	if (lo < range) {
		threshold = (U64_MAX - span) % range;
		while (lo < threshold)
			mul_64x64(next_uint64(s), range, &hi, &lo);
	}
	return hi;
}

/* One draw in [0, span] of a width, as NumPy's bounded fills. */
static __u64 bounded(struct stream *s, struct narrow *nw, unsigned int bits,
		     __u64 span)
{
	if (!span)
		return 0;
	if (bits < 32) {
		if (span == (1ull << bits) - 1)
			return next_narrow(s, nw, bits);
		return lemire_narrow(s, nw, bits, span);
	}
	if (span == U32_MAX)
		return next_uint32(s);
	if (span < U32_MAX)
		return lemire_narrow(s, nw, 32, span);
	if (span == U64_MAX)
		return next_uint64(s);
	return lemire_64(s, span);
}

/* NumPy's random_interval(): [0, max] by masked rejection. */
static __u64 interval(struct stream *s, __u64 max)
{
	__u64 mask = max, value;
	int shift;

	if (!max)
		return 0;
	for (shift = 1; shift < 64; shift <<= 1)
		mask |= mask >> shift;
	do {
		value = (max <= U32_MAX ? next_uint32(s) : next_uint64(s)) &
			mask;
	} while (value > max);
	return value;
}

/*
 * Python's repr(float): the fewest significant digits that read back as
 * the same double (the nearest such if several), in fixed notation unless
 * the decimal point is far from them.
 */
static void print_repr(double x)
{
	/*
	 * The correctly rounded digits of each length, else their neighbours:
	 * at a power of two the gap below is half the gap above, so the
	 * nearest digits can miss while the next ones up read back.
	 */
	static const int neighbours[] = { 0, 1, -1 };
	unsigned long long mantissa = 0, digits_value = 0;
	char buf[48], digits[24];
	int prec, scale = 0, n, decpt, exp10, i, k;
	const char *p;

	if (x == 0) {
		puts("0.0");
		return;
	}
	for (prec = 1; prec <= DOUBLE_MAX_DIGITS; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
		mantissa = 0;
		for (p = buf; *p != 'e'; p++)
			if (*p >= '0' && *p <= '9')
				mantissa = mantissa * 10 + (*p - '0');
		/* x ~ mantissa * 10^scale */
		scale = atoi(p + 1) - (prec - 1);
		for (k = 0; k < 3; k++) {
			digits_value = mantissa + neighbours[k];
			snprintf(buf, sizeof(buf), "%llue%d", digits_value, scale);
			if (strtod(buf, NULL) == x)
				goto found;
		}
	}
	digits_value = mantissa;	/* 17 digits always read back */
found:
	n = snprintf(digits, sizeof(digits), "%llu", digits_value);
	while (n > 1 && digits[n - 1] == '0') {
		digits[--n] = '\0';
		scale++;
	}
	decpt = n + scale;	/* digits before the decimal point */
	exp10 = decpt - 1;
	if (decpt > REPR_MAX_DECPT || decpt < REPR_MIN_DECPT) {
		printf("%c%s%s", digits[0], n > 1 ? "." : "", digits + 1);
		printf("e%c%02d\n", exp10 < 0 ? '-' : '+', abs(exp10));
	} else if (decpt <= 0) {
		printf("0.");
		for (i = decpt; i < 0; i++)
			putchar('0');
		printf("%s\n", digits);
	} else if (decpt >= n) {
		printf("%s", digits);
		for (i = n; i < decpt; i++)
			putchar('0');
		printf(".0\n");
	} else {
		printf("%.*s.%s\n", decpt, digits, digits + decpt);
	}
}

static int run_random(struct stream *s, __u64 count)
{
	__u64 i;

	for (i = 0; i < count && !output_failed(); i++)
		print_repr((double)(next_uint64(s) >> 11) * RANDOM_SCALE);
	return 0;
}

static void integers_error(const char *msg, const char *dtype)
{
	fprintf(stderr, "%s: --integers: ValueError: %s%s\n", prog, msg,
		dtype ? dtype : "");
	exit(EXIT_USAGE);
}

static int run_integers(struct stream *s, const struct generator_opts *g)
{
	const struct dtype *t = find_dtype(g->dtype);
	struct wide low = { 0, 0 }, high, lb, ub;
	struct narrow nw = { 0, 0 };
	__u64 span, off, v, i, sign = 1ull << (t->bits - 1);
	__u64 umax = t->bits == 64 ? U64_MAX : (1ull << t->bits) - 1;

	if (g->low)
		parse_wide(g->low, &low);
	parse_wide(g->high, &high);
	/* NumPy's checks, in NumPy's order, on the closed interval. */
	if (!g->endpoint)
		high = wide_minus_one(high);
	lb = t->is_signed ? wide_from_u64(sign, 1) : wide_from_u64(0, 0);
	ub = wide_from_u64(t->is_signed ? sign - 1 : umax, 0);
	if (wide_cmp(low, lb) < 0)
		integers_error("low is out of bounds for ", t->name);
	if (wide_cmp(high, ub) > 0)
		integers_error("high is out of bounds for ", t->name);
	if (wide_cmp(low, high) > 0) {
		/* NumPy words it for low 0, the one-argument integers(high). */
		if (!low.lo && !low.hi)
			integers_error(g->endpoint ? "high < 0" : "high <= 0",
				       NULL);
		integers_error(g->endpoint ? "low > high" : "low >= high",
			       NULL);
	}
	span = (high.lo - low.lo) & umax;
	off = low.lo & umax;
	for (i = 0; i < g->count && !output_failed(); i++) {
		v = (off + bounded(s, &nw, t->bits, span)) & umax;
		if (t->is_signed && (v & sign))
			printf("-%llu\n", (unsigned long long)(umax - v + 1));
		else
			printf("%llu\n", (unsigned long long)v);
	}
	return 0;
}

static void *alloc_or_exit(size_t n, size_t size)
{
	void *p = n ? calloc(n, size) : NULL;

	if (n && !p) {
		fprintf(stderr, "%s: out of memory\n", prog);
		exit(EXIT_IO);
	}
	return p;
}

static int run_permutation(struct stream *s, __u64 count)
{
	__u64 *perm, i, j, t;

	if (count > SIZE_MAX / sizeof(*perm)) {
		fprintf(stderr, "%s: --permutation: out of memory\n", prog);
		return EXIT_IO;
	}
	perm = alloc_or_exit(count, sizeof(*perm));
	for (i = 0; i < count; i++)
		perm[i] = i;
	for (i = count; i-- > 1;) {
		j = interval(s, i);
		t = perm[i];
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < count && !output_failed(); i++)
		printf("%llu\n", (unsigned long long)perm[i]);
	free(perm);
	return 0;
}

/*
 * Standard input as lines: split at each newline, a last line without one
 * counted too, as Python's data.split(b"\n") without the empty piece after
 * a final newline.
 */
static int run_shuffle(struct stream *s)
{
	size_t cap = 0, len = 0, nlines = 0, i, j, start;
	char *data = NULL, **lines, *t;
	ssize_t n;

	for (;;) {
		/* Room for one more byte than read: the '\0' of a last line. */
		if (len + 1 >= cap) {
			cap = cap ? 2 * cap : 65536;
			data = realloc(data, cap);
			if (!data) {
				fprintf(stderr, "%s: out of memory\n", prog);
				return EXIT_IO;
			}
		}
		n = read(STDIN_FILENO, data + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: standard input: %s\n", prog,
				strerror(errno));
			return EXIT_IO;
		}
		if (!n)
			break;
		len += n;
	}
	for (i = 0; i < len; i++)
		nlines += data[i] == '\n';
	if (len && data[len - 1] != '\n')
		nlines++;
	data[len] = '\0';
	lines = alloc_or_exit(nlines, sizeof(*lines));
	for (i = 0, start = 0, j = 0; j < nlines; i++) {
		if (i == len || data[i] == '\n') {
			data[i] = '\0';
			lines[j++] = data + start;
			start = i + 1;
		}
	}
	for (i = nlines; i-- > 1;) {
		j = interval(s, i);
		t = lines[i];
		lines[i] = lines[j];
		lines[j] = t;
	}
	for (i = 0; i < nlines && !output_failed(); i++)
		printf("%s\n", lines[i]);
	free(lines);
	free(data);
	return 0;
}

int generator_run(int fd, const char *device, const struct generator_opts *g)
{
	struct stream *s = alloc_or_exit(1, sizeof(*s));
	int ret = 0;

	s->fd = fd;
	s->device = device;
	switch (g->mode) {
	case GEN_RANDOM:
		ret = run_random(s, g->count);
		break;
	case GEN_INTEGERS:
		ret = run_integers(s, g);
		break;
	case GEN_PERMUTATION:
		ret = run_permutation(s, g->count);
		break;
	case GEN_SHUFFLE:
		ret = run_shuffle(s);
		break;
	case GEN_NONE:
		break;
	}
	free(s);
	if (fflush(stdout) || output_failed()) {
		/* Not main()'s check of stdout: what is unwritten stays so. */
		if (reader_gone || errno == EPIPE)
			exit(0);
		fprintf(stderr, "%s: standard output: %s\n", prog,
			strerror(errno));
		return EXIT_IO;
	}
	return ret;
}
