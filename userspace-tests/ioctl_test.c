// SPDX-License-Identifier: GPL-2.0
/*
 * Every ioctl of /dev/philox and every error it can return, against the
 * values NumPy computed in gen-expected.py (data file ioctl.txt).
 *
 * A failed ioctl must change nothing, so each failure is provoked on a
 * file in a known state (a "baseline": a SeedSequence or a bare key, a
 * spawned child, 7 bytes read) and the whole state is checked after it:
 * GET_SEED, GET_STATE and the next bytes of the stream.
 */

#include "philox_test.h"

static struct tdata d;

/* A record name built from a format; a few are in use at once. */
static __printf(1, 2) const char *rec(const char *fmt, ...)
{
	static char names[4][96];
	static int next;
	char *name = names[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(names[0]), fmt, ap);
	va_end(ap);
	return name;
}

/* The state GET_STATE reports right after SEED: counter 0, nothing read. */
static void seeded_state(struct philox_state *s, const struct philox_key *k)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->key, k->key, sizeof(s->key));
	s->buffer_pos = PHILOX_BLOCK_BYTES;
}

/* SEED with the seed of a case: GET_SEED, GET_KEY, GET_STATE, the stream. */
static void test_seed_case(const char *name, const char *desc)
{
	struct philox_seed seed, want;
	struct philox_state state;
	struct philox_key key;
	__u8 stream[256];
	int fd = dev_open();

	tdata_seed(&d, rec("%s.seed", name), &seed);
	tdata_seed(&d, rec("%s.get", name), &want);
	tdata_key(&d, rec("%s.key", name), &key);
	tdata_bytes(&d, rec("%s.stream", name), stream, sizeof(stream));
	seeded_state(&state, &key);
	if (t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED")) {
		t_expect_get_seed(fd, &want, "GET_SEED");
		t_expect_get_key(fd, &key, "GET_KEY");
		t_expect_get_state(fd, &state, "GET_STATE");
		t_read_expect(fd, stream, sizeof(stream), "stream");
	}
	close(fd);
	t_done("SEED %s: GET_SEED, GET_KEY, GET_STATE and 256 bytes match NumPy",
	       desc);
}

static void test_seed_cases(void)
{
	test_seed_case("s1", "5 entropy words, spawn key (3, 7), pool 8");
	test_seed_case("pool0", "pool_size 0 (reported as 4)");
	test_seed_case("max", "32 entropy words, 16-word spawn key, pool 64");
	test_seed_case("empty", "no entropy, no spawn key");
	test_seed_case("emptyspawn", "no entropy, spawn key (1, 2), pool 0");
	test_seed_case("big4", "32 entropy words, pool 4");
	test_seed_case("zero", "one entropy word 0");
	test_seed_case("children5", "n_children_spawned 5");
	test_seed_case("spawn15", "15-word spawn key");
	test_seed_case("child0", "the first child of s1");
	test_seed_case("spawn16", "a child with a 16-word spawn key");
}

/* Words past n_entropy and n_spawn_key are not part of the seed. */
static void test_seed_unused_words(void)
{
	struct philox_seed seed, want;
	__u8 stream[64];
	unsigned int i;
	int fd = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_seed(&d, "s1.get", &want);
	tdata_bytes(&d, "s1.stream", stream, sizeof(stream));
	for (i = seed.n_entropy; i < PHILOX_SEED_MAX_WORDS; i++)
		seed.entropy[i] = 0xdeadbeef + i;
	for (i = seed.n_spawn_key; i < PHILOX_SPAWN_MAX_WORDS; i++)
		seed.spawn_key[i] = 0xcafe0000 + i;
	if (t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED")) {
		t_expect_get_seed(fd, &want, "GET_SEED");
		t_read_expect(fd, stream, sizeof(stream), "stream");
	}
	close(fd);
	t_done("SEED ignores the words past n_entropy and n_spawn_key");
}

/* SEED restarts the stream even with a block buffered, and after SET_KEY. */
static void test_seed_restarts(void)
{
	struct philox_seed seed, want;
	struct philox_key k1;
	__u8 stream[64], buf[5];
	int fd = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_seed(&d, "s1.get", &want);
	tdata_key(&d, "k1.key", &k1);
	tdata_bytes(&d, "s1.stream", stream, sizeof(stream));
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "first SEED");
	t_read(fd, buf, sizeof(buf), "5 bytes");
	t_ioctl(fd, PHILOX_IOC_SET_KEY, &k1, "SET_KEY");
	t_read(fd, buf, sizeof(buf), "5 bytes after SET_KEY");
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "second SEED");
	t_expect_get_seed(fd, &want, "GET_SEED");
	t_read_expect(fd, stream, sizeof(stream), "stream after second SEED");
	close(fd);
	t_done("SEED drops the buffer, restarts at counter 0 and replaces SET_KEY's key");
}

