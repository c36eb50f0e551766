// SPDX-License-Identifier: GPL-2.0
/*
 * The file operations of /dev/philox other than ioctl: reads of every
 * small size and of 16 MiB, readv, splice, and the operations that must
 * fail (lseek, pread, write) or always succeed (poll, O_NONBLOCK open).
 * The streams are NumPy's, from read.txt; big reads are compared by the
 * CRC-32 of each 64 KiB, which gen-expected.py computed with zlib.
 */

#include "philox_test.h"

#include <poll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define SMALL_LEN	8192
#define MAX_CHUNKS	512

static struct tdata d;
static struct philox_key key;
static struct philox_counter small_ctr, big_ctr;
static __u8 small[SMALL_LEN];
static size_t big_len, chunk;
static __u64 big_crc[MAX_CHUNKS];

/* A file at the start of the small stream. */
static int open_small(int flags)
{
	int fd = dev_open_flags(flags);

	if (fd < 0)
		t_bail("open %s: %s", PHILOX_DEV, strerror(errno));
	t_set_key_counter(fd, &key, &small_ctr);
	return fd;
}

static void test_small_reads(void)
{
	int fd = open_small(O_RDONLY);
	size_t off = 0, n;
	char what[32];

	for (n = 1; n <= 100; n++) {
		snprintf(what, sizeof(what), "read of %zu at %zu", n, off);
		if (!t_read_expect(fd, small + off, n, what))
			break;
		off += n;
	}
	close(fd);
	t_done("reads of 1, 2, ..., 100 bytes concatenate to NumPy's stream");
}

static void test_read_zero(void)
{
	int fd = open_small(O_RDONLY);
	__u8 buf[1];
	ssize_t n;

	n = read(fd, buf, 0);
	if (n)
		t_note("read(fd, buf, 0) returned %zd (%s)", n,
		       errno_name(n < 0 ? errno : 0));
	n = read(fd, NULL, 0);
	if (n)
		t_note("read(fd, NULL, 0) returned %zd (%s)", n,
		       errno_name(n < 0 ? errno : 0));
	t_read_expect(fd, small, 64, "64 bytes after");
	close(fd);
	t_done("read of 0 bytes returns 0 and takes nothing from the stream");
}

/* 16 MiB in one read(), across a carry in the counter's low words. */
static void test_big_read(void)
{
	struct philox_state state;
	__u8 *buf = malloc(big_len);
	__u8 next[64];
	int fd = dev_open();

	if (!buf)
		t_bail("out of memory");
	tdata_state(&d, "big.state", &state);
	tdata_bytes(&d, "big.next", next, sizeof(next));
	t_set_key_counter(fd, &key, &big_ctr);
	if (t_read(fd, buf, big_len, "16 MiB read")) {
		t_expect_crcs(buf, big_len, chunk, big_crc, "16 MiB read");
		t_expect_get_state(fd, &state, "GET_STATE after");
		t_read_expect(fd, next, sizeof(next), "next 64 bytes");
	}
	close(fd);
	free(buf);
	t_done("one read of 16 MiB returns it all, equal to NumPy's stream");
}

/* A big read that starts and ends inside a block. */
static void test_odd_read(void)
{
	struct philox_state state;
	size_t len = tdata_word(&d, "odd.len");
	__u64 crc[MAX_CHUNKS];
	__u8 *buf = malloc(len), head[3];
	int fd = open_small(O_RDONLY);

	if (!buf)
		t_bail("out of memory");
	if ((len + chunk - 1) / chunk > MAX_CHUNKS)
		t_bail("odd.len too big");
	tdata_words(&d, "odd.crc", crc, (len + chunk - 1) / chunk);
	tdata_state(&d, "odd.state", &state);
	t_read_expect(fd, small, sizeof(head), "3 bytes");
	if (t_read(fd, buf, len, "1 MiB + 7 read")) {
		t_expect_crcs(buf, len, chunk, crc, "1 MiB + 7 read");
		t_expect_get_state(fd, &state, "GET_STATE after");
	}
	close(fd);
	free(buf);
	t_done("3 bytes, then 1 MiB + 7 in one read: the stream and the state match NumPy");
}

static void test_readv(void)
{
	static const size_t sizes[] = { 1, 7, 0, 33, 64, 5, 1000, 31, 2, 4096 };
	struct iovec iov[ARRAY_SIZE(sizes)];
	__u8 buf[SMALL_LEN];
	size_t i, total = 0;
	ssize_t n;
	int fd = open_small(O_RDONLY);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		iov[i].iov_base = buf + total;
		iov[i].iov_len = sizes[i];
		total += sizes[i];
	}
	n = readv(fd, iov, ARRAY_SIZE(sizes));
	if (n != (ssize_t)total)
		t_note("readv returned %zd (%s), want %zu", n,
		       errno_name(n < 0 ? errno : 0), total);
	else
		t_expect_mem(buf, small, total, "readv");
	t_read_expect(fd, small + total, 64, "read after readv");
	close(fd);
	t_done("readv with iovecs of 1, 7, 0, 33, 64, 5, 1000, 31, 2 and 4096 bytes");
}

