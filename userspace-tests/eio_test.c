// SPDX-License-Identifier: GPL-2.0
/*
 * philoxcat's verify report on a disk with sectors that fail with EIO:
 * the stream written to a file on a loop device, seen through a
 * device-mapper table whose middle is the "error" target. The report must
 * name those sectors unreadable, and nothing else, with and without
 * --jobs: exactly them with --direct, and without it the pages that hold
 * them, as the page cache reads and fails whole pages. A read error
 * elsewhere (not EIO) still ends the run with exit 3.
 *
 * The device-mapper table is set up here with its ioctls (the guest has
 * no dmsetup). Skipped where the kernel has no loop or device-mapper
 * driver (the debug and KCSAN kernels are built without device-mapper).
 * The stream itself is philoxcat's, which disk_test.sh and
 * philoxcat_test.sh check against NumPy; what this program expects is the
 * table it made.
 */
#define _GNU_SOURCE
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <linux/dm-ioctl.h>
#include <linux/loop.h>

#include "philox_helpers.h"

#define IMAGE		"/tmp/eio_test.img"
#define REPORT		"/tmp/eio_test.report"
#define OUTPUT		"/tmp/eio_test.out"
#define DM_NAME		"philox-eio"
#define IMAGE_BYTES	(8u << 20)
#define SECTORS		(IMAGE_BYTES / 512)
/*
 * The bad sectors: 4 KiB at 2 MiB + 64 KiB. They start on a page boundary
 * for every page up to MAX_PAGE (ppc64el's 64 KiB), so that the range
 * before them reads no page that holds them; on 4 KiB pages they are a
 * whole page, on bigger ones a part of one.
 */
#define BAD_SECTOR	4224u
#define BAD_SECTORS	8u
#define MAX_PAGE	(64u << 10)
#define SEED		"2323"

static int dm_ioctl(unsigned long cmd, struct dm_ioctl *io, size_t size)
{
	int ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC), ret;

	if (ctl < 0)
		return -1;
	io->version[0] = DM_VERSION_MAJOR;
	io->version[1] = 0;
	io->version[2] = 0;
	io->data_size = size;
	snprintf(io->name, sizeof(io->name), "%s", DM_NAME);
	ret = ioctl(ctl, cmd, io);
	close(ctl);
	return ret;
}

/* One target of a table: its spec, then its parameters, 8-aligned. */
static size_t add_target(char *at, __u64 start, __u64 len, const char *type,
			 const char *params)
{
	struct dm_target_spec *t = (struct dm_target_spec *)at;
	size_t size = sizeof(*t) + ((strlen(params) + 1 + 7) & ~(size_t)7);

	memset(t, 0, size);
	t->sector_start = start;
	t->length = len;
	snprintf(t->target_type, sizeof(t->target_type), "%s", type);
	memcpy(at + sizeof(*t), params, strlen(params) + 1);
	t->next = size;
	return size;
}

FIXTURE(eio) {
	int loop;
	char dm[64];
};

FIXTURE_SETUP(eio)
{
	__u64 table[512];	/* a dm_ioctl and its targets, 8-aligned */
	char *buf = (char *)table, cmd[256], path[64];
	struct dm_ioctl *io = (struct dm_ioctl *)buf;
	char dev[32], params[64];
	size_t at;
	int ctl, fd, img;

	self->loop = -1;
	self->dm[0] = 0;
	if (access("/dev/loop-control", F_OK))
		SKIP(return, "no loop device in this kernel");
	if (access("/dev/mapper/control", F_OK))
		SKIP(return, "no device-mapper in this kernel");

	snprintf(cmd, sizeof(cmd), "philoxcat --seed %s --bytes %u --output %s",
		 SEED, IMAGE_BYTES, IMAGE);
	unlink(IMAGE);
	ASSERT_EQ(0, system(cmd)) TH_LOG("%s failed", cmd);

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, ctl) TH_LOG("/dev/loop-control: %s", strerror(errno));
	self->loop = ioctl(ctl, LOOP_CTL_GET_FREE);
	close(ctl);
	ASSERT_LE(0, self->loop) TH_LOG("LOOP_CTL_GET_FREE: %s",
					strerror(errno));
	snprintf(path, sizeof(path), "/dev/loop%d", self->loop);
	fd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd) TH_LOG("%s: %s", path, strerror(errno));
	img = open(IMAGE, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, img);
	ASSERT_EQ(0, ioctl(fd, LOOP_SET_FD, img))
		TH_LOG("LOOP_SET_FD: %s", strerror(errno));
	close(img);
	close(fd);

	/* One a failed test left behind (its teardown may not have run). */
	memset(table, 0, sizeof(table));
	dm_ioctl(DM_DEV_REMOVE, io, sizeof(*io));
	memset(table, 0, sizeof(table));
	ASSERT_EQ(0, dm_ioctl(DM_DEV_CREATE, io, sizeof(*io)))
		TH_LOG("DM_DEV_CREATE: %s", strerror(errno));
	snprintf(self->dm, sizeof(self->dm), "/dev/dm-%u", minor(io->dev));

	/* The loop device, but for BAD_SECTORS sectors of "error". */
	memset(table, 0, sizeof(table));
	snprintf(dev, sizeof(dev), "7:%d", self->loop);
	at = sizeof(*io);
	snprintf(params, sizeof(params), "%s 0", dev);
	at += add_target(buf + at, 0, BAD_SECTOR, "linear", params);
	at += add_target(buf + at, BAD_SECTOR, BAD_SECTORS, "error", "");
	snprintf(params, sizeof(params), "%s %u", dev,
		 BAD_SECTOR + BAD_SECTORS);
	at += add_target(buf + at, BAD_SECTOR + BAD_SECTORS,
			 SECTORS - BAD_SECTOR - BAD_SECTORS, "linear", params);
	io->data_start = sizeof(*io);
	io->target_count = 3;
	ASSERT_EQ(0, dm_ioctl(DM_TABLE_LOAD, io, at))
		TH_LOG("DM_TABLE_LOAD: %s", strerror(errno));
	memset(table, 0, sizeof(table));
	ASSERT_EQ(0, dm_ioctl(DM_DEV_SUSPEND, io, sizeof(*io)))
		TH_LOG("DM_DEV_SUSPEND (resume): %s", strerror(errno));
	ASSERT_EQ(0, access(self->dm, F_OK)) TH_LOG("no %s", self->dm);
}

