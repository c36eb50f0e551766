/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the /dev/philox selftests share on top of the kernel's
 * kselftest_harness.h: the device, the data files of gen-expected.py, and
 * comparisons that say what differs.
 *
 * The expected values come only from NumPy, through the headers and data
 * files gen-expected.py writes at build time: the programs never compute
 * Philox themselves, so they cannot share a bug with the module.
 */
#ifndef _PHILOX_HELPERS_H
#define _PHILOX_HELPERS_H

/* For splice(), preadv() and memfd_create(): before any system header. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <linux/philox.h>

#include "kselftest_harness.h"

#define PHILOX_DEV	"/dev/philox"
#define DATA_DIR	"/philox/data"

static inline const char *errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ 0, "success" }, { EINVAL, "EINVAL" }, { EFAULT, "EFAULT" },
		{ ENOTTY, "ENOTTY" }, { ENODATA, "ENODATA" }, { E2BIG, "E2BIG" },
		{ ESPIPE, "ESPIPE" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
		{ EINTR, "EINTR" }, { EOVERFLOW, "EOVERFLOW" },
	};
	static __thread char buf[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

/* The argument of any /dev/philox ioctl. */
union philox_ioctl_arg {
	struct philox_seed seed;
	struct philox_state state;
	struct philox_key key;
	struct philox_counter counter;
	__u64 jumps;
};

/* The errno of a call that returned r: 0 if it succeeded. */
static inline int call_err(long r)
{
	return r < 0 ? errno : 0;
}

/* The errno of an ioctl, 0 on success. */
static inline int ioctl_err(int fd, unsigned long cmd, const void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Open the device; a test cannot go on without it. */
static inline int dev_open_flags(struct __test_metadata *_metadata, int flags)
{
	int fd = open(PHILOX_DEV, flags | O_CLOEXEC);

	ASSERT_LE(0, fd) TH_LOG("open %s: %s", PHILOX_DEV, strerror(errno));
	return fd;
}

static inline int dev_open(struct __test_metadata *_metadata)
{
	return dev_open_flags(_metadata, O_RDONLY);
}

/* A whole data file of gen-expected.py, which must be len bytes. */
static inline void *load_file(struct __test_metadata *_metadata,
			      const char *file, size_t len)
{
	const char *dir = getenv("PHILOX_DATA");
	size_t done = 0;
	char path[512];
	struct stat st;
	char *buf;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : DATA_DIR, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	ASSERT_EQ(0, fstat(fd, &st));
	ASSERT_EQ(len, (size_t)st.st_size) TH_LOG("%s: the size NumPy wrote", path);
	buf = malloc(len + 1);
	ASSERT_TRUE(!!buf);
	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

		ASSERT_LT(0, n) TH_LOG("read %s: %s", path,
				       n ? strerror(errno) : "EOF");
		done += n;
	}
	close(fd);
	return buf;
}

/* Comparisons: each logs what differs and returns whether all matched. */

static inline bool expect_mem(struct __test_metadata *_metadata,
			      const void *got, const void *want, size_t len,
			      const char *what)
{
	const __u8 *g = got, *w = want;
	char gh[2 * 16 + 1], wh[2 * 16 + 1];
	size_t i, from, n;

	for (i = 0; i < len && g[i] == w[i]; i++)
		;
	if (i == len)
		return true;
	from = i & ~(size_t)7;
	n = len - from < 16 ? len - from : 16;
	for (size_t k = 0; k < n; k++) {
		snprintf(gh + 2 * k, 3, "%02x", g[from + k]);
		snprintf(wh + 2 * k, 3, "%02x", w[from + k]);
	}
	EXPECT_EQ(len, i) {
		TH_LOG("%s: first difference at byte %zu of %zu", what, i, len);
		TH_LOG("  got  @%zu: %s", from, gh);
		TH_LOG("  want @%zu: %s", from, wh);
	}
	return false;
}

static inline bool expect_err(struct __test_metadata *_metadata, int got,
			      int want, const char *what)
{
	EXPECT_EQ(want, got) TH_LOG("%s: got %s, want %s", what,
				    errno_name(got), errno_name(want));
	return got == want;
}

static inline bool expect_counter(struct __test_metadata *_metadata,
				  const __u64 *got, const __u64 *want,
				  const char *what)
{
	bool ok = true;
	int i;

	for (i = 0; i < 4; i++) {
		EXPECT_EQ(want[i], got[i]) TH_LOG("%s: counter[%d]", what, i);
		ok &= got[i] == want[i];
	}
	return ok;
}

static inline bool expect_key(struct __test_metadata *_metadata,
			      const __u64 *got, const __u64 *want,
			      const char *what)
{
	EXPECT_EQ(want[0], got[0]) TH_LOG("%s: key[0]", what);
	EXPECT_EQ(want[1], got[1]) TH_LOG("%s: key[1]", what);
	return got[0] == want[0] && got[1] == want[1];
}

