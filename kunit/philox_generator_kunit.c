// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for NumPy's Generator on Philox (module/philox_generator.c).
 *
 * Every expected value comes from NumPy's Generator(Philox(...)), kept in
 * philox_generator_vectors.h by kunit/gen-generator-vectors.py; make
 * check regenerates that header and fails if it differs. None is taken
 * from this module's output.
 *
 * Suite philox_generator: one test per case of the vectors, replayed by
 * philox_generator_replay.h (every value and NumPy's state after every op,
 * the whole state at the end); and what the API promises where NumPy has
 * no answer (empty ranges of the convenience names).
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/philox.h>
#include <linux/slab.h>

#include "philox_generator_replay.h"

KUNIT_ARRAY_PARAM_DESC(philox_gen, philox_gen_cases, name);

static void philox_generator_matches_numpy(struct kunit *test)
{
	const struct philox_gen_case *c = test->param_value;
	struct philox_gen_scratch *s;
	char msg[160] = "";

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	KUNIT_EXPECT_EQ_MSG(test, 0, philox_gen_replay(c, s, msg, sizeof(msg)),
			    "%s", msg);
}

/*
 * NumPy has no value for an empty range; ours are documented: the one
 * bound, and nothing drawn.
 */
static void philox_generator_empty_convenience_ranges(struct kunit *test)
{
	const struct philox_gen_case *c = &philox_gen_cases[0];
	struct philox_numpy_state st;
	struct philox_rng rng;

	KUNIT_ASSERT_EQ(test, 0, philox_set_numpy_state(&rng, &c->start));
	KUNIT_EXPECT_EQ(test, philox_u32_below(&rng, 0), 0);
	KUNIT_EXPECT_EQ(test, philox_u64_below(&rng, 0), 0);
	KUNIT_EXPECT_EQ(test, philox_u32_above(&rng, U32_MAX), U32_MAX);
	KUNIT_EXPECT_EQ(test, philox_u32_inclusive(&rng, 9, 8), 9);
	KUNIT_ASSERT_EQ(test, 0, philox_get_numpy_state(&rng, &st));
	KUNIT_EXPECT_TRUE(test, philox_gen_state_equal(&st, &c->start));
}

/* A refused range writes nothing either. */
static void philox_generator_refused_range_writes_nothing(struct kunit *test)
{
	const struct philox_gen_case *c = &philox_gen_cases[0];
	struct philox_rng rng;
	u64 out = 0x5555;

	KUNIT_ASSERT_EQ(test, 0, philox_set_numpy_state(&rng, &c->start));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			philox_integers_u64(&rng, 7, 7, false, &out, 1));
	KUNIT_EXPECT_EQ(test, out, 0x5555);
}

static struct kunit_case philox_generator_cases[] = {
	KUNIT_CASE_PARAM(philox_generator_matches_numpy, philox_gen_gen_params),
	KUNIT_CASE(philox_generator_empty_convenience_ranges),
	KUNIT_CASE(philox_generator_refused_range_writes_nothing),
	{}
};

static struct kunit_suite philox_generator_suite = {
	.name = "philox_generator",
	.test_cases = philox_generator_cases,
};

kunit_test_suites(&philox_generator_suite);
