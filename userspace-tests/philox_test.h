/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers of the /dev/philox test programs: check reporting, the
 * device, and the NumPy data files of gen-expected.py.
 *
 * Each program prints one line per check to stdout,
 *
 *	ok - <uname -r>: <prog>: <description>
 *	not ok - <uname -r>: <prog>: <description>
 *
 * the second followed by "#" lines saying what differed, and exits non-zero
 * if any check failed. A check collects its findings with t_note() and
 * friends and ends with t_done(), so that the details follow the line they
 * belong to.
 *
 * Expected values come only from the data files: the programs never
 * compute Philox themselves, so they cannot share a bug with the module.
 */
#ifndef _PHILOX_TEST_H
#define _PHILOX_TEST_H

/* For splice() and preadv(): so include this before any system header. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <linux/philox.h>

/*
 * The Makefile defines __printf() as the kernel's compiler_attributes.h
 * does, so that the compiler checks our formats; spelled out here, it
 * would be a checkpatch finding.
 */
#ifndef __printf
#error "build with userspace-tests/Makefile, which defines __printf()"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PHILOX_DEV	"/dev/philox"
#define DATA_DIR	"/philox/data"
#define T_NOTES_MAX	16	/* detail lines kept per check */

static char t_kernel[65];
static const char *t_prog;
static int t_failed_checks;
static int t_failed;		/* the current check has failed */
static int t_nnotes;
static char t_notes[T_NOTES_MAX][200];

static inline void t_init(const char *prog)
{
	struct utsname u;

	/* Lines go to a serial port shared with the other programs. */
	setvbuf(stdout, NULL, _IOLBF, 0);
#if __SIZEOF_LONG__ == 4
	/* The same program built with -m32: through compat_ioctl. */
	static char prog32[64];

	snprintf(prog32, sizeof(prog32), "%s (32-bit)", prog);
	prog = prog32;
#endif
	t_prog = prog;
	if (uname(&u) == 0)
		snprintf(t_kernel, sizeof(t_kernel), "%s", u.release);
	else
		snprintf(t_kernel, sizeof(t_kernel), "unknown");
}

/* Record why the current check fails. */
__printf(1, 2) static inline void t_note(const char *fmt, ...)
{
	va_list ap;

	t_failed = 1;
	if (t_nnotes < T_NOTES_MAX) {
		va_start(ap, fmt);
		vsnprintf(t_notes[t_nnotes], sizeof(t_notes[0]), fmt, ap);
		va_end(ap);
	}
	t_nnotes++;
}

/* End the current check: print its line and notes. Returns 1 if it passed. */
__printf(1, 2) static inline int t_done(const char *fmt, ...)
{
	char desc[300];
	va_list ap;
	int i, passed = !t_failed;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	printf("%s - %s: %s: %s\n", passed ? "ok" : "not ok", t_kernel,
	       t_prog, desc);
	for (i = 0; i < t_nnotes && i < T_NOTES_MAX; i++)
		printf("#   %s\n", t_notes[i]);
	if (t_nnotes > T_NOTES_MAX)
		printf("#   (%d more)\n", t_nnotes - T_NOTES_MAX);
	if (!passed)
		t_failed_checks++;
	t_failed = 0;
	t_nnotes = 0;
	fflush(stdout);
	return passed;
}

/* A check that cannot go on (no device, no data): report it and stop. */
__printf(1, 2) static inline void t_bail(const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	t_note("%s", msg);
	t_done("bail out: %s", msg);
	exit(1);
}

static inline int t_exit(void)
{
	return t_failed_checks ? 1 : 0;
}