static inline bool expect_state(struct __test_metadata *_metadata,
				const struct philox_state *got,
				const struct philox_state *want,
				const char *what)
{
	bool ok = expect_counter(_metadata, got->counter, want->counter, what);

	ok &= expect_key(_metadata, got->key, want->key, what);
	EXPECT_EQ(want->buffer_pos, got->buffer_pos)
		TH_LOG("%s: buffer_pos", what);
	EXPECT_EQ(want->flags, got->flags) TH_LOG("%s: flags", what);
	return ok && got->buffer_pos == want->buffer_pos &&
	       got->flags == want->flags;
}

/* The counts and the valid words of two seeds. */
static inline bool expect_seed(struct __test_metadata *_metadata,
			       const struct philox_seed *got,
			       const struct philox_seed *want,
			       const char *what)
{
	unsigned int i;
	bool ok;

	EXPECT_EQ(want->n_entropy, got->n_entropy) TH_LOG("%s", what);
	EXPECT_EQ(want->n_spawn_key, got->n_spawn_key) TH_LOG("%s", what);
	EXPECT_EQ(want->pool_size, got->pool_size) TH_LOG("%s", what);
	EXPECT_EQ(want->n_children_spawned, got->n_children_spawned)
		TH_LOG("%s", what);
	ok = got->n_entropy == want->n_entropy &&
	     got->n_spawn_key == want->n_spawn_key &&
	     got->pool_size == want->pool_size &&
	     got->n_children_spawned == want->n_children_spawned;
	if (!ok)
		return false;
	for (i = 0; i < want->n_entropy && i < PHILOX_SEED_MAX_WORDS; i++) {
		EXPECT_EQ(want->entropy[i], got->entropy[i])
			TH_LOG("%s: entropy[%u]", what, i);
		ok &= got->entropy[i] == want->entropy[i];
	}
	for (i = 0; i < want->n_spawn_key && i < PHILOX_SPAWN_MAX_WORDS; i++) {
		EXPECT_EQ(want->spawn_key[i], got->spawn_key[i])
			TH_LOG("%s: spawn_key[%u]", what, i);
		ok &= got->spawn_key[i] == want->spawn_key[i];
	}
	return ok;
}

/* An ioctl that must succeed. */
static inline bool ioctl_ok(struct __test_metadata *_metadata, int fd,
			    unsigned long cmd, const void *arg,
			    const char *what)
{
	return expect_err(_metadata, ioctl_err(fd, cmd, arg), 0, what);
}

/* Set key and counter: no block buffered, no SeedSequence. */
static inline bool set_key_counter(struct __test_metadata *_metadata, int fd,
				   const struct philox_key *k,
				   const struct philox_counter *c)
{
	return ioctl_ok(_metadata, fd, PHILOX_IOC_SET_KEY, k, "SET_KEY") &&
	       ioctl_ok(_metadata, fd, PHILOX_IOC_SET_COUNTER, c,
			"SET_COUNTER");
}

static inline bool get_state(struct __test_metadata *_metadata, int fd,
			     struct philox_state *s, const char *what)
{
	int err = ioctl_err(fd, PHILOX_IOC_GET_STATE, s);

	if (err)
		memset(s, 0, sizeof(*s));
	return expect_err(_metadata, err, 0, what);
}

static inline bool expect_get_state(struct __test_metadata *_metadata, int fd,
				    const struct philox_state *want,
				    const char *what)
{
	struct philox_state got;

	return get_state(_metadata, fd, &got, what) &&
	       expect_state(_metadata, &got, want, what);
}

static inline bool expect_get_seed(struct __test_metadata *_metadata, int fd,
				   const struct philox_seed *want,
				   const char *what)
{
	struct philox_seed got;

	return ioctl_ok(_metadata, fd, PHILOX_IOC_GET_SEED, &got, what) &&
	       expect_seed(_metadata, &got, want, what);
}

static inline bool expect_get_key(struct __test_metadata *_metadata, int fd,
				  const struct philox_key *want,
				  const char *what)
{
	struct philox_key got;

	return ioctl_ok(_metadata, fd, PHILOX_IOC_GET_KEY, &got, what) &&
	       expect_key(_metadata, got.key, want->key, what);
}

static inline bool expect_get_counter(struct __test_metadata *_metadata,
				      int fd, const __u64 *want,
				      const char *what)
{
	struct philox_counter got;

	return ioctl_ok(_metadata, fd, PHILOX_IOC_GET_COUNTER, &got, what) &&
	       expect_counter(_metadata, got.counter, want, what);
}

/*
 * One read() call of len bytes: the contract is that it returns all of
 * them. What it did not return is zeroed.
 */
static inline bool read_all(struct __test_metadata *_metadata, int fd,
			    void *buf, size_t len, const char *what)
{
	ssize_t n = read(fd, buf, len);

	if (n < 0) {
		memset(buf, 0, len);
		return expect_err(_metadata, errno, 0, what);
	}
	if ((size_t)n != len)
		memset((char *)buf + n, 0, len - n);
	EXPECT_EQ(len, (size_t)n) TH_LOG("%s: a short read", what);
	return (size_t)n == len;
}