static void test_readv_many(void)
{
	struct iovec iov[64];
	__u8 buf[64][3];
	size_t i;
	ssize_t n;
	int fd = open_small(O_RDONLY);

	for (i = 0; i < ARRAY_SIZE(iov); i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
	}
	n = readv(fd, iov, ARRAY_SIZE(iov));
	if (n != (ssize_t)sizeof(buf))
		t_note("readv returned %zd (%s), want %zu", n,
		       errno_name(n < 0 ? errno : 0), sizeof(buf));
	else
		t_expect_mem(buf, small, sizeof(buf), "readv");
	close(fd);
	t_done("readv with 64 iovecs of 3 bytes");
}

/* Move len bytes from fd through a pipe into out; 0 on failure. */
static int splice_all(int fd, __u8 *out, size_t len)
{
	size_t done = 0;
	int p[2], ok = 1;

	if (pipe(p)) {
		t_note("pipe: %s", strerror(errno));
		return 0;
	}
	while (ok && done < len) {
		size_t want = len - done < 65536 ? len - done : 65536;
		ssize_t n = splice(fd, NULL, p[1], NULL, want, 0);

		if (n <= 0) {
			t_note("splice of %zu at %zu returned %zd (%s)", want,
			       done, n, errno_name(n < 0 ? errno : 0));
			ok = 0;
			break;
		}
		while (n > 0) {
			ssize_t got = read(p[0], out + done, n);

			if (got <= 0) {
				t_note("read from the pipe: %zd (%s)", got,
				       errno_name(got < 0 ? errno : 0));
				ok = 0;
				break;
			}
			n -= got;
			done += got;
		}
	}
	close(p[0]);
	close(p[1]);
	return ok;
}

static void test_splice(void)
{
	__u8 buf[1000], at256k[64];
	size_t len = 256 << 10;
	__u8 *big = malloc(len);
	int fd = open_small(O_RDONLY);

	if (!big)
		t_bail("out of memory");
	if (splice_all(fd, buf, sizeof(buf)))
		t_expect_mem(buf, small, sizeof(buf), "splice of 1000 bytes");
	t_read_expect(fd, small + sizeof(buf), 64, "read after splice");
	close(fd);
	t_done("splice of 1000 bytes to a pipe, then read goes on from there");

	fd = dev_open();
	tdata_bytes(&d, "big.at256k", at256k, sizeof(at256k));
	t_set_key_counter(fd, &key, &big_ctr);
	if (splice_all(fd, big, len))
		t_expect_crcs(big, len, chunk, big_crc, "splice of 256 KiB");
	t_read_expect(fd, at256k, sizeof(at256k), "read after splice");
	close(fd);
	free(big);
	t_done("splice of 256 KiB through a pipe equals NumPy's stream");
}

/*
 * A read that faults takes nothing it did not deliver: every byte of the
 * stream goes to exactly one reader, so the next read goes on from the
 * last byte copied.
 */
static void test_efault(void)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd = open_small(O_RDONLY);
	__u8 *buf;
	char *map;
	long n;

	/* the system call itself: glibc declares read() never to get NULL */
	n = syscall(SYS_read, fd, NULL, 32);
	if (n != -1 || errno != EFAULT)
		t_note("read(fd, NULL, 32) returned %ld (%s), want EFAULT", n,
		       errno_name(n < 0 ? errno : 0));
	t_read_expect(fd, small, 64, "read after");
	close(fd);
	t_done("read into a NULL buffer is EFAULT and takes nothing");

	/* 100 writable bytes, then a page nothing may touch */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED || mprotect(map + page, page, PROT_NONE))
		t_bail("mmap: %s", strerror(errno));
	buf = (__u8 *)map + page - 100;
	fd = open_small(O_RDONLY);
	n = read(fd, buf, 300);
	if (n == -1 && errno == EFAULT)
		n = 0;
	if (n < 0 || n > 100) {
		t_note("read of 300 bytes, 100 of them writable: returned %ld (%s)",
		       n, errno_name(n < 0 ? errno : 0));
	} else {
		t_expect_mem(buf, small, n, "the bytes before the fault");
		t_read_expect(fd, small + n, 64, "read after");
	}
	close(fd);
	munmap(map, 2 * page);
	t_done("a read that faults part way returns what it copied; the stream goes on from there");
}