static inline const char *errno_name(int err)
{
	static char buf[16];

	switch (err) {
	case 0:
		return "success";
	case EINVAL:
		return "EINVAL";
	case EFAULT:
		return "EFAULT";
	case ENOTTY:
		return "ENOTTY";
	case ENODATA:
		return "ENODATA";
	case E2BIG:
		return "E2BIG";
	case ESPIPE:
		return "ESPIPE";
	case EBADF:
		return "EBADF";
	case EAGAIN:
		return "EAGAIN";
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	}
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

/* Parse an errno name of the data files; -1 if unknown. */
static inline int errno_parse(const char *s)
{
	static const int known[] = { 0, EINVAL, EFAULT, ENOTTY, ENODATA, E2BIG };
	unsigned int i;

	if (!strcmp(s, "0"))
		return 0;
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(s, errno_name(known[i])))
			return known[i];
	return -1;
}

/* got/want are 0 or an errno. */
static inline int t_expect_err(int got, int want, const char *what)
{
	if (got == want)
		return 1;
	t_note("%s: got %s, want %s", what, errno_name(got), errno_name(want));
	return 0;
}

static inline int t_expect_u64(__u64 got, __u64 want, const char *what)
{
	if (got == want)
		return 1;
	t_note("%s: got 0x%llx, want 0x%llx", what, (unsigned long long)got,
	       (unsigned long long)want);
	return 0;
}

static inline void hex_string(char *out, size_t outlen, const __u8 *p,
			      size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < len && 2 * i + 3 <= outlen; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* Compare bytes; on a difference, note where and the bytes around it. */
static inline int t_expect_mem(const void *got, const void *want, size_t len,
			       const char *what)
{
	const __u8 *g = got, *w = want;
	char gh[2 * 16 + 1], wh[2 * 16 + 1];
	size_t i, from, n;

	for (i = 0; i < len; i++)
		if (g[i] != w[i])
			break;
	if (i == len)
		return 1;
	from = i & ~(size_t)7;
	n = len - from < 16 ? len - from : 16;
	hex_string(gh, sizeof(gh), g + from, n);
	hex_string(wh, sizeof(wh), w + from, n);
	t_note("%s: first difference at byte %zu of %zu", what, i, len);
	t_note("  got  @%zu: %s", from, gh);
	t_note("  want @%zu: %s", from, wh);
	return 0;
}

/* The errno of an ioctl, 0 on success. */
static inline int pio(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? errno : 0;
}

static inline int dev_open_flags(int flags)
{
	return open(PHILOX_DEV, flags | O_CLOEXEC);
}

/* Open the device or stop: nothing else can be checked without it. */
static inline int dev_open(void)
{
	int fd = dev_open_flags(O_RDONLY);

	if (fd < 0)
		t_bail("open %s: %s", PHILOX_DEV, strerror(errno));
	return fd;
}

/*
 * One read() call of len bytes; notes a failure or a short read. The
 * contract is that every read returns all the bytes asked for.
 */
static inline int t_read(int fd, void *buf, size_t len, const char *what)
{
	ssize_t n = read(fd, buf, len);

	if (n < 0) {
		t_note("%s: read(%zu): %s", what, len, errno_name(errno));
		memset(buf, 0, len);
		return 0;
	}
	if ((size_t)n != len) {
		t_note("%s: read(%zu) returned %zd", what, len, n);
		memset((char *)buf + n, 0, len - n);
		return 0;
	}
	return 1;
}

/* Read len bytes and compare them with want. */
static inline int t_read_expect(int fd, const void *want, size_t len,
				const char *what)
{
	void *buf = malloc(len ? len : 1);
	int ok;

	if (!buf)
		t_bail("out of memory");
	ok = t_read(fd, buf, len, what) && t_expect_mem(buf, want, len, what);
	free(buf);
	return ok;
}

/* The data files */

struct tdata {
	char *text;
	size_t len;
	const char *file;
};

static inline void *load_file(const char *file, size_t *lenp)
{
	const char *dir = getenv("PHILOX_DATA");
	char path[512];
	struct stat st;
	char *buf;
	size_t done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : DATA_DIR, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st))
		t_bail("data file %s: %s", path, strerror(errno));
	buf = malloc(st.st_size + 1);
	if (!buf)
		t_bail("out of memory for %s", path);
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, st.st_size - done);

		if (n <= 0)
			t_bail("read %s: %s", path, n ? strerror(errno) : "EOF");
		done += n;
	}
	close(fd);
	buf[done] = '\0';
	*lenp = done;
	return buf;
}

