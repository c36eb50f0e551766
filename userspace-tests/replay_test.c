// SPDX-License-Identifier: GPL-2.0
/*
 * Replay the random scripts of gen-expected.py (replay-N.txt) on one open
 * file each: a few hundred ioctls (all but RESEED, errors included) and
 * reads of random sizes, with every result as NumPy's model of the device
 * says. The bytes reads must return are in replay-N.bin.
 *
 * One check per script; a failure names the first op that went wrong,
 * since after it the file's state is no longer the model's.
 */

#include "philox_test.h"

#define MAX_WORDS	(4 + PHILOX_SEED_MAX_WORDS + PHILOX_SPAWN_MAX_WORDS)

struct op {
	char name[16];
	int err;		/* expected errno, 0 for success */
	__u64 w[MAX_WORDS];
	int n;			/* words in w */
};

/* Split one script line; returns 0 if it is not well formed. */
static int parse_op(const char *line, struct op *op)
{
	const char *p = line;
	char err[16];
	size_t len;

	len = strcspn(p, "\n ");
	if (!len || len >= sizeof(op->name))
		return 0;
	memcpy(op->name, p, len);
	op->name[len] = '\0';
	p += len;
	op->err = 0;
	if (strcmp(op->name, "read")) {
		while (*p == ' ')
			p++;
		len = strcspn(p, "\n ");
		if (!len || len >= sizeof(err))
			return 0;
		memcpy(err, p, len);
		err[len] = '\0';
		op->err = errno_parse(err);
		if (op->err < 0)
			return 0;
		p += len;
	}
	op->n = parse_words(p, op->w, MAX_WORDS, &p);
	return *p == '\n' || !*p;
}

/* Words of a key, a counter or a state, as the ioctl wants them. */
static int need(const struct op *op, int n)
{
	if (op->n == n)
		return 1;
	t_note("%s: %d words, want %d", op->name, op->n, n);
	return 0;
}

/* Run one op; notes say what differs. Returns 0 on a mismatch. */
static int run_op(int fd, const struct op *op, const __u8 *bin, size_t binlen,
		  __u8 *buf, size_t buflen, size_t *nread)
{
	struct philox_seed seed, want;
	struct philox_counter c;
	struct philox_state s;
	struct philox_key k;
	const char *name = op->name;
	int err;

	if (!strcmp(name, "read")) {
		size_t len = op->w[0], off = op->w[1];

		if (op->n != 2 || len > buflen || off > binlen ||
		    len > binlen - off) {
			t_note("read: bad op");
			return 0;
		}
		*nread += len;
		return t_read(fd, buf, len, "read") &&
		       t_expect_mem(buf, bin + off, len, "read");
	}
	if (!strcmp(name, "seed")) {
		if (words_to_seed(&seed, op->w, op->n, 1) != op->n) {
			t_note("seed: bad op");
			return 0;
		}
		return t_expect_err(pio(fd, PHILOX_IOC_SEED, &seed), op->err,
				    name);
	}
	if (!strcmp(name, "get_seed") || !strcmp(name, "spawn")) {
		unsigned long cmd = strcmp(name, "spawn") ?
			PHILOX_IOC_GET_SEED : PHILOX_IOC_SPAWN;

		err = pio(fd, cmd, &seed);
		if (!t_expect_err(err, op->err, name))
			return 0;
		if (err)
			return 1;
		if (words_to_seed(&want, op->w, op->n, 0) != op->n) {
			t_note("%s: bad op", name);
			return 0;
		}
		return t_expect_seed(&seed, &want, name);
	}
	if (!strcmp(name, "get_key")) {
		if (!need(op, 2))
			return 0;
		memcpy(k.key, op->w, sizeof(k.key));
		return t_expect_get_key(fd, &k, name);
	}
	if (!strcmp(name, "set_key")) {
		if (!need(op, 2))
			return 0;
		memcpy(k.key, op->w, sizeof(k.key));
		return t_expect_err(pio(fd, PHILOX_IOC_SET_KEY, &k), op->err,
				    name);
	}
	if (!strcmp(name, "get_counter")) {
		if (!need(op, 4))
			return 0;
		words_to_counter(&c, op->w);
		return t_expect_get_counter(fd, &c, name);
	}
	if (!strcmp(name, "set_counter") || !strcmp(name, "advance")) {
		unsigned long cmd = strcmp(name, "advance") ?
			PHILOX_IOC_SET_COUNTER : PHILOX_IOC_ADVANCE;

		if (!need(op, 4))
			return 0;
		words_to_counter(&c, op->w);
		return t_expect_err(pio(fd, cmd, &c), op->err, name);
	}
	if (!strcmp(name, "jump")) {
		__u64 n = op->w[0];

		if (!need(op, 1))
			return 0;
		return t_expect_err(pio(fd, PHILOX_IOC_JUMP, &n), op->err,
				    name);
	}
	if (!strcmp(name, "get_state")) {
		if (!need(op, 8))
			return 0;
		words_to_state(&s, op->w);
		return t_expect_get_state(fd, &s, name);
	}
	if (!strcmp(name, "set_state")) {
		if (!need(op, 8))
			return 0;
		words_to_state(&s, op->w);
		return t_expect_err(pio(fd, PHILOX_IOC_SET_STATE, &s), op->err,
				    name);
	}
	t_note("unknown op %s", name);
	return 0;
}

static void run_script(int index)
{
	char txtname[32], binname[32];
	size_t binlen, nread = 0, buflen = 1 << 20;
	struct tdata txt;
	const char *line;
	int fd, nops = 0, lineno = 0;
	__u8 *bin, *buf;

	snprintf(txtname, sizeof(txtname), "replay-%d.txt", index);
	snprintf(binname, sizeof(binname), "replay-%d.bin", index);
	tdata_load(&txt, txtname);
	bin = load_file(binname, &binlen);
	buf = malloc(buflen);
	if (!buf)
		t_bail("out of memory");
	fd = dev_open();
	for (line = txt.text; *line; line = strchr(line, '\n') + 1) {
		struct op op;

		lineno++;
		if (!parse_op(line, &op)) {
			t_note("%s line %d: cannot parse", txtname, lineno);
			break;
		}
		nops++;
		if (!run_op(fd, &op, bin, binlen, buf, buflen, &nread)) {
			int len = strcspn(line, "\n");

			t_note("at %s line %d: %.*s", txtname, lineno,
			       len < 120 ? len : 120, line);
			break;
		}
		if (!strchr(line, '\n'))
			break;
	}
	close(fd);
	free(buf);
	free(bin);
	free(txt.text);
	t_done("script %d: %d ops, %zu bytes read, all as NumPy's model", index,
	       nops, nread);
}

int main(void)
{
	struct tdata index;
	int i, n;

	t_init("replay_test");
	tdata_load(&index, "replay-index.txt");
	n = tdata_word(&index, "scripts");
	if (n <= 0)
		t_bail("replay-index.txt: no scripts");
	for (i = 0; i < n; i++)
		run_script(i);
	return t_exit();
}