/* lseek, pread and preadv are ESPIPE; the stream goes on untouched. */
static void test_espipe(void)
{
	static const int whence[] = { SEEK_SET, SEEK_CUR, SEEK_END };
	int fd = open_small(O_RDONLY);
	struct iovec iov;
	__u8 buf[16];
	unsigned int i;
	ssize_t n;
	off_t off;

	t_read_expect(fd, small, 5, "5 bytes");
	for (i = 0; i < ARRAY_SIZE(whence); i++) {
		off = lseek(fd, 0, whence[i]);
		if (off != -1 || errno != ESPIPE)
			t_note("lseek(fd, 0, %d) returned %lld (%s), want ESPIPE",
			       whence[i], (long long)off,
			       errno_name(off < 0 ? errno : 0));
	}
	n = pread(fd, buf, sizeof(buf), 0);
	if (n != -1 || errno != ESPIPE)
		t_note("pread returned %zd (%s), want ESPIPE", n,
		       errno_name(n < 0 ? errno : 0));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	n = preadv(fd, &iov, 1, 0);
	if (n != -1 || errno != ESPIPE)
		t_note("preadv returned %zd (%s), want ESPIPE", n,
		       errno_name(n < 0 ? errno : 0));
	t_read_expect(fd, small + 5, 64, "read after");
	close(fd);
	t_done("lseek, pread and preadv fail with ESPIPE and take nothing");
}

static void test_write(void)
{
	__u8 buf[16] = { 1, 2, 3 };
	int fd = dev_open_flags(O_RDWR);
	ssize_t n;

	if (fd < 0) {
		t_note("open O_RDWR: %s", errno_name(errno));
		t_done("write fails with EINVAL");
		return;
	}
	t_set_key_counter(fd, &key, &small_ctr);
	n = write(fd, buf, sizeof(buf));
	if (n != -1 || errno != EINVAL)
		t_note("write returned %zd (%s), want EINVAL", n,
		       errno_name(n < 0 ? errno : 0));
	t_read_expect(fd, small, 64, "read after");
	close(fd);
	t_done("write fails with EINVAL and changes nothing");
}

static void test_poll(void)
{
	struct pollfd pfd;
	struct timeval tv = { 0, 0 };
	fd_set rfds;
	int fd = open_small(O_RDONLY), n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	n = poll(&pfd, 1, 0);
	if (n != 1 || !(pfd.revents & POLLIN) ||
	    (pfd.revents & (POLLERR | POLLHUP | POLLNVAL)))
		t_note("poll returned %d, revents 0x%x, want 1 and POLLIN", n,
		       pfd.revents);
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	n = select(fd + 1, &rfds, NULL, NULL, &tv);
	if (n != 1 || !FD_ISSET(fd, &rfds))
		t_note("select returned %d, want the file readable", n);
	t_read_expect(fd, small, 64, "read after");
	close(fd);
	t_done("poll and select report the file readable at once");
}

static void test_nonblock(void)
{
	size_t len = chunk;
	__u8 *buf = malloc(len);
	int fd = dev_open_flags(O_RDONLY | O_NONBLOCK);

	if (!buf)
		t_bail("out of memory");
	if (fd < 0) {
		t_note("open O_NONBLOCK: %s", errno_name(errno));
	} else {
		t_set_key_counter(fd, &key, &big_ctr);
		if (t_read(fd, buf, len, "64 KiB read"))
			t_expect_crcs(buf, len, chunk, big_crc, "64 KiB read");
		close(fd);
	}
	free(buf);
	t_done("open with O_NONBLOCK succeeds and reads return every byte");
}

/* Two files with the same key and counter, read in turns, and a dup(). */
static void test_independent(void)
{
	int fd1 = open_small(O_RDONLY), fd2 = open_small(O_RDONLY), fd3;
	size_t off1 = 0, off2 = 0, n;

	for (n = 1; n < 40; n += 3) {
		t_read_expect(fd1, small + off1, n, "first file");
		off1 += n;
		t_read_expect(fd2, small + off2, 2 * n, "second file");
		off2 += 2 * n;
	}
	close(fd2);
	t_done("two files of the same key and counter each read the whole stream");

	fd3 = dup(fd1);
	t_read_expect(fd3, small + off1, 10, "the dup");
	t_read_expect(fd1, small + off1 + 10, 22, "the original");
	close(fd3);
	close(fd1);
	t_done("a dup() of the file shares its stream");
}

int main(void)
{
	size_t nchunks;

	t_init("read_test");
	tdata_load(&d, "read.txt");
	tdata_key(&d, "small.key", &key);
	tdata_counter(&d, "small.counter", &small_ctr);
	tdata_counter(&d, "big.counter", &big_ctr);
	tdata_bytes(&d, "small.stream", small, sizeof(small));
	big_len = tdata_word(&d, "big.len");
	chunk = tdata_word(&d, "big.chunk");
	nchunks = chunk ? (big_len + chunk - 1) / chunk : 0;
	if (!chunk || nchunks > MAX_CHUNKS || big_len < (256 << 10))
		t_bail("big.len %zu, big.chunk %zu", big_len, chunk);
	tdata_words(&d, "big.crc", big_crc, nchunks);

	test_small_reads();
	test_read_zero();
	test_big_read();
	test_odd_read();
	test_readv();
	test_readv_many();
	test_splice();
	test_efault();
	test_espipe();
	test_write();
	test_poll();
	test_nonblock();
	test_independent();
	return t_exit();
}
