// SPDX-License-Identifier: GPL-2.0
/*
 * The file operations of /dev/philox other than ioctl: reads of every
 * small size and of 16 MiB, readv, splice, and the operations that must
 * fail (lseek, pread, write) or always succeed (poll, O_NONBLOCK open).
 * The streams are NumPy's, from read_expected.h and read-wide.bin; big
 * reads are compared by the CRC-32 of each 64 KiB, which gen-expected.py
 * computed with zlib.
 */

#include "philox_helpers.h"

#include <poll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "read_expected.h"

/* Long reads: 16 MiB under TCG, and a debug kernel. */
#define LONG_READ_TIMEOUT	300

/* A file at the start of the small stream. */
static int open_small(struct __test_metadata *_metadata, int flags)
{
	int fd = dev_open_flags(_metadata, flags);

	ASSERT_TRUE(set_key_counter(_metadata, fd, &small_key,
				    &small_counter));
	return fd;
}

FIXTURE(small) {
	int fd;
};

FIXTURE_SETUP(small)
{
	self->fd = open_small(_metadata, O_RDONLY);
}

FIXTURE_TEARDOWN(small)
{
	close(self->fd);
}

/* Reads of 1, 2, ..., 100 bytes concatenate to NumPy's stream. */
TEST_F(small, reads_of_1_to_100_bytes_concatenate)
{
	size_t off = 0, n;
	char what[32];

	for (n = 1; n <= 100; n++) {
		snprintf(what, sizeof(what), "read of %zu at %zu", n, off);
		if (!read_expect(_metadata, self->fd, small_stream + off, n,
				 what))
			break;
		off += n;
	}
}

/* A read of 0 bytes returns 0 and takes nothing from the stream. */
TEST_F(small, read_of_0_bytes)
{
	__u8 buf[1];

	EXPECT_EQ(0, read(self->fd, buf, 0));
	EXPECT_EQ(0, read(self->fd, NULL, 0));
	read_expect(_metadata, self->fd, small_stream, 64, "64 bytes after");
}

FIXTURE(big) {
	int fd;
	__u8 *buf;
};

FIXTURE_SETUP(big)
{
	self->fd = dev_open(_metadata);
	self->buf = malloc(big_len);
	ASSERT_TRUE(!!self->buf);
}

FIXTURE_TEARDOWN(big)
{
	free(self->buf);
	close(self->fd);
}

/* 16 MiB in one read(), across a carry in the counter's low words. */
TEST_F_TIMEOUT(big, read_of_16_mib_is_numpy_stream, LONG_READ_TIMEOUT)
{
	set_key_counter(_metadata, self->fd, &small_key, &big_counter);
	ASSERT_TRUE(read_all(_metadata, self->fd, self->buf, big_len,
			     "16 MiB read"));
	expect_crcs(_metadata, self->buf, big_len, crc_chunk, big_crc,
		    "16 MiB read");
	expect_get_state(_metadata, self->fd, &big_state, "GET_STATE after");
	read_expect(_metadata, self->fd, big_next, sizeof(big_next),
		    "next 64 bytes");
}

/* 3 bytes, then 1 MiB + 7 in one read: the stream and the state. */
TEST_F_TIMEOUT(big, read_starting_and_ending_inside_a_block,
	       LONG_READ_TIMEOUT)
{
	set_key_counter(_metadata, self->fd, &small_key, &small_counter);
	read_expect(_metadata, self->fd, small_stream, 3, "3 bytes");
	ASSERT_TRUE(read_all(_metadata, self->fd, self->buf, odd_len,
			     "1 MiB + 7 read"));
	expect_crcs(_metadata, self->buf, odd_len, crc_chunk, odd_crc,
		    "1 MiB + 7 read");
	expect_get_state(_metadata, self->fd, &odd_state, "GET_STATE after");
}

/* readv with iovecs of 1, 7, 0, 33, 64, 5, 1000, 31, 2 and 4096 bytes */
TEST_F(small, readv_of_mixed_sizes)
{
	static const size_t sizes[] = { 1, 7, 0, 33, 64, 5, 1000, 31, 2, 4096 };
	struct iovec iov[ARRAY_SIZE(sizes)];
	__u8 buf[sizeof(small_stream)];
	size_t i, total = 0;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		iov[i].iov_base = buf + total;
		iov[i].iov_len = sizes[i];
		total += sizes[i];
	}
	ASSERT_EQ(total, readv(self->fd, iov, ARRAY_SIZE(sizes)))
		TH_LOG("readv: %s", errno_name(errno));
	expect_mem(_metadata, buf, small_stream, total, "readv");
	read_expect(_metadata, self->fd, small_stream + total, 64,
		    "read after readv");
}