/* Three SPAWNs are SeedSequence.spawn(3); the parent counts them. */
static void test_spawn_children(void)
{
	struct philox_seed seed, child, want;
	int fd = dev_open(), i;

	tdata_seed(&d, "s1.seed", &seed);
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	for (i = 0; i < 3; i++) {
		const char *what = rec("SPAWN %d", i);

		tdata_seed(&d, rec("s1.child%d", i), &want);
		if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, what))
			t_expect_seed(&child, &want, what);
	}
	tdata_seed(&d, "s1.get3", &want);
	t_expect_get_seed(fd, &want, "GET_SEED after 3 SPAWNs");
	close(fd);
	t_done("SPAWN x3 equals SeedSequence.spawn(3); n_children_spawned is 3");
}

/* SPAWN hands out a seed; the file's own stream goes on untouched. */
static void test_spawn_keeps_stream(void)
{
	struct philox_state before, after;
	struct philox_seed seed, child;
	__u8 stream[64], buf[7];
	int fd = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_bytes(&d, "s1.stream", stream, sizeof(stream));
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	t_read(fd, buf, sizeof(buf), "7 bytes");
	t_expect_mem(buf, stream, sizeof(buf), "7 bytes");
	t_get_state(fd, &before, "before SPAWN");
	t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN");
	t_get_state(fd, &after, "after SPAWN");
	t_expect_state(&after, &before, "GET_STATE after SPAWN");
	t_read_expect(fd, stream + 7, sizeof(stream) - 7, "stream after SPAWN");
	close(fd);
	t_done("SPAWN leaves the stream and the state alone");
}

/* A child seeded into the device spawns grandchildren as NumPy does. */
static void test_spawn_grandchild(void)
{
	struct philox_seed seed, child, want;
	__u8 stream[64];
	int fd = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_seed(&d, "child0.get", &want);
	tdata_bytes(&d, "child0.stream", stream, sizeof(stream));
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED s1");
	if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN") &&
	    t_expect_seed(&child, &want, "child") &&
	    t_ioctl(fd, PHILOX_IOC_SEED, &child, "SEED child")) {
		t_expect_get_seed(fd, &want, "GET_SEED of the child");
		t_read_expect(fd, stream, sizeof(stream), "child's stream");
		tdata_seed(&d, "child0.child0", &want);
		if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN grandchild"))
			t_expect_seed(&child, &want, "grandchild");
	}
	close(fd);
	t_done("SEED with a SPAWNed child: its stream and its child match NumPy");
}

/* SEED takes n_children_spawned as given: the next child uses it. */
static void test_spawn_children5(void)
{
	struct philox_seed seed, child, want;
	int fd = dev_open();

	tdata_seed(&d, "children5.seed", &seed);
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	tdata_seed(&d, "children5.child", &want);
	if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		t_expect_seed(&child, &want, "child");
	tdata_seed(&d, "children5.get1", &want);
	t_expect_get_seed(fd, &want, "GET_SEED after SPAWN");
	close(fd);
	t_done("SPAWN after SEED with n_children_spawned 5 gives spawn key + (5,)");
}

static void test_spawn15(void)
{
	struct philox_seed seed, child, want;
	int fd = dev_open();

	tdata_seed(&d, "spawn15.seed", &seed);
	tdata_seed(&d, "spawn16.get", &want);
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		t_expect_seed(&child, &want, "child");
	close(fd);
	t_done("SPAWN of a 15-word spawn key gives a 16-word one");
}

/* SET_COUNTER, ADVANCE and JUMP move the counter, not the SeedSequence. */
static void test_seed_kept(void)
{
	struct philox_seed seed, child, want;
	struct philox_counter c;
	__u64 n = 3;
	int fd = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_counter(&d, "k1.counter", &c);
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	t_ioctl(fd, PHILOX_IOC_SET_COUNTER, &c, "SET_COUNTER");
	t_ioctl(fd, PHILOX_IOC_ADVANCE, &c, "ADVANCE");
	t_ioctl(fd, PHILOX_IOC_JUMP, &n, "JUMP");
	tdata_seed(&d, "s1.get", &want);
	t_expect_get_seed(fd, &want, "GET_SEED");
	tdata_seed(&d, "s1.child0", &want);
	if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN"))
		t_expect_seed(&child, &want, "child");
	close(fd);
	t_done("SET_COUNTER, ADVANCE and JUMP keep the SeedSequence");
}