static inline void tdata_load(struct tdata *d, const char *file)
{
	d->file = file;
	d->text = load_file(file, &d->len);
}

/* The tokens of record "name", after the name; bails out if missing. */
static inline const char *tdata_find(const struct tdata *d, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = d->text;

	while (p && *p) {
		if (!strncmp(p, name, nlen) && p[nlen] == ' ')
			return p + nlen + 1;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	t_bail("%s: no record %s", d->file, name);
	return NULL;
}

/*
 * Parse up to max hex words from s, stopping at the end of the line.
 * Returns how many; *end (if not NULL) is left after the last one.
 */
static inline int parse_words(const char *s, __u64 *out, int max,
			      const char **end)
{
	int n = 0;

	while (n < max) {
		char *e;

		while (*s == ' ')
			s++;
		if (!*s || *s == '\n')
			break;
		errno = 0;
		out[n] = strtoull(s, &e, 16);
		if (e == s || errno || (*e && *e != ' ' && *e != '\n'))
			break;
		n++;
		s = e;
	}
	if (end)
		*end = s;
	return n;
}

/* Record "name" has exactly n words. */
static inline void tdata_words(const struct tdata *d, const char *name,
			       __u64 *out, int n)
{
	if (parse_words(tdata_find(d, name), out, n, NULL) != n)
		t_bail("%s: record %s: want %d words", d->file, name, n);
}

static inline __u64 tdata_word(const struct tdata *d, const char *name)
{
	__u64 w;

	tdata_words(d, name, &w, 1);
	return w;
}

static inline int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decode the first max bytes (at most) of a hex token into out; returns
 * how many, -1 if the token is not hex.
 */
static inline long parse_hex(const char *s, __u8 *out, size_t max)
{
	size_t n = 0;

	if (*s == '-')
		return 0;
	while (n < max && hex_nibble(s[0]) >= 0 && hex_nibble(s[1]) >= 0) {
		out[n++] = hex_nibble(s[0]) << 4 | hex_nibble(s[1]);
		s += 2;
	}
	while (hex_nibble(*s) >= 0)
		s++;
	if (*s && *s != ' ' && *s != '\n')
		return -1;
	return n;
}

/* The first len bytes of byte string "name"; bails out if shorter. */
static inline void tdata_bytes(const struct tdata *d, const char *name,
			       __u8 *out, size_t len)
{
	long n = parse_hex(tdata_find(d, name), out, len);

	if (n < 0 || (size_t)n != len)
		t_bail("%s: record %s: not %zu bytes of hex", d->file, name,
		       len);
}

/* Structures from words */

static inline void words_to_counter(struct philox_counter *c, const __u64 *w)
{
	memcpy(c->counter, w, sizeof(c->counter));
}

static inline void tdata_counter(const struct tdata *d, const char *name,
				 struct philox_counter *c)
{
	__u64 w[4];

	tdata_words(d, name, w, 4);
	words_to_counter(c, w);
}

static inline void tdata_key(const struct tdata *d, const char *name,
			     struct philox_key *k)
{
	tdata_words(d, name, k->key, 2);
}

/* A state from the words "c0 c1 c2 c3 k0 k1 buffer_pos flags". */
static inline void words_to_state(struct philox_state *s, const __u64 *w)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->counter, w, sizeof(s->counter));
	s->key[0] = w[4];
	s->key[1] = w[5];
	s->buffer_pos = w[6];
	s->flags = w[7];
}

static inline void tdata_state(const struct tdata *d, const char *name,
			       struct philox_state *s)
{
	__u64 w[8];

	tdata_words(d, name, w, 8);
	words_to_state(s, w);
}

/*
 * A seed from the words "n_entropy n_spawn_key pool_size
 * n_children_spawned entropy... spawn_key...". With full set, the counts
 * are followed by all 32 + 16 words of the arrays (the replay scripts put
 * garbage after the valid words); otherwise only by the valid ones.
 * Returns the number of words used, -1 if they do not fit.
 */