/* Read len bytes and compare them with want. */
static inline bool read_expect(struct __test_metadata *_metadata, int fd,
			       const void *want, size_t len, const char *what)
{
	void *buf = malloc(len ? len : 1);
	bool ok;

	ASSERT_TRUE(!!buf);
	ok = read_all(_metadata, fd, buf, len, what) &&
	     expect_mem(_metadata, buf, want, len, what);
	free(buf);
	return ok;
}

/* CRC-32 (zlib's), to compare big reads with gen-expected.py's zlib.crc32 */
static inline __u32 crc32_update(__u32 crc, const void *buf, size_t len)
{
	static __u32 table[256];
	const __u8 *p = buf;
	size_t i;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			__u32 c = i;
			int k;

			for (k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	for (i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Compare data with the CRC-32 of each chunk of the expected stream. */
static inline bool expect_crcs(struct __test_metadata *_metadata,
			       const __u8 *data, size_t len, size_t chunk,
			       const __u32 *crcs, const char *what)
{
	size_t off;
	bool ok = true;

	for (off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		__u32 got = crc32_update(0, data + off, n);

		EXPECT_EQ(crcs[off / chunk], got)
			TH_LOG("%s: crc32 of bytes %zu..%zu", what, off,
			       off + n - 1);
		ok &= got == crcs[off / chunk];
	}
	return ok;
}

/*
 * Where a reader's bytes are in NumPy's stream: an index of the stream by
 * the 8 bytes at every step-th offset, sorted, so that a piece of a shared
 * stream is found by its first 8 bytes.
 */
struct stream_index {
	const __u8 *stream;
	size_t len;
	size_t n;
	struct stream_index_entry {
		__u64 first;
		size_t off;
	} *entries;
};

static inline int stream_index_cmp(const void *a, const void *b)
{
	const struct stream_index_entry *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Index stream[0..len) at every step bytes; false if out of memory. */
static inline bool stream_index_build(struct stream_index *idx,
				      const __u8 *stream, size_t len,
				      size_t step)
{
	size_t i;

	idx->stream = stream;
	idx->len = len;
	idx->n = (len - 8) / step + 1;
	idx->entries = malloc(idx->n * sizeof(*idx->entries));
	if (!idx->entries)
		return false;
	for (i = 0; i < idx->n; i++) {
		memcpy(&idx->entries[i].first, stream + i * step, 8);
		idx->entries[i].off = i * step;
	}
	qsort(idx->entries, idx->n, sizeof(*idx->entries), stream_index_cmp);
	return true;
}

/*
 * The offset of the first indexed place where these len bytes stand in
 * the stream, or -1.
 */
static inline size_t stream_index_find(const struct stream_index *idx,
				       const __u8 *p, size_t len)
{
	size_t lo = 0, hi = idx->n;
	__u64 first;

	memcpy(&first, p, 8);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (idx->entries[mid].first < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < idx->n && idx->entries[lo].first == first; lo++) {
		size_t off = idx->entries[lo].off;

		if (off + len <= idx->len && !memcmp(p, idx->stream + off, len))
			return off;
	}
	return (size_t)-1;
}

static inline void stream_index_free(struct stream_index *idx)
{
	free(idx->entries);
}

/*
 * Print a numpy-verify line for the stream of fd, for verify-numpy.py to
 * check with NumPy on the host: the SeedSequence GET_SEED reports, the key
 * GET_KEY reports, and len bytes read after the first skip ones.
 */
static inline void numpy_verify_line(struct __test_metadata *_metadata,
				     int fd, const char *prog,
				     const char *desc, size_t skip,
				     const __u8 *bytes, size_t len)
{
	struct philox_seed s;
	struct philox_key k;
	unsigned int i;

	ASSERT_TRUE(len <= 256);
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_GET_SEED, &s,
			     "GET_SEED for numpy-verify"));
	ASSERT_TRUE(ioctl_ok(_metadata, fd, PHILOX_IOC_GET_KEY, &k,
			     "GET_KEY for numpy-verify"));
	ASSERT_TRUE(s.n_entropy <= PHILOX_SEED_MAX_WORDS &&
		    s.n_spawn_key <= PHILOX_SPAWN_MAX_WORDS);
	printf("numpy-verify: %s: %s|entropy=", prog, desc);
	for (i = 0; i < s.n_entropy; i++)
		printf("%s%x", i ? "," : "", s.entropy[i]);
	printf("|spawn=");
	for (i = 0; i < s.n_spawn_key; i++)
		printf("%s%x", i ? "," : "", s.spawn_key[i]);
	printf("|pool=%u|children=%u|key=%llx,%llx|skip=%zu|hex=",
	       s.pool_size, s.n_children_spawned,
	       (unsigned long long)k.key[0], (unsigned long long)k.key[1],
	       skip);
	for (i = 0; i < len; i++)
		printf("%02x", bytes[i]);
	printf("\n");
	fflush(stdout);
}

#endif /* _PHILOX_HELPERS_H */