FIXTURE_TEARDOWN(eio)
{
	struct dm_ioctl io;
	char path[64];
	int fd;

	if (self->dm[0]) {
		memset(&io, 0, sizeof(io));
		dm_ioctl(DM_DEV_REMOVE, &io, sizeof(io));
	}
	if (self->loop >= 0) {
		snprintf(path, sizeof(path), "/dev/loop%d", self->loop);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd >= 0) {
			ioctl(fd, LOOP_CLR_FD, 0);
			close(fd);
		}
	}
	unlink(IMAGE);
	unlink(REPORT);
	unlink(OUTPUT);
}

/* philoxcat --verify the device-mapper device with ARGS: exit status. */
static int run_verify(struct __test_metadata *_metadata, const char *dm,
		      const char *args)
{
	char cmd[512];
	int status;

	snprintf(cmd, sizeof(cmd),
		 "philoxcat --seed %s --verify %s --report %s %s > %s 2>&1",
		 SEED, dm, REPORT, args, OUTPUT);
	unlink(REPORT);
	status = system(cmd);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
		system("sed 's/^/# /' " OUTPUT);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void expect_report(struct __test_metadata *_metadata, const char *want)
{
	char got[4096] = "";
	int fd = open(REPORT, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	ASSERT_LE(0, fd) TH_LOG("no report: %s", strerror(errno));
	n = read(fd, got, sizeof(got) - 1);
	close(fd);
	ASSERT_LE(0, n);
	got[n] = 0;
	EXPECT_STREQ(want, got);
}

/*
 * The page size, which the bad sectors are placed for: a bigger page
 * would hold the range before them too.
 */
static size_t page_size(struct __test_metadata *_metadata)
{
	size_t page = sysconf(_SC_PAGESIZE);

	ASSERT_LE(page, MAX_PAGE)
		TH_LOG("%zu-byte pages: BAD_SECTOR is placed for pages up to %u",
		       page, MAX_PAGE);
	return page;
}

/*
 * The report of a verify over the bad sectors: with --direct exactly
 * them; without, through the page cache, the whole pages that hold them.
 */
static void expect_unreadable(struct __test_metadata *_metadata,
			      const char *dm, const char *args, bool direct)
{
	/* what one failed read takes down: a sector, or a page */
	size_t unit = direct ? 512 : page_size(_metadata);
	size_t from = BAD_SECTOR * 512 / unit * unit;
	size_t to = ((BAD_SECTOR + BAD_SECTORS) * 512 + unit - 1) / unit * unit;
	char want[128];

	snprintf(want, sizeof(want), "%zu %zu unreadable\n", from, to - from);
	ASSERT_EQ(1, run_verify(_metadata, dm, args));
	expect_report(_metadata, want);
}

TEST_F(eio, buffered_jobs_1)
{
	expect_unreadable(_metadata, self->dm, "--jobs 1", false);
}

TEST_F(eio, buffered_jobs_2)
{
	expect_unreadable(_metadata, self->dm, "--jobs 2", false);
}

TEST_F(eio, direct_jobs_1)
{
	expect_unreadable(_metadata, self->dm, "--jobs 1 --direct", true);
}

TEST_F(eio, direct_jobs_4)
{
	expect_unreadable(_metadata, self->dm, "--jobs 4 --direct", true);
}

/* A range around the bad sectors, from an odd offset. */
TEST_F(eio, offset_range)
{
	expect_unreadable(_metadata, self->dm,
			  "--offset 2000001 --bytes 300000", false);
}

/* The same device without the bad sectors in the range: all good. */
TEST_F(eio, range_before_the_bad_sectors)
{
	char cmd[256];

	ASSERT_EQ(0, BAD_SECTOR * 512 % page_size(_metadata))
		TH_LOG("the bad sectors do not start a page");
	snprintf(cmd, sizeof(cmd),
		 "philoxcat --seed %s --verify %s --bytes %u --report %s > %s 2>&1",
		 SEED, self->dm, BAD_SECTOR * 512, REPORT, OUTPUT);
	EXPECT_EQ(0, system(cmd));
	expect_report(_metadata, "");
}

TEST_HARNESS_MAIN