/* SET_KEY: the counter stays, the buffered block goes, GET_KEY returns it. */
static void test_set_key(void)
{
	struct philox_key ka, kb;
	struct philox_counter c;
	struct philox_state state;
	__u8 first5[5], after[64];
	int fd = dev_open();

	tdata_key(&d, "setkey.ka", &ka);
	tdata_key(&d, "setkey.kb", &kb);
	tdata_counter(&d, "setkey.counter", &c);
	tdata_bytes(&d, "setkey.first5", first5, sizeof(first5));
	tdata_bytes(&d, "setkey.after", after, sizeof(after));
	tdata_state(&d, "setkey.state", &state);
	t_set_key_counter(fd, &ka, &c);
	t_expect_get_key(fd, &ka, "GET_KEY after first SET_KEY");
	t_read_expect(fd, first5, sizeof(first5), "5 bytes");
	t_ioctl(fd, PHILOX_IOC_SET_KEY, &kb, "second SET_KEY");
	t_expect_get_key(fd, &kb, "GET_KEY after second SET_KEY");
	t_expect_get_state(fd, &state, "GET_STATE");
	t_read_expect(fd, after, sizeof(after), "stream after SET_KEY");
	close(fd);
	t_done("SET_KEY keeps the counter, drops the buffer; GET_KEY returns the key");
}

static void test_set_counter(void)
{
	struct philox_counter c;
	struct philox_key k;
	__u8 stream[64], buf[5];
	int fd = dev_open();

	tdata_key(&d, "k1.key", &k);
	tdata_counter(&d, "k1.counter", &c);
	tdata_bytes(&d, "k1.stream", stream, sizeof(stream));
	t_set_key_counter(fd, &k, &c);
	t_expect_get_counter(fd, &c, "GET_COUNTER");
	t_read_expect(fd, stream, sizeof(stream), "stream");
	close(fd);
	t_done("SET_COUNTER: GET_COUNTER returns it, reads equal Philox(key=, counter=)");

	fd = dev_open();
	t_set_key_counter(fd, &k, &c);
	t_read(fd, buf, sizeof(buf), "5 bytes");
	t_ioctl(fd, PHILOX_IOC_SET_COUNTER, &c, "SET_COUNTER again");
	t_read_expect(fd, stream, sizeof(stream), "stream after SET_COUNTER");
	close(fd);
	t_done("SET_COUNTER drops the buffered block");

	fd = dev_open();
	tdata_counter(&d, "wrap.counter", &c);
	tdata_bytes(&d, "wrap.stream", stream, sizeof(stream));
	t_set_key_counter(fd, &k, &c);
	t_read_expect(fd, stream, sizeof(stream), "stream");
	close(fd);
	t_done("SET_COUNTER 2^256 - 1: the next block is block 0");
}

/* GET_STATE and GET_COUNTER name the block last produced. */
static void test_state_after_reads(void)
{
	static const int sizes[] = { 5, 32, 37 };
	struct philox_state want;
	struct philox_counter c, wc;
	struct philox_key k;
	__u8 buf[64];
	unsigned int i;

	tdata_key(&d, "k1.key", &k);
	tdata_counter(&d, "k1.counter", &c);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		const char *what = rec("after %d bytes", sizes[i]);
		int fd = dev_open();

		tdata_state(&d, rec("k1.state%d", sizes[i]), &want);
		t_set_key_counter(fd, &k, &c);
		t_read(fd, buf, sizes[i], what);
		t_expect_get_state(fd, &want, what);
		memcpy(wc.counter, want.counter, sizeof(wc.counter));
		t_expect_get_counter(fd, &wc, what);
		close(fd);
	}
	t_done("GET_STATE and GET_COUNTER after reads of 5, 32 and 37 bytes");
}

/*
 * ADVANCE or JUMP after 5 bytes read, against NumPy's advance() or
 * jumped(): kind is "advance" or "jump", the prefix of the data records.
 */
