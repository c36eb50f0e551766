/* SPDX-License-Identifier: GPL-2.0 */
/*
 * philoxcat's verify report: what each bad 32-byte block of the stream
 * holds, and the extents they merge into.
 */
#ifndef PHILOXCAT_REPORT_H
#define PHILOXCAT_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum bad_class {
	BAD_ZEROED,	/* every byte 0 */
	BAD_CONSTANT,	/* one byte other than 0, repeated; detail: it */
	BAD_MISPLACED,	/* another offset's pattern; detail: that offset */
	BAD_CORRUPTED,	/* anything else; detail: bytes that differ */
	BAD_UNREADABLE,	/* EIO, or past the end of the target */
	BAD_CLASSES
};

struct extent {
	uint64_t off, len;
	enum bad_class cls;
	uint64_t detail;
};

/* A growing array of extents, in order of offset. */
struct extents {
	struct extent *v;
	size_t n, cap;
};

/* The stream being verified: which counter each offset has. */
struct stream_ref {
	uint64_t key[2];
	uint64_t first[4];	/* the counter of the block at offset 0 */
	uint64_t start, end;	/* the range written: [start, end) */
};

/*
 * Add an extent after the last one, merged into it where the rules allow:
 * the same class, contiguous, and for misplaced blocks contiguous sources;
 * constant ones of the same byte; corrupted ones add their counts.
 * Returns 0, or -1 if out of memory.
 */
int extents_add(struct extents *e, uint64_t off, uint64_t len,
		enum bad_class cls, uint64_t detail);

/* Append src's extents to dst (merged as extents_add does). */
int extents_append(struct extents *dst, const struct extents *src);
void extents_free(struct extents *e);

/*
 * Classify len bytes at stream offset off that were read as got and
 * should be want, block by block in the stream's 32-byte alignment, and
 * add the bad ones to e. Returns 0 or -1 (out of memory).
 */
int classify(const struct stream_ref *s, uint64_t off,
	     const unsigned char *got, const unsigned char *want, size_t len,
	     struct extents *e);

const char *bad_class_name(enum bad_class cls);

/* The report's lines, "OFFSET LENGTH CLASS [DETAIL]". */
int write_report(FILE *f, const struct extents *e);
/* The numbers of the block_size blocks that hold a bad extent. */
int write_badblocks(FILE *f, const struct extents *e, uint64_t block_size);
/* On f, the bytes and extents of each class, each line after prefix. */
void write_summary(FILE *f, const char *prefix, const struct extents *e);

#endif /* PHILOXCAT_REPORT_H */