static inline int words_to_seed(struct philox_seed *s, const __u64 *w, int n,
				int full)
{
	unsigned int ne, ns, i;

	memset(s, 0, sizeof(*s));
	if (n < 4)
		return -1;
	s->n_entropy = w[0];
	s->n_spawn_key = w[1];
	s->pool_size = w[2];
	s->n_children_spawned = w[3];
	ne = full ? PHILOX_SEED_MAX_WORDS : s->n_entropy;
	ns = full ? PHILOX_SPAWN_MAX_WORDS : s->n_spawn_key;
	if (ne > PHILOX_SEED_MAX_WORDS || ns > PHILOX_SPAWN_MAX_WORDS ||
	    (unsigned int)n < 4 + ne + ns)
		return -1;
	for (i = 0; i < ne; i++)
		s->entropy[i] = w[4 + i];
	for (i = 0; i < ns; i++)
		s->spawn_key[i] = w[4 + ne + i];
	return 4 + ne + ns;
}

static inline void tdata_seed(const struct tdata *d, const char *name,
			      struct philox_seed *s)
{
	__u64 w[4 + PHILOX_SEED_MAX_WORDS + PHILOX_SPAWN_MAX_WORDS];
	int n = parse_words(tdata_find(d, name), w, 52, NULL);

	if (words_to_seed(s, w, n, 0) != n)
		t_bail("%s: record %s: not a seed", d->file, name);
}

/* Comparisons that note what differs */

static inline int t_expect_counter(const struct philox_counter *got,
				   const struct philox_counter *want,
				   const char *what)
{
	int i, ok = 1;

	for (i = 0; i < 4; i++) {
		if (got->counter[i] != want->counter[i]) {
			t_note("%s: counter[%d] got 0x%016llx, want 0x%016llx",
			       what, i, (unsigned long long)got->counter[i],
			       (unsigned long long)want->counter[i]);
			ok = 0;
		}
	}
	return ok;
}

static inline int t_expect_key(const struct philox_key *got,
			       const struct philox_key *want, const char *what)
{
	int i, ok = 1;

	for (i = 0; i < 2; i++) {
		if (got->key[i] != want->key[i]) {
			t_note("%s: key[%d] got 0x%016llx, want 0x%016llx",
			       what, i, (unsigned long long)got->key[i],
			       (unsigned long long)want->key[i]);
			ok = 0;
		}
	}
	return ok;
}

static inline int t_expect_state(const struct philox_state *got,
				 const struct philox_state *want,
				 const char *what)
{
	struct philox_counter gc, wc;
	struct philox_key gk, wk;
	int ok;

	memcpy(gc.counter, got->counter, sizeof(gc.counter));
	memcpy(wc.counter, want->counter, sizeof(wc.counter));
	memcpy(gk.key, got->key, sizeof(gk.key));
	memcpy(wk.key, want->key, sizeof(wk.key));
	ok = t_expect_counter(&gc, &wc, what);
	ok &= t_expect_key(&gk, &wk, what);
	if (got->buffer_pos != want->buffer_pos) {
		t_note("%s: buffer_pos got %u, want %u", what, got->buffer_pos,
		       want->buffer_pos);
		ok = 0;
	}
	if (got->flags != want->flags) {
		t_note("%s: flags got 0x%x, want 0x%x", what, got->flags,
		       want->flags);
		ok = 0;
	}
	return ok;
}

