/* SPDX-License-Identifier: GPL-2.0 */
/*
 * philoxcat's NumPy Generator options (philoxcat_generator.c): --random,
 * --integers with --low, --high, --dtype and --endpoint, --permutation and
 * --shuffle, which print what numpy.random.Generator(Philox(...)) draws
 * from the device's stream.
 */
#ifndef PHILOXCAT_GENERATOR_H
#define PHILOXCAT_GENERATOR_H

#include <linux/types.h>

/* getopt_long() values of philoxcat.c's long_options[], above its own. */
enum {
	OPT_GEN_RANDOM = 512, OPT_GEN_INTEGERS, OPT_GEN_LOW, OPT_GEN_HIGH,
	OPT_GEN_DTYPE, OPT_GEN_ENDPOINT, OPT_GEN_PERMUTATION, OPT_GEN_SHUFFLE,
};

/* What the Generator is asked for; GEN_NONE: the byte stream as before. */
enum generator_mode {
	GEN_NONE, GEN_RANDOM, GEN_INTEGERS, GEN_PERMUTATION, GEN_SHUFFLE,
};

struct generator_opts {
	enum generator_mode mode;
	int modes;		/* how many of the four options were given */
	__u64 count;		/* N of --random, --integers, --permutation */
	const char *low;	/* the texts of --low and --high */
	const char *high;
	const char *dtype;	/* NULL: int64, NumPy's default */
	int endpoint;
};

/* Take one option if it is ours: 1 if it was, 0 if not. */
int generator_parse_option(int c, const char *arg, struct generator_opts *g);
/*
 * Check the combination once all options are read; streaming says whether
 * --bytes or --verify was given too. Exits with status 2 on a bad one.
 */
void generator_check_options(const struct generator_opts *g, int streaming);
/* Print the draws from the device file fd; returns the exit status. */
int generator_run(int fd, const char *device, const struct generator_opts *g);

/* The --help lines of these options. */
#define GENERATOR_HELP \
	"NumPy's Generator (rng = numpy.random.Generator(numpy.random.Philox(...))),\n" \
	"one value a line; one of these a run, each from a fresh rng:\n" \
	"  --random N          rng.random(N), as Python's repr(float)\n" \
	"  --integers N --low L --high H [--dtype T] [--endpoint]\n" \
	"                      rng.integers(L, H, size=N, dtype=T, endpoint=...);\n" \
	"                      T int8, int16, int32, int64 (default), uint8,\n" \
	"                      uint16, uint32 or uint64\n" \
	"  --permutation N     rng.permutation(N)\n" \
	"  --shuffle           the lines of standard input in the order\n" \
	"                      rng.shuffle(lines) leaves them\n"

#endif /* PHILOXCAT_GENERATOR_H */
