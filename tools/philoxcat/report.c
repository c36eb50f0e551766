// SPDX-License-Identifier: GPL-2.0
/*
 * philoxcat's verify report. A bad block is classified by what it holds:
 * zeroes, one repeated byte, the pattern of another offset of the stream
 * (found by inverting Philox with the stream's key: the counter it came
 * from, if that counter lies in the range written with the stream's high
 * words), or anything else. Blocks are the stream's 32-byte blocks, in
 * its alignment; the partial blocks at the ends of a range can only be
 * zeroed, constant or corrupted.
 */
#include <stdlib.h>
#include <string.h>

#include "philox_inverse.h"
#include "report.h"

static const char * const class_names[BAD_CLASSES] = {
	"zeroed", "constant", "misplaced", "corrupted", "unreadable",
};

const char *bad_class_name(enum bad_class cls)
{
	return class_names[cls];
}

static int mergeable(const struct extent *x, uint64_t off,
		     enum bad_class cls, uint64_t detail)
{
	if (x->off + x->len != off || x->cls != cls)
		return 0;
	switch (cls) {
	case BAD_CONSTANT:
		return x->detail == detail;
	case BAD_MISPLACED:
		return x->detail + x->len == detail;
	default:
		return 1;
	}
}

int extents_add(struct extents *e, uint64_t off, uint64_t len,
		enum bad_class cls, uint64_t detail)
{
	struct extent *x = e->n ? &e->v[e->n - 1] : NULL;

	if (!len)
		return 0;
	if (x && mergeable(x, off, cls, detail)) {
		x->len += len;
		if (cls == BAD_CORRUPTED)
			x->detail += detail;
		return 0;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 64;
		struct extent *v = realloc(e->v, cap * sizeof(*v));

		if (!v)
			return -1;
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n++] = (struct extent){ off, len, cls, detail };
	return 0;
}

int extents_append(struct extents *dst, const struct extents *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		const struct extent *x = &src->v[i];

		if (extents_add(dst, x->off, x->len, x->cls, x->detail))
			return -1;
	}
	return 0;
}

void extents_free(struct extents *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/*
 * The stream offset whose block is this one, if it is a block of the
 * range written: invert, subtract the first counter, and require the
 * difference to be a block index inside [start, end).
 */
static int source_of(const struct stream_ref *s, const unsigned char *got,
		     uint64_t *src)
{
	uint64_t w[4], ctr[4], d[4], borrow = 0, block;
	int i;

	philox_load_block(got, w);
	philox4x64_10_inverse(s->key, w, ctr);
	for (i = 0; i < 4; i++) {
		uint64_t a = ctr[i], b = s->first[i];

		d[i] = a - b - borrow;
		borrow = a < b || (a == b && borrow);
	}
	if (d[1] || d[2] || d[3] || d[0] >= (UINT64_MAX >> 5))
		return 0;
	block = d[0] * PHILOX_BLOCK;
	if (block < s->start || block > s->end ||
	    s->end - block < PHILOX_BLOCK)
		return 0;
	*src = block;
	return 1;
}

/* One bad piece of a block: [off, off + len), within one block. */
static int classify_piece(const struct stream_ref *s, uint64_t off,
			  const unsigned char *got, const unsigned char *want,
			  size_t len, struct extents *e)
{
	uint64_t src, differ = 0;
	size_t i;

	for (i = 1; i < len && got[i] == got[0]; i++)
		;
	if (i == len)
		return extents_add(e, off, len, got[0] ? BAD_CONSTANT :
				   BAD_ZEROED, got[0]);
	if (len == PHILOX_BLOCK && source_of(s, got, &src))
		return extents_add(e, off, len, BAD_MISPLACED, src);
	for (i = 0; i < len; i++)
		differ += got[i] != want[i];
	return extents_add(e, off, len, BAD_CORRUPTED, differ);
}

int classify(const struct stream_ref *s, uint64_t off,
	     const unsigned char *got, const unsigned char *want, size_t len,
	     struct extents *e)
{
	size_t done = 0;

	while (done < len) {
		uint64_t at = off + done;
		size_t n = PHILOX_BLOCK - at % PHILOX_BLOCK;

		if (n > len - done)
			n = len - done;
		if (memcmp(got + done, want + done, n) &&
		    classify_piece(s, at, got + done, want + done, n, e))
			return -1;
		done += n;
	}
	return 0;
}

int write_report(FILE *f, const struct extents *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		const struct extent *x = &e->v[i];

		fprintf(f, "%llu %llu %s", (unsigned long long)x->off,
			(unsigned long long)x->len, class_names[x->cls]);
		if (x->cls == BAD_CONSTANT)
			fprintf(f, " 0x%02x", (unsigned int)x->detail);
		else if (x->cls == BAD_MISPLACED || x->cls == BAD_CORRUPTED)
			fprintf(f, " %llu", (unsigned long long)x->detail);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}

int write_badblocks(FILE *f, const struct extents *e, uint64_t block_size)
{
	uint64_t next = 0;	/* the first block not yet written */
	size_t i;

	for (i = 0; i < e->n; i++) {
		uint64_t b = e->v[i].off / block_size;
		uint64_t last = (e->v[i].off + e->v[i].len - 1) / block_size;

		if (b < next)
			b = next;
		for (; b <= last; b++)
			fprintf(f, "%llu\n", (unsigned long long)b);
		if (last + 1 > next)
			next = last + 1;
	}
	return ferror(f) ? -1 : 0;
}

void write_summary(FILE *f, const char *prefix, const struct extents *e)
{
	uint64_t bytes[BAD_CLASSES] = { 0 }, count[BAD_CLASSES] = { 0 };
	size_t i;
	int c;

	for (i = 0; i < e->n; i++) {
		bytes[e->v[i].cls] += e->v[i].len;
		count[e->v[i].cls]++;
	}
	for (c = 0; c < BAD_CLASSES; c++)
		fprintf(f, "%s%-10s %llu bytes in %llu extent%s\n", prefix,
			class_names[c], (unsigned long long)bytes[c],
			(unsigned long long)count[c], count[c] == 1 ? "" : "s");
}