static void test_move(const char *kind, const char *name)
{
	int jump = !strcmp(kind, "jump");
	struct philox_counter c, delta, result;
	struct philox_state state;
	struct philox_key k;
	__u8 first5[5], stream[64];
	__u64 n = 0;
	int fd = dev_open();

	tdata_key(&d, "k1.key", &k);
	tdata_counter(&d, rec("%s.%s.counter", kind, name), &c);
	if (jump)
		n = tdata_word(&d, rec("jump.%s.n", name));
	else
		tdata_counter(&d, rec("advance.%s.delta", name), &delta);
	tdata_counter(&d, rec("%s.%s.result", kind, name), &result);
	tdata_bytes(&d, rec("%s.%s.first5", kind, name), first5, sizeof(first5));
	tdata_bytes(&d, rec("%s.%s.stream", kind, name), stream, sizeof(stream));
	memset(&state, 0, sizeof(state));
	memcpy(state.counter, result.counter, sizeof(state.counter));
	memcpy(state.key, k.key, sizeof(state.key));
	state.buffer_pos = PHILOX_BLOCK_BYTES;
	t_set_key_counter(fd, &k, &c);
	t_read_expect(fd, first5, sizeof(first5), "5 bytes");
	if (jump ? t_ioctl(fd, PHILOX_IOC_JUMP, &n, "JUMP") :
		   t_ioctl(fd, PHILOX_IOC_ADVANCE, &delta, "ADVANCE")) {
		t_expect_get_state(fd, &state, "GET_STATE");
		t_read_expect(fd, stream, sizeof(stream), "stream");
	}
	close(fd);
	if (jump)
		t_done("JUMP %s (n = 0x%llx): counter, buffer and stream as NumPy's jumped()",
		       name, (unsigned long long)n);
	else
		t_done("ADVANCE %s: counter, buffer and stream as NumPy's advance()",
		       name);
}

/* SET_STATE at a buffer_pos: the rest of that block, then the next ones. */
static void test_set_state(int pos)
{
	struct philox_state state, after;
	__u64 w[8];
	__u8 stream[64];
	int fd = dev_open();

	tdata_words(&d, "setstate.counter", w, 4);
	tdata_words(&d, "setstate.key", w + 4, 2);
	w[6] = pos;
	w[7] = 0;
	words_to_state(&state, w);
	tdata_bytes(&d, rec("setstate.%d.stream", pos), stream, sizeof(stream));
	tdata_state(&d, rec("setstate.%d.after", pos), &after);
	if (t_ioctl(fd, PHILOX_IOC_SET_STATE, &state, "SET_STATE")) {
		t_expect_get_state(fd, &state, "GET_STATE after SET_STATE");
		t_read_expect(fd, stream, sizeof(stream), "stream");
		t_expect_get_state(fd, &after, "GET_STATE after 64 bytes");
	}
	close(fd);
	t_done("SET_STATE buffer_pos %d: GET_STATE returns it, reads resume at that byte",
	       pos);
}

static void test_set_state_wrap(void)
{
	struct philox_state state;
	__u64 w[8];
	__u8 stream[64];
	int fd = dev_open();

	tdata_words(&d, "wrap.counter", w, 4);
	tdata_words(&d, "setstate.key", w + 4, 2);
	w[6] = PHILOX_BLOCK_BYTES;
	w[7] = 0;
	words_to_state(&state, w);
	tdata_bytes(&d, "setstate.wrap.stream", stream, sizeof(stream));
	if (t_ioctl(fd, PHILOX_IOC_SET_STATE, &state, "SET_STATE"))
		t_read_expect(fd, stream, sizeof(stream), "stream");
	close(fd);
	t_done("SET_STATE counter 2^256 - 1: the next block is block 0");
}

/* GET_STATE of one file, SET_STATE of another: the same stream follows. */
static void test_state_transfer(void)
{
	struct philox_seed seed;
	struct philox_state state;
	__u8 stream[64], buf[13];
	int fd = dev_open(), fd2 = dev_open();

	tdata_seed(&d, "s1.seed", &seed);
	tdata_bytes(&d, "s1.stream", stream, sizeof(stream));
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	t_read(fd, buf, sizeof(buf), "13 bytes");
	if (t_get_state(fd, &state, "GET_STATE") &&
	    t_ioctl(fd2, PHILOX_IOC_SET_STATE, &state, "SET_STATE")) {
		t_read_expect(fd2, stream + 13, sizeof(stream) - 13,
			      "other file");
		t_read_expect(fd, stream + 13, sizeof(stream) - 13,
			      "first file");
	}
	close(fd);
	close(fd2);
	t_done("GET_STATE of one file into SET_STATE of another continues its stream");
}