/* readv with 64 iovecs of 3 bytes */
TEST_F(small, readv_of_64_iovecs)
{
	struct iovec iov[64];
	__u8 buf[64][3];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(iov); i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
	}
	ASSERT_EQ(sizeof(buf), readv(self->fd, iov, ARRAY_SIZE(iov)))
		TH_LOG("readv: %s", errno_name(errno));
	expect_mem(_metadata, buf, small_stream, sizeof(buf), "readv");
}

/* Move len bytes from fd through a pipe into out. */
static bool splice_all(struct __test_metadata *_metadata, int fd, __u8 *out,
		       size_t len)
{
	size_t done = 0;
	int p[2];

	ASSERT_EQ(0, pipe(p));
	while (done < len) {
		size_t want = len - done < 65536 ? len - done : 65536;
		ssize_t n = splice(fd, NULL, p[1], NULL, want, 0);

		EXPECT_LT(0, n) TH_LOG("splice of %zu at %zu: %s", want, done,
				       errno_name(call_err(n)));
		if (n <= 0)
			break;
		while (n > 0) {
			ssize_t got = read(p[0], out + done, n);

			ASSERT_LT(0, got) TH_LOG("read from the pipe: %s",
						 errno_name(call_err(got)));
			n -= got;
			done += got;
		}
	}
	close(p[0]);
	close(p[1]);
	return done == len;
}

/* splice of 1000 bytes to a pipe, then read goes on from there */
TEST_F(small, splice_then_read)
{
	__u8 buf[1000];

	if (splice_all(_metadata, self->fd, buf, sizeof(buf)))
		expect_mem(_metadata, buf, small_stream, sizeof(buf),
			   "splice of 1000 bytes");
	read_expect(_metadata, self->fd, small_stream + sizeof(buf), 64,
		    "read after splice");
}

/* splice of 256 KiB through a pipe equals NumPy's stream */
TEST_F_TIMEOUT(big, splice_of_256_kib, LONG_READ_TIMEOUT)
{
	size_t len = 256 << 10;

	set_key_counter(_metadata, self->fd, &small_key, &big_counter);
	if (splice_all(_metadata, self->fd, self->buf, len))
		expect_crcs(_metadata, self->buf, len, crc_chunk, big_crc,
			    "splice of 256 KiB");
	read_expect(_metadata, self->fd, big_at256k, sizeof(big_at256k),
		    "read after splice");
}

/*
 * A read that faults takes nothing it did not deliver: the next read goes
 * on from the last byte copied.
 */
TEST_F(small, read_into_null_is_efault_and_takes_nothing)
{
	/* the system call itself: glibc declares read() never to get NULL */
	EXPECT_EQ(-1, syscall(SYS_read, self->fd, NULL, 32));
	EXPECT_EQ(EFAULT, errno);
	read_expect(_metadata, self->fd, small_stream, 64, "read after");
}

/* A read that faults part way returns what it copied; the stream goes on. */
TEST_F(small, read_faulting_part_way)
{
	long page = sysconf(_SC_PAGESIZE);
	__u8 *buf;
	char *map;
	long n;

	/* 100 writable bytes, then a page nothing may touch */
	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	ASSERT_EQ(0, mprotect(map + page, page, PROT_NONE));
	buf = (__u8 *)map + page - 100;
	n = read(self->fd, buf, 300);
	if (n == -1 && errno == EFAULT)
		n = 0;
	ASSERT_TRUE(n >= 0 && n <= 100)
		TH_LOG("read of 300 bytes, 100 of them writable: %ld (%s)", n,
		       errno_name(call_err(n)));
	expect_mem(_metadata, buf, small_stream, n,
		   "the bytes before the fault");
	read_expect(_metadata, self->fd, small_stream + n, 64, "read after");
	munmap(map, 2 * page);
}

/*
 * Large reads are generated straight into the reader's pages when the
 * buffer is user memory at 8-byte alignment, and copied through a buffer
 * otherwise. The tests below read across pages at every kind of
 * alignment, into file mappings, copy-on-write pages and readv segments,
 * and compare with NumPy's stream.
 */

/*
 * NumPy's stream at small_counter, for reads of len bytes across pages:
 * read-wide.bin, sized for the largest page the tests support. The reads
 * are sized in pages, so a bigger page would run past it: say so.
 */
static const __u8 *wide_stream(struct __test_metadata *_metadata, size_t len)
{
	static __u8 *wide;

	ASSERT_LE(len, wide_len) {
		TH_LOG("%ld-byte pages: %zu bytes of read-wide.bin wanted",
		       sysconf(_SC_PAGESIZE), len);
		TH_LOG("it has %zu, for pages up to %zu (gen-expected.py)",
		       wide_len, wide_max_page);
	}
	if (!wide)
		wide = load_file(_metadata, "read-wide.bin", wide_len);
	return wide;
}