/* Compare the counts and the valid words of two seeds. */
static inline int t_expect_seed(const struct philox_seed *got,
				const struct philox_seed *want,
				const char *what)
{
	unsigned int i;
	int ok = 1;

	if (got->n_entropy != want->n_entropy ||
	    got->n_spawn_key != want->n_spawn_key ||
	    got->pool_size != want->pool_size ||
	    got->n_children_spawned != want->n_children_spawned) {
		t_note("%s: got n_entropy %u n_spawn_key %u pool_size %u n_children_spawned %u",
		       what, got->n_entropy, got->n_spawn_key, got->pool_size,
		       got->n_children_spawned);
		t_note("%s: want n_entropy %u n_spawn_key %u pool_size %u n_children_spawned %u",
		       what, want->n_entropy, want->n_spawn_key,
		       want->pool_size, want->n_children_spawned);
		return 0;
	}
	for (i = 0; i < want->n_entropy && i < PHILOX_SEED_MAX_WORDS; i++) {
		if (got->entropy[i] != want->entropy[i]) {
			t_note("%s: entropy[%u] got 0x%08x, want 0x%08x", what,
			       i, got->entropy[i], want->entropy[i]);
			ok = 0;
		}
	}
	for (i = 0; i < want->n_spawn_key && i < PHILOX_SPAWN_MAX_WORDS; i++) {
		if (got->spawn_key[i] != want->spawn_key[i]) {
			t_note("%s: spawn_key[%u] got 0x%08x, want 0x%08x",
			       what, i, got->spawn_key[i], want->spawn_key[i]);
			ok = 0;
		}
	}
	return ok;
}

/* Checked wrappers of the ioctls that read state */

static inline int t_get_state(int fd, struct philox_state *s, const char *what)
{
	int err = pio(fd, PHILOX_IOC_GET_STATE, s);

	if (err) {
		memset(s, 0, sizeof(*s));
		t_note("%s: GET_STATE: %s", what, errno_name(err));
	}
	return !err;
}

static inline int t_expect_get_state(int fd, const struct philox_state *want,
				     const char *what)
{
	struct philox_state got;

	return t_get_state(fd, &got, what) &&
	       t_expect_state(&got, want, what);
}

static inline int t_expect_get_seed(int fd, const struct philox_seed *want,
				    const char *what)
{
	struct philox_seed got;
	int err = pio(fd, PHILOX_IOC_GET_SEED, &got);

	if (err) {
		t_note("%s: GET_SEED: %s", what, errno_name(err));
		return 0;
	}
	return t_expect_seed(&got, want, what);
}

static inline int t_expect_get_key(int fd, const struct philox_key *want,
				   const char *what)
{
	struct philox_key got;
	int err = pio(fd, PHILOX_IOC_GET_KEY, &got);

	if (err) {
		t_note("%s: GET_KEY: %s", what, errno_name(err));
		return 0;
	}
	return t_expect_key(&got, want, what);
}

static inline int t_expect_get_counter(int fd,
				       const struct philox_counter *want,
				       const char *what)
{
	struct philox_counter got;
	int err = pio(fd, PHILOX_IOC_GET_COUNTER, &got);

	if (err) {
		t_note("%s: GET_COUNTER: %s", what, errno_name(err));
		return 0;
	}
	return t_expect_counter(&got, want, what);
}

/* An ioctl that must succeed. */
static inline int t_ioctl(int fd, unsigned long cmd, void *arg,
			  const char *what)
{
	return t_expect_err(pio(fd, cmd, arg), 0, what);
}

/* Set key and counter: no block buffered, no SeedSequence. */
static inline int t_set_key_counter(int fd, const struct philox_key *k,
				    const struct philox_counter *c)
{
	return t_ioctl(fd, PHILOX_IOC_SET_KEY, (void *)k, "SET_KEY") &&
	       t_ioctl(fd, PHILOX_IOC_SET_COUNTER, (void *)c, "SET_COUNTER");
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

/*
 * Compare data with the CRC-32 of each chunk of the expected stream; note
 * the first chunks that differ.
 */
static inline int t_expect_crcs(const __u8 *data, size_t len, size_t chunk,
				const __u64 *crcs, const char *what)
{
	size_t off;
	int ok = 1;

	for (off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		__u32 got = crc32_update(0, data + off, n);

		if (got != crcs[off / chunk]) {
			t_note("%s: bytes %zu..%zu: crc32 0x%08x, want 0x%08llx",
			       what, off, off + n - 1, got,
			       (unsigned long long)crcs[off / chunk]);
			ok = 0;
		}
	}
	return ok;
}

#endif /* _PHILOX_TEST_H */