/* RESEED gives a SeedSequence back to a file that had none. */
static void test_reseed(void)
{
	struct philox_seed seed;
	struct philox_state state;
	struct philox_key k;
	struct philox_counter c;
	__u8 buf[7];
	int fd = dev_open(), err;

	tdata_key(&d, "k1.key", &k);
	tdata_counter(&d, "k1.counter", &c);
	t_set_key_counter(fd, &k, &c);
	t_read(fd, buf, sizeof(buf), "7 bytes");
	t_ioctl(fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	err = pio(fd, PHILOX_IOC_GET_SEED, &seed);
	if (t_expect_err(err, 0, "GET_SEED after RESEED") &&
	    (seed.n_entropy != 4 || seed.n_spawn_key || seed.pool_size != 4 ||
	     seed.n_children_spawned))
		t_note("GET_SEED: entropy %u, spawn key %u, pool %u, children %u; want 4 0 4 0",
		       seed.n_entropy, seed.n_spawn_key, seed.pool_size,
		       seed.n_children_spawned);
	if (t_get_state(fd, &state, "GET_STATE")) {
		if (state.counter[0] || state.counter[1] || state.counter[2] ||
		    state.counter[3] || state.buffer_pos != PHILOX_BLOCK_BYTES)
			t_note("GET_STATE: counter 0x%llx.. buffer_pos %u, want 0 and 32",
			       (unsigned long long)state.counter[0],
			       state.buffer_pos);
		if (state.key[0] == k.key[0] && state.key[1] == k.key[1])
			t_note("GET_STATE: the key did not change");
	}
	close(fd);
	t_done("RESEED after SET_KEY: a fresh 4-word SeedSequence, counter 0");
}

/*
 * Baselines: a file in a known state before an ioctl that must fail, and
 * everything that must be the same after it.
 */
enum base { BASE_SEEDED, BASE_SPAWN16, BASE_KEYED, BASE_STATED };

static const char * const base_names[] = {
	"seeded", "spawn16", "keyed", "stated"
};

static int base_setup(enum base b)
{
	struct philox_seed seed, child;
	struct philox_state state;
	struct philox_counter c;
	struct philox_key k;
	__u8 first7[7];
	__u64 w[8];
	int fd = dev_open();

	switch (b) {
	case BASE_SEEDED:
		/* s1, with one child spawned: n_children_spawned is 1 */
		tdata_seed(&d, "s1.seed", &seed);
		t_ioctl(fd, PHILOX_IOC_SEED, &seed, "baseline SEED");
		t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "baseline SPAWN");
		break;
	case BASE_SPAWN16:
		tdata_seed(&d, "max.seed", &seed);
		t_ioctl(fd, PHILOX_IOC_SEED, &seed, "baseline SEED");
		break;
	case BASE_KEYED:
		/* SET_KEY after SEED: the SeedSequence is gone */
		tdata_seed(&d, "s1.seed", &seed);
		tdata_key(&d, "k1.key", &k);
		tdata_counter(&d, "k1.counter", &c);
		t_ioctl(fd, PHILOX_IOC_SEED, &seed, "baseline SEED");
		t_set_key_counter(fd, &k, &c);
		break;
	case BASE_STATED:
		tdata_seed(&d, "s1.seed", &seed);
		tdata_words(&d, "setstate.counter", w, 4);
		tdata_words(&d, "setstate.key", w + 4, 2);
		w[6] = PHILOX_BLOCK_BYTES;
		w[7] = 0;
		words_to_state(&state, w);
		t_ioctl(fd, PHILOX_IOC_SEED, &seed, "baseline SEED");
		t_ioctl(fd, PHILOX_IOC_SET_STATE, &state, "baseline SET_STATE");
		break;
	}
	tdata_bytes(&d, rec("base.%s.first7", base_names[b]), first7,
		    sizeof(first7));
	t_read_expect(fd, first7, sizeof(first7), "baseline 7 bytes");
	return fd;
}

