/* SPDX-License-Identifier: GPL-2.0 */
/*
 * philoxcat for disks: --offset, --jobs, --direct, --output, --report,
 * --badblocks and --block-size (disk.c), and what disk.c takes from
 * philoxcat.c.
 */
#ifndef PHILOXCAT_DISK_H
#define PHILOXCAT_DISK_H

#include <stdio.h>
#include <linux/types.h>

struct disk_opts {
	int active;		/* any of the options below was given */
	int have_offset;
	__u64 offset;
	unsigned int jobs;	/* 0: 1 */
	int direct;
	const char *output;	/* NULL: standard output */
	const char *report;
	const char *badblocks;
	__u64 block_size;	/* 0: 1024, as badblocks(8) */
};

enum {
	OPT_DISK_OFFSET = 0x400, OPT_DISK_JOBS, OPT_DISK_DIRECT,
	OPT_DISK_OUTPUT, OPT_DISK_REPORT, OPT_DISK_BADBLOCKS,
	OPT_DISK_BLOCK_SIZE,
};

/* Their lines of --help. */
#define DISK_HELP \
	"Disks (offsets are the stream's and the target's alike):\n" \
	"  --output FILE       write to FILE (created, never truncated) instead\n" \
	"                      of standard output\n" \
	"  --offset B          start at stream byte B, and at byte B of the\n" \
	"                      target; --bytes then counts from B\n" \
	"  --jobs N            N parallel parts, each its own open of the device\n" \
	"  --direct            O_DIRECT on the target (offset and size aligned)\n" \
	"  --report FILE       with --verify: every bad extent, one per line,\n" \
	"                      OFFSET LENGTH CLASS [DETAIL] (classes zeroed,\n" \
	"                      constant, misplaced, corrupted, unreadable)\n" \
	"  --badblocks FILE    with --verify: the numbers of the bad blocks\n" \
	"  --block-size B      their size (default 1024, as badblocks(8))\n" \
	"  Interrupted (SIGINT, SIGTERM), these print the command that resumes.\n" \
	"\n"

/* What philoxcat asked for, and how to open more streams like its own. */
struct disk_run {
	const struct disk_opts *d;
	const char *device;
	const char *verify;	/* NULL: write the stream */
	int have_bytes;
	__u64 bytes;
	int dev_fd;		/* the device, seeded, nothing read */
	int (*open_stream)(const void *ctx);	/* another one, the same */
	const void *ctx;
	int argc;
	char **argv;
};

/* One of the options above: 1 if it was, 0 if c is not one of them. */
int disk_option(int c, const char *arg, struct disk_opts *d);
/* The run; its exit status. */
int disk_run(const struct disk_run *r);

/* From philoxcat.c */
extern const char *prog;
void err_start(void);
__u64 parse_bytes(const char *opt, const char *arg);
void progress_total(__u64 total);
void progress_update(__u64 done, int final);
/* write_all()'s off for "where the file is": write(), not pwrite(). */
#define WRITE_HERE	((__u64)-1)
int write_all(int fd, const void *buf, size_t len, __u64 off, size_t *done);

#define disk_err(...) \
	do { \
		err_start(); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} while (0)

#endif /* PHILOXCAT_DISK_H */
