// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds from kernel entropy: a fresh open and RESEED. The guest cannot
 * know what NumPy makes of entropy it has not seen, so besides its own
 * checks this program prints "numpy-verify:" lines with the SeedSequence
 * GET_SEED reported, the key GET_KEY reported and the bytes read, and
 * verify-numpy.py checks them with NumPy on the host after the VM exits:
 *
 *	numpy-verify: seed_test: DESC|entropy=W,..|spawn=W,..|pool=N|
 *		children=N|key=K0,K1|skip=N|hex=BYTES
 *
 * (one line; words in hex; skip is how many bytes of the stream were read
 * before the ones in hex).
 */

#include "philox_test.h"

#define NOPENS	64

/* Print a numpy-verify line for the stream of fd, read from here. */
static void numpy_verify(int fd, const char *desc, size_t skip,
			 const __u8 *bytes, size_t len)
{
	struct philox_seed s;
	struct philox_key k;
	char hex[2 * 256 + 1];
	unsigned int i;
	int err;

	err = pio(fd, PHILOX_IOC_GET_SEED, &s);
	if (!err)
		err = pio(fd, PHILOX_IOC_GET_KEY, &k);
	if (err || len > 256 || s.n_entropy > PHILOX_SEED_MAX_WORDS ||
	    s.n_spawn_key > PHILOX_SPAWN_MAX_WORDS) {
		t_note("%s: no numpy-verify line: GET_SEED/GET_KEY %s",
		       desc, errno_name(err));
		return;
	}
	printf("numpy-verify: %s: %s|entropy=", t_prog, desc);
	for (i = 0; i < s.n_entropy; i++)
		printf("%s%x", i ? "," : "", s.entropy[i]);
	printf("|spawn=");
	for (i = 0; i < s.n_spawn_key; i++)
		printf("%s%x", i ? "," : "", s.spawn_key[i]);
	hex_string(hex, sizeof(hex), bytes, len);
	printf("|pool=%u|children=%u|key=%llx,%llx|skip=%zu|hex=%s\n",
	       s.pool_size, s.n_children_spawned,
	       (unsigned long long)k.key[0], (unsigned long long)k.key[1],
	       skip, hex);
	fflush(stdout);
}

/* GET_SEED is a fresh SeedSequence(): 4 entropy words, pool 4, no more. */
static int expect_fresh_seed(int fd, struct philox_seed *s, const char *what)
{
	int err = pio(fd, PHILOX_IOC_GET_SEED, s);

	if (!t_expect_err(err, 0, what)) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (s->n_entropy != 4 || s->n_spawn_key || s->pool_size != 4 ||
	    s->n_children_spawned) {
		t_note("%s: entropy %u, spawn key %u, pool %u, children %u; want 4 0 4 0",
		       what, s->n_entropy, s->n_spawn_key, s->pool_size,
		       s->n_children_spawned);
		return 0;
	}
	return 1;
}

/* Counter 0, nothing buffered, as after SEED. */
static void expect_fresh_state(int fd, const char *what)
{
	struct philox_state s;

	if (!t_get_state(fd, &s, what))
		return;
	if (s.counter[0] || s.counter[1] || s.counter[2] || s.counter[3] ||
	    s.buffer_pos != PHILOX_BLOCK_BYTES || s.flags)
		t_note("%s: counter %llx %llx %llx %llx buffer_pos %u flags %x, want 0 and 32",
		       what, (unsigned long long)s.counter[0],
		       (unsigned long long)s.counter[1],
		       (unsigned long long)s.counter[2],
		       (unsigned long long)s.counter[3], s.buffer_pos,
		       s.flags);
}

static int same_entropy(const struct philox_seed *a,
			const struct philox_seed *b)
{
	return a->n_entropy == b->n_entropy &&
	       !memcmp(a->entropy, b->entropy, a->n_entropy * 4);
}

static struct philox_seed first_seed;
static __u8 first_bytes[96];

static void test_fresh_open(void)
{
	struct philox_seed again;
	__u8 bytes[96];
	int fd = dev_open(), fd2 = dev_open();

	expect_fresh_seed(fd, &first_seed, "GET_SEED");
	expect_fresh_state(fd, "GET_STATE");
	/* two reads, so that the line also covers a split read */
	t_read(fd, first_bytes, 5, "5 bytes");
	t_read(fd, first_bytes + 5, sizeof(first_bytes) - 5, "91 bytes");
	numpy_verify(fd, "fresh open", 0, first_bytes, sizeof(first_bytes));
	t_done("fresh open: GET_SEED is a 4-word SeedSequence, pool 4, counter 0");

	/* The same SeedSequence through SEED on another file: the same bytes. */
	if (t_ioctl(fd2, PHILOX_IOC_SEED, &first_seed, "SEED")) {
		t_expect_get_seed(fd2, &first_seed, "GET_SEED after SEED");
		t_read(fd2, bytes, sizeof(bytes), "96 bytes");
		t_expect_mem(bytes, first_bytes, sizeof(bytes), "stream");
	}
	if (pio(fd, PHILOX_IOC_GET_SEED, &again) ||
	    !same_entropy(&again, &first_seed))
		t_note("GET_SEED changed after reads");
	close(fd);
	close(fd2);
	t_done("SEED with a fresh open's GET_SEED reproduces its stream");
}