/* Everything is as base_setup() left it. */
static void base_verify(int fd, enum base b)
{
	const char *name = base_names[b];
	const char *get = tdata_find(&d, rec("base.%s.get", name));
	struct philox_seed seed, want;
	struct philox_state state;
	__u8 stream[57];
	int err;

	if (!strncmp(get, "ENODATA", 7)) {
		err = pio(fd, PHILOX_IOC_GET_SEED, &seed);
		t_expect_err(err, ENODATA, "GET_SEED afterwards");
	} else {
		tdata_seed(&d, rec("base.%s.get", name), &want);
		t_expect_get_seed(fd, &want, "GET_SEED afterwards");
	}
	tdata_state(&d, rec("base.%s.state", name), &state);
	t_expect_get_state(fd, &state, "GET_STATE afterwards");
	tdata_bytes(&d, rec("base.%s.stream", name), stream, sizeof(stream));
	t_read_expect(fd, stream, sizeof(stream), "stream afterwards");
}

/* The ioctl fails with err on baseline b, and changes nothing. */
static void expect_fail(enum base b, unsigned long cmd, void *arg, int err,
			const char *desc)
{
	char what[160];
	int fd;

	/* desc may be a rec() name, which the baseline reuses */
	snprintf(what, sizeof(what), "%s", desc);
	fd = base_setup(b);
	t_expect_err(pio(fd, cmd, arg), err, what);
	base_verify(fd, b);
	close(fd);
	t_done("%s: %s, nothing changed", what, errno_name(err));
}

static void test_enotty(void)
{
	struct philox_counter buf;

	memset(&buf, 0, sizeof(buf));
	expect_fail(BASE_SEEDED, _IO(PHILOX_IOC_MAGIC, 0x0C), &buf, ENOTTY,
		    "command 0x0C");
	expect_fail(BASE_SEEDED, _IOR(PHILOX_IOC_MAGIC, 0xFF, __u64), &buf,
		    ENOTTY, "command 0xFF");
	expect_fail(BASE_SEEDED,
		    _IOR(PHILOX_IOC_MAGIC, 0x03, struct philox_counter), &buf,
		    ENOTTY, "GET_KEY's number with another size");
	expect_fail(BASE_SEEDED,
		    _IOW(PHILOX_IOC_MAGIC, 0x03, struct philox_key), &buf,
		    ENOTTY, "GET_KEY's number as a write");
	expect_fail(BASE_SEEDED, _IOR(PHILOX_IOC_MAGIC, 0x0B, __u64), &buf,
		    ENOTTY, "RESEED's number as a read of 8 bytes");
	expect_fail(BASE_SEEDED, _IOR('x', 0x03, struct philox_key), &buf,
		    ENOTTY, "GET_KEY's number with another magic");
	expect_fail(BASE_SEEDED, TCGETS, &buf, ENOTTY, "TCGETS (isatty)");
}

static void test_seed_einval(void)
{
	static const struct {
		unsigned int n_entropy, n_spawn_key, pool_size;
		const char *desc;
	} bad[] = {
		{ 33, 0, 0, "SEED n_entropy 33" },
		{ 0xffffffff, 0, 0, "SEED n_entropy 2^32 - 1" },
		{ 4, 17, 0, "SEED n_spawn_key 17" },
		{ 4, 0xffffffff, 0, "SEED n_spawn_key 2^32 - 1" },
		{ 4, 0, 1, "SEED pool_size 1" },
		{ 4, 0, 2, "SEED pool_size 2" },
		{ 4, 0, 3, "SEED pool_size 3" },
		{ 4, 0, 65, "SEED pool_size 65" },
		{ 4, 0, 0xffffffff, "SEED pool_size 2^32 - 1" },
	};
	struct philox_seed seed;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		tdata_seed(&d, "max.seed", &seed);
		seed.n_entropy = bad[i].n_entropy;
		seed.n_spawn_key = bad[i].n_spawn_key;
		seed.pool_size = bad[i].pool_size;
		expect_fail(BASE_SEEDED, PHILOX_IOC_SEED, &seed, EINVAL,
			    bad[i].desc);
	}
}

static void test_set_state_einval(void)
{
	static const struct {
		unsigned int buffer_pos, flags;
		const char *desc;
	} bad[] = {
		{ 33, 0, "SET_STATE buffer_pos 33" },
		{ 0xffffffff, 0, "SET_STATE buffer_pos 2^32 - 1" },
		{ 0, 1, "SET_STATE flags 1" },
		{ 32, 0x80000000, "SET_STATE flags 0x80000000" },
	};
	struct philox_state state;
	__u64 w[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		tdata_words(&d, "k1.counter", w, 4);
		tdata_words(&d, "k1.key", w + 4, 2);
		w[6] = bad[i].buffer_pos;
		w[7] = bad[i].flags;
		words_to_state(&state, w);
		expect_fail(BASE_SEEDED, PHILOX_IOC_SET_STATE, &state, EINVAL,
			    bad[i].desc);
	}
}

