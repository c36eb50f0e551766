// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_test: hostile ioctls on /dev/philox.
 *
 * Hundreds of thousands of calls mix the driver's commands with mutated
 * and random command words, and with arguments that are NULL, small
 * integers, kernel addresses, a PROT_NONE page, a read-only page, a buffer
 * straddling an unmapped page, and valid buffers of random bytes. Every
 * call must return 0 or one of the documented errors. Afterwards the file
 * must still produce Random123's known answer for a fixed key and counter.
 *
 * PHILOX_FUZZ_CALLS in the environment sets how many calls.
 */

#include "philox_helpers.h"

#include <endian.h>

#define FUZZ_CALLS	300000

static const unsigned long philox_cmds[] = {
	PHILOX_IOC_SEED, PHILOX_IOC_GET_SEED, PHILOX_IOC_SPAWN,
	PHILOX_IOC_GET_KEY, PHILOX_IOC_SET_KEY, PHILOX_IOC_GET_COUNTER,
	PHILOX_IOC_SET_COUNTER, PHILOX_IOC_ADVANCE, PHILOX_IOC_JUMP,
	PHILOX_IOC_GET_STATE, PHILOX_IOC_SET_STATE, PHILOX_IOC_RESEED,
};

/* xorshift64*: the fuzzer's own, reproducible choices. */
static __u64 fuzz_state = 0x9e3779b97f4a7c15ULL;

static __u64 fuzz_next(void)
{
	fuzz_state ^= fuzz_state >> 12;
	fuzz_state ^= fuzz_state << 25;
	fuzz_state ^= fuzz_state >> 27;
	return fuzz_state * 0x2545f4914f6cdd1dULL;
}

static unsigned long fuzz_cmd(void)
{
	unsigned long cmd = philox_cmds[fuzz_next() % ARRAY_SIZE(philox_cmds)];

	switch (fuzz_next() % 6) {
	case 0:
	case 1:
		return cmd;
	case 2:		/* flip a bit: direction, size, number or type */
		return cmd ^ (1UL << (fuzz_next() % 32));
	case 3:		/* our type, any number, direction and size */
		return (cmd & 0xff00) | (fuzz_next() & 0xffff00ff);
	case 4:		/* another size */
		return (cmd & ~0x3fff0000UL) | ((fuzz_next() & 0x3fff) << 16);
	default:
		return (unsigned int)fuzz_next();
	}
}

struct fuzz_args {
	__u8 *none;		/* PROT_NONE */
	__u8 *ro;		/* PROT_READ, filled with random bytes */
	__u8 *straddle;		/* 8 bytes before an unmapped page */
	__u8 *buf;		/* a valid buffer */
};

static void *fuzz_arg(const struct fuzz_args *a)
{
	/* Kernel text, the direct map, the vsyscall page, the last page. */
	static const unsigned long kernel[] = {
#if __SIZEOF_LONG__ == 8
		0xffffffff81000000UL, 0xffff888000000000UL,
		0xffffffffff600000UL, 0xfffffffffffff000UL,
#else
		/* above a 32-bit process's TASK_SIZE */
		0xffffe000UL, 0xfffff000UL,
#endif
	};
	size_t i;

	switch (fuzz_next() % 10) {
	case 0:
		return NULL;
	case 1:
		return (void *)(unsigned long)(fuzz_next() % 4096);
	case 2:
		return (void *)kernel[fuzz_next() % ARRAY_SIZE(kernel)];
	case 3:
		return a->none;
	case 4:
		return a->ro;
	case 5:
		return a->straddle;
	case 6:		/* random words, small counts now and then */
		for (i = 0; i < 4096; i += 8) {
			__u64 w = fuzz_next();

			memcpy(a->buf + i, &w, 8);
		}
		for (i = 192; i < 208; i += 4) {
			__u32 small = fuzz_next() % 70;

			if (fuzz_next() & 1)
				memcpy(a->buf + i, &small, 4);
		}
		return a->buf;
	case 7:
		memset(a->buf, 0, 4096);
		return a->buf;
	default:
		return a->buf;
	}
}

static int fuzz_errno_ok(int err)
{
	switch (err) {
	case 0:
	case ENOTTY:
	case EFAULT:
	case EINVAL:
	case E2BIG:
	case ENODATA:
	case EOVERFLOW:
		return 1;
	default:
		return 0;
	}
}