static void test_second_open(void)
{
	struct philox_seed s;
	__u8 bytes[64];
	int fd = dev_open();

	if (expect_fresh_seed(fd, &s, "GET_SEED")) {
		if (same_entropy(&s, &first_seed))
			t_note("the same entropy as the first open");
		t_read(fd, bytes, sizeof(bytes), "64 bytes");
		if (!memcmp(bytes, first_bytes, sizeof(bytes)))
			t_note("the same bytes as the first open");
		numpy_verify(fd, "second fresh open", 0, bytes, sizeof(bytes));
	}
	close(fd);
	t_done("a second open gets other entropy and another stream");

	fd = dev_open_flags(O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		t_note("open O_NONBLOCK: %s", errno_name(errno));
	} else {
		expect_fresh_seed(fd, &s, "GET_SEED");
		t_read(fd, bytes, sizeof(bytes), "64 bytes");
		numpy_verify(fd, "fresh open O_NONBLOCK", 0, bytes,
			     sizeof(bytes));
		close(fd);
	}
	t_done("open with O_NONBLOCK is seeded from entropy too");
}

static void test_many_opens(void)
{
	static struct philox_seed seeds[NOPENS];
	int fd[NOPENS], i, j;

	for (i = 0; i < NOPENS; i++) {
		fd[i] = dev_open();
		expect_fresh_seed(fd[i], &seeds[i], "GET_SEED");
	}
	for (i = 0; i < NOPENS; i++)
		for (j = 0; j < i; j++)
			if (same_entropy(&seeds[i], &seeds[j]))
				t_note("opens %d and %d: the same entropy", j, i);
	for (i = 0; i < NOPENS; i++)
		close(fd[i]);
	t_done("%d files open at once have %d different seeds", NOPENS, NOPENS);
}

/* RESEED: a fresh SeedSequence, whatever the file had before. */
static void test_reseed(void)
{
	static const struct philox_key k = { { 0x0123456789abcdefULL, 42 } };
	struct philox_seed before, after, seed;
	__u8 bytes[64], skip[13];
	int fd = dev_open();

	expect_fresh_seed(fd, &before, "GET_SEED at open");
	t_ioctl(fd, PHILOX_IOC_SET_KEY, (void *)&k, "SET_KEY");
	t_read(fd, bytes, 5, "5 bytes");
	t_ioctl(fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	expect_fresh_state(fd, "GET_STATE after RESEED");
	if (expect_fresh_seed(fd, &after, "GET_SEED after RESEED")) {
		if (same_entropy(&after, &before))
			t_note("RESEED kept the entropy of the open");
		t_read(fd, skip, sizeof(skip), "13 bytes");
		t_read(fd, bytes, sizeof(bytes), "64 bytes");
		numpy_verify(fd, "reseed after set_key", sizeof(skip), bytes,
			     sizeof(bytes));
	}
	t_done("RESEED after SET_KEY and a read: fresh SeedSequence, counter 0, buffer dropped");

	/* From a SEED with a spawn key, pool 8 and spawned children. */
	memset(&seed, 0, sizeof(seed));
	seed.n_entropy = 2;
	seed.entropy[0] = 1;
	seed.entropy[1] = 2;
	seed.n_spawn_key = 1;
	seed.spawn_key[0] = 7;
	seed.pool_size = 8;
	seed.n_children_spawned = 3;
	t_ioctl(fd, PHILOX_IOC_SEED, &seed, "SEED");
	t_read(fd, bytes, 7, "7 bytes");
	before = after;
	t_ioctl(fd, PHILOX_IOC_RESEED, NULL, "RESEED");
	expect_fresh_state(fd, "GET_STATE after RESEED");
	if (expect_fresh_seed(fd, &after, "GET_SEED after RESEED")) {
		if (same_entropy(&after, &before))
			t_note("the same entropy as the RESEED before");
		t_read(fd, bytes, sizeof(bytes), "64 bytes");
		numpy_verify(fd, "reseed after seed", 0, bytes, sizeof(bytes));
	}
	close(fd);
	t_done("RESEED after SEED with a spawn key and pool 8: a plain fresh SeedSequence");
}

/* SPAWN from entropy the guest cannot predict, checked by NumPy. */
static void test_spawn_fresh(void)
{
	struct philox_seed parent, child, child2;
	__u8 bytes[64];
	int fd = dev_open(), fd2 = dev_open();

	expect_fresh_seed(fd, &parent, "GET_SEED");
	if (t_ioctl(fd, PHILOX_IOC_SPAWN, &child, "SPAWN") &&
	    t_ioctl(fd, PHILOX_IOC_SPAWN, &child2, "second SPAWN")) {
		if (!same_entropy(&child, &parent) || child.n_spawn_key != 1 ||
		    child.spawn_key[0] != 0 || child.pool_size != 4 ||
		    child.n_children_spawned)
			t_note("first child: not (parent's entropy, (0,), pool 4, 0 children)");
		if (!same_entropy(&child2, &parent) ||
		    child2.n_spawn_key != 1 || child2.spawn_key[0] != 1)
			t_note("second child: not (parent's entropy, (1,))");
		if (t_ioctl(fd2, PHILOX_IOC_SEED, &child, "SEED child")) {
			t_read(fd2, bytes, sizeof(bytes), "64 bytes");
			numpy_verify(fd2, "spawned child of a fresh open", 0,
				     bytes, sizeof(bytes));
		}
	}
	close(fd);
	close(fd2);
	t_done("SPAWN after a fresh open: children (0,) and (1,) of its entropy");
}

int main(void)
{
	t_init("seed_test");
	test_fresh_open();
	test_second_open();
	test_many_opens();
	test_reseed();
	test_spawn_fresh();
	return t_exit();
}