static void test_enodata_e2big(void)
{
	struct philox_seed seed;

	expect_fail(BASE_KEYED, PHILOX_IOC_GET_SEED, &seed, ENODATA,
		    "GET_SEED after SET_KEY");
	expect_fail(BASE_KEYED, PHILOX_IOC_SPAWN, &seed, ENODATA,
		    "SPAWN after SET_KEY");
	expect_fail(BASE_STATED, PHILOX_IOC_GET_SEED, &seed, ENODATA,
		    "GET_SEED after SET_STATE");
	expect_fail(BASE_STATED, PHILOX_IOC_SPAWN, &seed, ENODATA,
		    "SPAWN after SET_STATE");
	expect_fail(BASE_SPAWN16, PHILOX_IOC_SPAWN, &seed, E2BIG,
		    "SPAWN of a 16-word spawn key");
}

/* Every pointer-taking ioctl with pointers the kernel must refuse. */
static void test_efault(void)
{
	static const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ PHILOX_IOC_SEED, "SEED" },
		{ PHILOX_IOC_GET_SEED, "GET_SEED" },
		{ PHILOX_IOC_SPAWN, "SPAWN" },
		{ PHILOX_IOC_GET_KEY, "GET_KEY" },
		{ PHILOX_IOC_SET_KEY, "SET_KEY" },
		{ PHILOX_IOC_GET_COUNTER, "GET_COUNTER" },
		{ PHILOX_IOC_SET_COUNTER, "SET_COUNTER" },
		{ PHILOX_IOC_ADVANCE, "ADVANCE" },
		{ PHILOX_IOC_JUMP, "JUMP" },
		{ PHILOX_IOC_GET_STATE, "GET_STATE" },
		{ PHILOX_IOC_SET_STATE, "SET_STATE" },
	};
	long page = sysconf(_SC_PAGESIZE);
	unsigned int i, j;
	char *map;

	/* A page of zeros, then a page nothing may touch. */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page, page, PROT_NONE))
		t_bail("mmap: %s", strerror(errno));
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		size_t size = _IOC_SIZE(cmds[i].cmd);
		struct {
			void *ptr;
			const char *desc;
		} ptrs[] = {
			{ NULL, "a NULL pointer" },
			{ (void *)1, "pointer 1" },
			{ map + page, "a PROT_NONE page" },
			{ map + page - size / 2,
			  "a struct running into a PROT_NONE page" },
			{ (void *)-4096L, "a kernel address" },
		};

		for (j = 0; j < ARRAY_SIZE(ptrs); j++)
			expect_fail(BASE_SEEDED, cmds[i].cmd, ptrs[j].ptr,
				    EFAULT, rec("%s with %s", cmds[i].name,
						ptrs[j].desc));
	}
	munmap(map, 2 * page);
}

int main(void)
{
	static const char * const advances[] = {
		"small", "zero", "wide", "carry", "wrap", "minus1"
	};
	static const char * const jumps[] = { "zero", "one", "max", "wrap" };
	static const int positions[] = { 0, 1, 8, 13, 31, 32 };
	unsigned int i;

	t_init("ioctl_test");
	tdata_load(&d, "ioctl.txt");

	test_seed_cases();
	test_seed_unused_words();
	test_seed_restarts();
	test_spawn_children();
	test_spawn_keeps_stream();
	test_spawn_grandchild();
	test_spawn_children5();
	test_spawn15();
	test_seed_kept();
	test_set_key();
	test_set_counter();
	test_state_after_reads();
	for (i = 0; i < ARRAY_SIZE(advances); i++)
		test_move("advance", advances[i]);
	for (i = 0; i < ARRAY_SIZE(jumps); i++)
		test_move("jump", jumps[i]);
	for (i = 0; i < ARRAY_SIZE(positions); i++)
		test_set_state(positions[i]);
	test_set_state_wrap();
	test_state_transfer();
	test_reseed();

	test_enotty();
	test_seed_einval();
	test_set_state_einval();
	test_enodata_e2big();
	test_efault();
	return t_exit();
}