/* A fresh mapping of n pages, filled with 0xa5. */
static __u8 *map_pages(struct __test_metadata *_metadata, size_t n,
		       int flags, int fd)
{
	long page = sysconf(_SC_PAGESIZE);
	void *map = mmap(NULL, n * page, PROT_READ | PROT_WRITE, flags, fd, 0);

	ASSERT_TRUE(map != MAP_FAILED) TH_LOG("mmap: %s", strerror(errno));
	if (!(flags & MAP_SHARED) || fd < 0)
		memset(map, 0xa5, n * page);
	return map;
}

/*
 * 3 pages and 40 bytes, after a first read of skip bytes, at offsets in a
 * page that start blocks on it, cross it, or are not 8-byte aligned.
 */
TEST_F(small, reads_across_pages_at_every_alignment)
{
	static const size_t skips[] = { 0, 3, 8, 24 };
	long page = sysconf(_SC_PAGESIZE);
	size_t offsets[] = { 0, 1, 8, 16, 24, 36, page - 8, page - 20 };
	size_t len = 3 * page + 40, i, j;
	const __u8 *wide = wide_stream(_metadata,
				       skips[ARRAY_SIZE(skips) - 1] + len);
	__u8 *map = map_pages(_metadata, 5, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	char what[64];

	for (i = 0; i < ARRAY_SIZE(skips); i++) {
		for (j = 0; j < ARRAY_SIZE(offsets); j++) {
			__u8 *buf = map + offsets[j];

			snprintf(what, sizeof(what), "after %zu, at offset %zu",
				 skips[i], offsets[j]);
			ASSERT_TRUE(set_key_counter(_metadata, self->fd,
						    &small_key,
						    &small_counter));
			if (skips[i])
				ASSERT_TRUE(read_all(_metadata, self->fd, buf,
						     skips[i], what));
			if (!read_all(_metadata, self->fd, buf, len, what))
				continue;
			expect_mem(_metadata, buf, wide + skips[i], len, what);
		}
	}
	munmap(map, 5 * page);
}

/*
 * Into a shared file mapping the bytes reach the file; into a private one
 * they stay in the mapping and the file is untouched.
 */
TEST_F(small, reads_into_file_mappings)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = 3 * page, off = 24;
	const __u8 *wide = wide_stream(_metadata, 2 * len);
	int mfd = memfd_create("philox-read", 0);
	__u8 *shared, *private, *file;

	ASSERT_TRUE(mfd >= 0 && !ftruncate(mfd, 4 * page));
	file = malloc(len);
	ASSERT_TRUE(!!file);
	shared = map_pages(_metadata, 4, MAP_SHARED, mfd);
	if (read_all(_metadata, self->fd, shared + off, len, "shared") &&
	    pread(mfd, file, len, off) == (ssize_t)len)
		expect_mem(_metadata, file, wide, len,
			   "the file behind a shared mapping");
	munmap(shared, 4 * page);

	ASSERT_EQ(0, ftruncate(mfd, 0));
	ASSERT_EQ(0, ftruncate(mfd, 4 * page));
	private = map_pages(_metadata, 4, MAP_PRIVATE, mfd);
	if (read_all(_metadata, self->fd, private + off, len, "private")) {
		expect_mem(_metadata, private + off, wide + len, len,
			   "a private file mapping");
		memset(file, 0xa5, len);
		ASSERT_EQ((ssize_t)len, pread(mfd, file, len, off));
		EXPECT_EQ(0, file[0]) TH_LOG("the file behind it changed");
		EXPECT_EQ(0, memcmp(file, file + 1, len - 1));
	}
	munmap(private, 4 * page);
	free(file);
	close(mfd);
}

/*
 * A child reading into pages it shares copy-on-write with its parent
 * gets its own copies: the parent's stay as they were.
 */