static void fuzz_pages(struct __test_metadata *_metadata,
		       struct fuzz_args *a)
{
	long page = sysconf(_SC_PAGESIZE);
	__u8 *two;
	long i;

	a->none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	a->ro = mmap(NULL, page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	two = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a->buf = mmap(NULL, 4096 + page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(a->none != MAP_FAILED && a->ro != MAP_FAILED &&
		    two != MAP_FAILED && a->buf != MAP_FAILED);
	for (i = 0; i < page; i++)
		a->ro[i] = fuzz_next();
	mprotect(a->ro, page, PROT_READ);
	munmap(two + page, page);
	a->straddle = two + page - 8;
}

/* Random123's third philox4x64-10 known answer, as the data file has it. */
static const char kat_format[] =
	"philox4x64 10 %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx";

static void fuzz_known_answer(struct __test_metadata *_metadata, int fd)
{
	struct philox_counter c;
	struct philox_key k;
	__u64 v[10], got[4];
	char line[512];
	FILE *f;
	int n = 0, i;

	f = fopen(DATA_DIR "/random123-philox4x64-10-kat.txt", "r");
	ASSERT_TRUE(!!f) TH_LOG("random123 known answers: %s", strerror(errno));
	while (fgets(line, sizeof(line), f) && ++n < 3)
		;
	fclose(f);
	n = sscanf(line, kat_format, (unsigned long long *)&v[0],
		   (unsigned long long *)&v[1], (unsigned long long *)&v[2],
		   (unsigned long long *)&v[3], (unsigned long long *)&v[4],
		   (unsigned long long *)&v[5], (unsigned long long *)&v[6],
		   (unsigned long long *)&v[7], (unsigned long long *)&v[8],
		   (unsigned long long *)&v[9]);
	ASSERT_EQ(10, n) TH_LOG("random123 known answers: line 3");
	ASSERT_NE(0, v[0]);

	/* The first block read is the one at counter + 1. */
	for (i = 0; i < 4; i++)
		c.counter[i] = v[i];
	c.counter[0]--;
	k.key[0] = v[4];
	k.key[1] = v[5];
	ASSERT_TRUE(set_key_counter(_metadata, fd, &k, &c));
	ASSERT_TRUE(read_all(_metadata, fd, got, sizeof(got),
			     "read the known answer"));
	/* The stream is little-endian bytes on every machine. */
	for (i = 0; i < 4; i++)
		v[6 + i] = htole64(v[6 + i]);
	expect_mem(_metadata, got, &v[6], sizeof(got),
		   "Random123 known answer");
}

FIXTURE(fuzz) {
	int fd;
	struct fuzz_args args;
};

FIXTURE_SETUP(fuzz)
{
	self->fd = dev_open(_metadata);
	fuzz_pages(_metadata, &self->args);
}

FIXTURE_TEARDOWN(fuzz)
{
	close(self->fd);
}

/*
 * Every fuzzed ioctl returns 0 or a documented error; afterwards a fixed
 * key and counter give Random123's known answer.
 */
TEST_F_TIMEOUT(fuzz, ioctls_return_documented_errors, 600)
{
	const char *env = getenv("PHILOX_FUZZ_CALLS");
	long calls = env ? atol(env) : FUZZ_CALLS;
	/* 0, ENOTTY, EFAULT, EINVAL, ENODATA, others */
	long i, bad = 0, by_errno[6] = { 0 };

	for (i = 0; i < calls; i++) {
		unsigned long cmd = fuzz_cmd();
		void *arg = fuzz_arg(&self->args);
		int err = ioctl_err(self->fd, cmd, arg);

		if (!fuzz_errno_ok(err) && bad++ < 10)
			TH_LOG("ioctl(0x%08lx, %p): %s", cmd, arg,
			       errno_name(err));
		by_errno[err == 0 ? 0 : err == ENOTTY ? 1 : err == EFAULT ? 2 :
			 err == EINVAL ? 3 : err == ENODATA ? 4 : 5]++;
	}
	EXPECT_EQ(0, bad);
	TH_LOG("%ld fuzzed ioctls: %ld/%ld/%ld/%ld/%ld/%ld", calls,
	       by_errno[0], by_errno[1], by_errno[2], by_errno[3],
	       by_errno[4], by_errno[5]);
	fuzz_known_answer(_metadata, self->fd);
}

TEST_HARNESS_MAIN