TEST_F(small, read_in_child_leaves_parent_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = 3 * page;
	const __u8 *wide = wide_stream(_metadata, len);
	__u8 *map = map_pages(_metadata, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		ssize_t n = read(self->fd, map, len);

		_exit(n == (ssize_t)len && !memcmp(map, wide, len) ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
		TH_LOG("the child did not read the stream");
	EXPECT_EQ(0xa5, map[0]);
	EXPECT_EQ(0, memcmp(map, map + 1, len - 1))
		TH_LOG("the child's read reached the parent's pages");
	munmap(map, len);
}

/* readv whose page-sized segments split blocks: one stream across them. */
TEST_F(small, readv_of_page_sized_iovecs)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t sizes[] = { page + 5, 2 * page - 13, page, 3 * page / 2 + 8 };
	__u8 *map = map_pages(_metadata, 8, MAP_PRIVATE | MAP_ANONYMOUS, -1);
	struct iovec iov[ARRAY_SIZE(sizes)];
	size_t i, total = 0;
	const __u8 *wide;
	__u8 *got;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		/* each segment at its own offset in its own pages */
		iov[i].iov_base = map + 2 * i * page + 8 * i;
		iov[i].iov_len = sizes[i];
		total += sizes[i];
	}
	wide = wide_stream(_metadata, total + 64);
	got = malloc(total);
	ASSERT_TRUE(!!got);
	ASSERT_EQ(total, readv(self->fd, iov, ARRAY_SIZE(iov)))
		TH_LOG("readv: %s", errno_name(errno));
	for (i = 0, total = 0; i < ARRAY_SIZE(sizes); i++) {
		memcpy(got + total, iov[i].iov_base, sizes[i]);
		total += sizes[i];
	}
	expect_mem(_metadata, got, wide, total, "readv");
	read_expect(_metadata, self->fd, wide + total, 64, "read after readv");
	free(got);
	munmap(map, 8 * page);
}

/* lseek, pread and preadv fail with ESPIPE and take nothing. */
TEST_F(small, lseek_pread_preadv_are_espipe)
{
	static const int whence[] = { SEEK_SET, SEEK_CUR, SEEK_END };
	struct iovec iov;
	__u8 buf[16];
	unsigned int i;

	read_expect(_metadata, self->fd, small_stream, 5, "5 bytes");
	for (i = 0; i < ARRAY_SIZE(whence); i++) {
		EXPECT_EQ(-1, lseek(self->fd, 0, whence[i]));
		EXPECT_EQ(ESPIPE, errno) TH_LOG("lseek whence %d", whence[i]);
	}
	EXPECT_EQ(-1, pread(self->fd, buf, sizeof(buf), 0));
	EXPECT_EQ(ESPIPE, errno) TH_LOG("pread");
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	EXPECT_EQ(-1, preadv(self->fd, &iov, 1, 0));
	EXPECT_EQ(ESPIPE, errno) TH_LOG("preadv");
	read_expect(_metadata, self->fd, small_stream + 5, 64, "read after");
}

/* write fails with EINVAL and changes nothing */
TEST(write_is_einval)
{
	__u8 buf[16] = { 1, 2, 3 };
	int fd = open_small(_metadata, O_RDWR);

	EXPECT_EQ(-1, write(fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno);
	read_expect(_metadata, fd, small_stream, 64, "read after");
	close(fd);
}

/* poll and select report the file readable at once */
TEST_F(small, poll_and_select_report_readable)
{
	struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
	struct timeval tv = { 0, 0 };
	fd_set rfds;

	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents & (POLLIN | POLLERR | POLLHUP | POLLNVAL));
	FD_ZERO(&rfds);
	FD_SET(self->fd, &rfds);
	EXPECT_EQ(1, select(self->fd + 1, &rfds, NULL, NULL, &tv));
	EXPECT_TRUE(FD_ISSET(self->fd, &rfds));
	read_expect(_metadata, self->fd, small_stream, 64, "read after");
}

/* open with O_NONBLOCK succeeds and reads return every byte */
TEST_F(big, nonblock_open_reads_every_byte)
{
	int fd = dev_open_flags(_metadata, O_RDONLY | O_NONBLOCK);

	set_key_counter(_metadata, fd, &small_key, &big_counter);
	if (read_all(_metadata, fd, self->buf, crc_chunk, "64 KiB read"))
		expect_crcs(_metadata, self->buf, crc_chunk, crc_chunk,
			    big_crc, "64 KiB read");
	close(fd);
}

/* Two files of the same key and counter each read the whole stream. */
TEST_F(small, two_files_are_independent)
{
	int fd2 = open_small(_metadata, O_RDONLY);
	size_t off1 = 0, off2 = 0, n;

	for (n = 1; n < 40; n += 3) {
		read_expect(_metadata, self->fd, small_stream + off1, n,
			    "first file");
		off1 += n;
		read_expect(_metadata, fd2, small_stream + off2, 2 * n,
			    "second file");
		off2 += 2 * n;
	}
	close(fd2);
}

/* A dup() of the file shares its stream. */
TEST_F(small, dup_shares_the_stream)
{
	int fd3 = dup(self->fd);

	read_expect(_metadata, self->fd, small_stream, 7, "the original");
	read_expect(_metadata, fd3, small_stream + 7, 10, "the dup");
	read_expect(_metadata, self->fd, small_stream + 17, 22, "the original");
	close(fd3);
}

TEST_HARNESS_MAIN
