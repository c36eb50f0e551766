// SPDX-License-Identifier: GPL-2.0
/*
 * philoxcat: stream /dev/philox to standard output, seeded the way NumPy
 * seeds numpy.random.Philox, or check that a file holds such a stream.
 *
 * The device does all the arithmetic; this program only turns the
 * command line into ioctls (SEED, then SET_KEY, SET_COUNTER, ADVANCE and
 * JUMP, in that order) and copies bytes. Numbers on the command line are
 * the integers NumPy takes (SeedSequence(int), Philox(key=int,
 * counter=int), advance(int), jumped(int)), so that a stream written
 * here can be regenerated in NumPy, and the other way round.
 *
 * Exit status: 0 success, 1 --verify found a difference, 2 usage error,
 * 3 device or I/O error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/philox.h>

#include "disk.h"
#include "philoxcat_generator.h"

#define PHILOXCAT_VERSION	"1.0"
#define DEFAULT_DEVICE		"/dev/philox"
#define BUF_BYTES		(1024 * 1024)	/* per read() and write() */
#define PROGRESS_NS		250000000ll	/* between progress updates */

#define EXIT_MISMATCH	1
#define EXIT_USAGE	2
#define EXIT_IO		3

/* Words of 32 bits in the integers we parse (1024 bits for --seed). */
#define SEED_BITS	1024
#define BIG_WORDS	(SEED_BITS / 32)

const char *prog = "philoxcat";

struct opts {
	const char *device;
	int have_entropy;	/* --seed or --entropy */
	__u32 entropy[PHILOX_SEED_MAX_WORDS];
	unsigned int n_entropy;
	int have_spawn_key;
	__u32 spawn_key[PHILOX_SPAWN_MAX_WORDS];
	unsigned int n_spawn_key;
	unsigned int pool_size;	/* 0: not given */
	int have_key;
	struct philox_key key;
	int have_counter;
	struct philox_counter counter;
	int have_advance;
	struct philox_counter advance;
	int have_jump;
	__u64 jump;
	int have_bytes;
	__u64 bytes;
	int print_seed;
	const char *verify;	/* NULL: write the stream to stdout */
	int progress;		/* -1: if stderr is a terminal */
	struct disk_opts disk;	/* --offset, --jobs, ...: disk.c */
	struct generator_opts gen;	/* --random, ...: philoxcat_generator.c */
};

/* Progress on stderr: how far, and how fast. */
struct progress {
	int on;
	int shown;		/* a line is on the terminal, unfinished */
	__u64 total;		/* 0: unknown */
	struct timespec start;
	struct timespec last;
};

static struct progress progress;

static void usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
}

static noreturn void usage_error(void)
{
	usage_hint();
	exit(EXIT_USAGE);
}

static void print_help(void)
{
	printf("Usage: %s [OPTION]...\n"
	       "Write the stream of /dev/philox (Philox4x64-10, bit for bit NumPy's\n"
	       "numpy.random.Philox) to standard output, or compare a file with it.\n"
	       "Philox is NOT a cryptographic generator.\n"
	       "\n"
	       "Seeding (applied in this order; without any of them the device's\n"
	       "fresh seed from kernel entropy is used):\n"
	       "  --seed N            SeedSequence(N): N decimal or 0x-hex, < 2^1024\n"
	       "  --entropy W[,W...]  SeedSequence(numpy.array([W, ...], numpy.uint32))\n"
	       "  --spawn-key W[,W...]  the SeedSequence's spawn_key (32-bit words)\n"
	       "  --pool-size N       the SeedSequence's pool_size, 4 to 64\n"
	       "                      (--spawn-key or --pool-size alone reseed the\n"
	       "                      fresh entropy with them)\n"
	       "  --key K             Philox(key=K): K < 2^128, or K0,K1 as NumPy's\n"
	       "                      key array (K0 the low 64 bits)\n"
	       "  --counter C         Philox(counter=C): C < 2^256, or C0,C1,C2,C3\n"
	       "  --advance N         then advance(N), N < 2^256\n"
	       "  --jump N            then jumped(N), N < 2^64\n"
	       "\n"
	       GENERATOR_HELP
	       "\n"
	       "Output:\n"
	       "  --bytes N           write N bytes (suffixes K, M, G, T or KiB, MiB,\n"
	       "                      GiB, TiB: powers of 1024); default: until\n"
	       "                      standard output is closed\n"
	       "  --print-seed        print the Python expression that reproduces the\n"
	       "                      stream: to standard output with --bytes 0,\n"
	       "                      otherwise to standard error\n"
	       "  --verify FILE       compare FILE (- for standard input) with the\n"
	       "                      stream instead of writing it; with --bytes only\n"
	       "                      the first N bytes are compared and FILE must\n"
	       "                      have them\n"
	       "  --progress          show progress on standard error (default: only\n"
	       "                      if it is a terminal)\n"
	       "  --no-progress       never show progress\n"
	       "  --device PATH       read PATH instead of /dev/philox\n"
	       "  -h, --help          show this help and exit\n"
	       "  -V, --version       show the version and exit\n"
	       "\n"
	       DISK_HELP
	       "Exit status: 0 success (also when the reader of standard output goes\n"
	       "away), 1 --verify found a difference, 2 usage error, 3 device or I/O\n"
	       "error.\n"
	       "\n"
	       "Examples:\n"
	       "  %s --seed 42 --bytes 1G > /dev/sdX\n"
	       "  %s --seed 42 --bytes 1G --verify /dev/sdX\n"
	       "  %s --seed 42 --print-seed --bytes 0\n"
	       "See philoxcat(1) and philox(4).\n", prog, prog, prog, prog);
}

/* Start a message on stderr: "philoxcat: ", on a line of its own. */
void err_start(void)
{
	/* Finish a progress line first, so the message has its own. */
	if (progress.shown) {
		fputc('\n', stderr);
		progress.shown = 0;
	}
	fprintf(stderr, "%s: ", prog);
}

/* A message on stderr; a macro, so that every compiler checks the format. */
#define err_msg(...) \
	do { \
		err_start(); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} while (0)

/* Numbers */

static int digit_value(char c, unsigned int base)
{
	int d = -1;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	return d >= 0 && (unsigned int)d < base ? d : -1;
}

/*
 * Parse the decimal or 0x-hex integer that spans s to end (exclusive)
 * into the bits/32 words w[], least significant first, as NumPy splits an
 * int. Returns 0, -EINVAL if it is not such a number, -ERANGE if it does
 * not fit in bits.
 */
static int parse_uint_words(const char *s, const char *end, __u32 *w,
			    unsigned int bits)
{
	unsigned int nwords = (bits + 31) / 32, base = 10, i;
	int digits = 0;

	memset(w, 0, nwords * sizeof(*w));
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; s < end; s++) {
		int d = digit_value(*s, base);
		__u64 carry;

		if (d < 0)
			return -EINVAL;
		carry = d;
		for (i = 0; i < nwords; i++) {
			__u64 v = (__u64)w[i] * base + carry;

			w[i] = (__u32)v;
			carry = v >> 32;
		}
		if (carry)
			return -ERANGE;
		digits++;
	}
	if (!digits)
		return -EINVAL;
	/* bits need not be a multiple of 32 */
	if (bits % 32 && w[nwords - 1] >> (bits % 32))
		return -ERANGE;
	return 0;
}

/* The number of significant words; 1 for zero, as NumPy has it. */
static unsigned int used_words(const __u32 *w, unsigned int nwords)
{
	while (nwords > 1 && !w[nwords - 1])
		nwords--;
	return nwords;
}

static noreturn void bad_number(const char *opt, const char *arg, int err,
				const char *what)
{
	if (err == -ERANGE)
		err_msg("%s: '%s' is too large: want %s", opt, arg, what);
	else
		err_msg("%s: '%s' is not %s", opt, arg, what);
	usage_error();
}

/* One integer that fits in the given bits, as an option's whole argument. */
static void parse_uint_arg(const char *opt, const char *arg, __u32 *w,
			   unsigned int bits, const char *what)
{
	int err = parse_uint_words(arg, arg + strlen(arg), w, bits);

	if (err)
		bad_number(opt, arg, err, what);
}

static __u64 words_u64(const __u32 *w, unsigned int i)
{
	return (__u64)w[2 * i] | (__u64)w[2 * i + 1] << 32;
}

/*
 * A comma-separated list of at most max integers, each of the given bits
 * (32 or 64), into out (as __u64). Returns how many.
 */
static unsigned int parse_list(const char *opt, const char *arg, __u64 *out,
			       unsigned int max, unsigned int bits,
			       const char *what)
{
	const char *s = arg;
	unsigned int n = 0;

	for (;;) {
		const char *end = strchr(s, ',');
		__u32 w[2];
		int err;

		if (!end)
			end = s + strlen(s);
		if (n == max) {
			err_msg("%s: '%s' has more than %u words", opt, arg, max);
			usage_error();
		}
		err = parse_uint_words(s, end, w, bits);
		if (err)
			bad_number(opt, arg, err, what);
		out[n++] = bits > 32 ? words_u64(w, 0) : w[0];
		if (!*end)
			return n;
		s = end + 1;
	}
}

static void parse_u32_list(const char *opt, const char *arg, __u32 *out,
			   unsigned int *n, unsigned int max)
{
	__u64 w[PHILOX_SEED_MAX_WORDS];
	unsigned int i;

	*n = parse_list(opt, arg, w, max, 32, "decimal or 0x-hex words < 2^32, comma-separated");
	for (i = 0; i < *n; i++)
		out[i] = w[i];
}

/*
 * --key and --counter: one integer (word 0 its low 64 bits, as NumPy's
 * key=int and counter=int) or exactly nwords comma-separated 64-bit words
 * in NumPy's array order.
 */
static void parse_words_arg(const char *opt, const char *arg, __u64 *out,
			    unsigned int nwords)
{
	char what[128];
	__u32 w[8];
	unsigned int i;

	if (strchr(arg, ',')) {
		snprintf(what, sizeof(what),
			 "%u comma-separated decimal or 0x-hex words < 2^64",
			 nwords);
		if (parse_list(opt, arg, out, nwords, 64, what) != nwords) {
			err_msg("%s: '%s' is not %u words", opt, arg, nwords);
			usage_error();
		}
		return;
	}
	snprintf(what, sizeof(what), "a decimal or 0x-hex integer < 2^%u",
		 nwords * 64);
	parse_uint_arg(opt, arg, w, nwords * 64, what);
	for (i = 0; i < nwords; i++)
		out[i] = words_u64(w, i);
}

/* --bytes: a count with an optional binary suffix. */
__u64 parse_bytes(const char *opt, const char *arg)
{
	static const char * const suffixes[][2] = {
		{ "K", "KiB" }, { "M", "MiB" }, { "G", "GiB" }, { "T", "TiB" },
	};
	const char *end = arg;
	unsigned int i, shift = 0;
	__u32 w[2];
	__u64 n;
	int err;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		end += 2;
		while (digit_value(*end, 16) >= 0)
			end++;
	} else {
		while (digit_value(*end, 10) >= 0)
			end++;
	}
	if (*end) {
		for (i = 0; i < 4; i++)
			if (!strcmp(end, suffixes[i][0]) ||
			    !strcmp(end, suffixes[i][1]))
				shift = 10 * (i + 1);
		if (!shift) {
			err_msg("%s: '%s' is not a byte count (a number, %s)",
				opt, arg,
				"optionally followed by K, M, G, T, KiB, MiB, GiB or TiB");
			usage_error();
		}
	}
	err = parse_uint_words(arg, end, w, 64);
	if (err)
		bad_number(opt, arg, err, "a decimal or 0x-hex count < 2^64");
	n = words_u64(w, 0);
	if (shift && n > ~0ull >> shift) {
		err_msg("%s: '%s' is too large: want fewer than 2^64 bytes",
			opt, arg);
		usage_error();
	}
	return n << shift;
}

/* Progress */

static long long elapsed_ns(const struct timespec *from,
			    const struct timespec *to)
{
	return (to->tv_sec - from->tv_sec) * 1000000000ll +
	       (to->tv_nsec - from->tv_nsec);
}

static void format_bytes(char *buf, size_t len, __u64 n)
{
	static const char * const units[] = { "KiB", "MiB", "GiB", "TiB",
					      "PiB", "EiB" };
	double v = n;
	int u = -1;

	if (n < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)n);
		return;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
}

static void progress_start(const struct opts *o)
{
	progress.on = o->progress < 0 ? isatty(STDERR_FILENO) : o->progress;
	/* Nothing to show for --bytes 0, as with --print-seed alone. */
	if (o->have_bytes && !o->bytes)
		progress.on = 0;
	progress.total = o->have_bytes ? o->bytes : 0;
	clock_gettime(CLOCK_MONOTONIC, &progress.start);
	progress.last = progress.start;
}

/* The total of the progress line, once disk.c knows it. */
void progress_total(__u64 total)
{
	progress.total = total;
}

/* Redraw the line at most every PROGRESS_NS, or now if final. */
void progress_update(__u64 done, int final)
{
	struct timespec now;
	char d[32], t[32];
	long long ns;
	double rate;

	if (!progress.on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!final && elapsed_ns(&progress.last, &now) < PROGRESS_NS)
		return;
	progress.last = now;
	ns = elapsed_ns(&progress.start, &now);
	rate = ns > 0 ? done / (ns / 1e9) / 1e6 : 0;
	format_bytes(d, sizeof(d), done);
	/* Before the line: a signal in between then ends it on a new line. */
	progress.shown = 1;
	if (progress.total) {
		format_bytes(t, sizeof(t), progress.total);
		fprintf(stderr, "\r%s: %s of %s (%3.0f%%), %.1f MB/s\033[K", prog,
			d, t, 100.0 * done / progress.total, rate);
	} else {
		fprintf(stderr, "\r%s: %s, %.1f MB/s\033[K", prog, d, rate);
	}
	if (final) {
		fputc('\n', stderr);
		progress.shown = 0;
	}
}

/*
 * With a progress line on the terminal, an interrupt should leave the
 * cursor on a fresh line. Both signals are blocked while the handler runs
 * (a second one, as timeout(1) sends to the process group, waits), and
 * raising the signal again with the default action ends the program as it
 * would have ended.
 */
static void on_signal(int sig)
{
	struct sigaction dfl;

	if (progress.shown && write(STDERR_FILENO, "\n", 1) == 1)
		progress.shown = 0;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 2; i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < 2; i++) {
		/* A signal ignored by whoever started us stays ignored. */
		if (sigaction(sigs[i], NULL, &old) || old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* I/O */

static void *alloc_buf(void)
{
	void *p;

	if (posix_memalign(&p, 4096, BUF_BYTES)) {
		err_msg("out of memory");
		exit(EXIT_IO);
	}
	return p;
}

/* Open the device, saying what to do if it is not there. */
static int open_device(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;

		err_msg("%s: %s%s", path, strerror(e),
			e == ENOENT || e == ENODEV || e == ENXIO ?
			" (is the module loaded? try: sudo modprobe philox)" :
			"");
		exit(EXIT_IO);
	}
	return fd;
}

static void xioctl(int fd, const char *path, unsigned long cmd,
		   const char *name, void *arg)
{
	if (ioctl(fd, cmd, arg)) {
		err_msg("%s: %s: %s", path, name, strerror(errno));
		exit(EXIT_IO);
	}
}

/*
 * Fill buf from the device. A read interrupted by a signal returns what
 * it had; the rest is simply asked for again.
 */
static void read_device(int fd, const char *path, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_msg("%s: read: %s", path,
				n ? strerror(errno) : "unexpected end of file");
			exit(EXIT_IO);
		}
		done += n;
	}
}

/*
 * Read up to len bytes of a file, stopping early only at its end. Returns
 * how many.
 */
static size_t read_file(int fd, const char *name, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_msg("%s: read: %s", name, strerror(errno));
			exit(EXIT_IO);
		}
		if (!n)
			break;
		done += n;
	}
	return done;
}

/*
 * Write all of buf, however many calls it takes: with pwrite() at off, or
 * with write() where the file is when off is WRITE_HERE. 0 or -errno, and
 * in *done how much was written.
 */
int write_all(int fd, const void *buf, size_t len, __u64 off, size_t *done)
{
	*done = 0;
	while (*done < len) {
		const char *from = (const char *)buf + *done;
		ssize_t n = off == WRITE_HERE ?
			write(fd, from, len - *done) :
			pwrite(fd, from, len - *done, off + *done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -EIO;
		*done += n;
	}
	return 0;
}

/* Setting the device up */

/* The SeedSequence of the options; the fresh entropy if none was given. */
static void apply_seed(int fd, const struct opts *o)
{
	struct philox_seed seed;

	memset(&seed, 0, sizeof(seed));
	if (o->have_entropy) {
		memcpy(seed.entropy, o->entropy,
		       o->n_entropy * sizeof(o->entropy[0]));
		seed.n_entropy = o->n_entropy;
	} else {
		/* A fresh file: four words of kernel entropy, no spawn key. */
		xioctl(fd, o->device, PHILOX_IOC_GET_SEED,
		       "PHILOX_IOC_GET_SEED", &seed);
		seed.n_children_spawned = 0;
	}
	memcpy(seed.spawn_key, o->spawn_key,
	       o->n_spawn_key * sizeof(o->spawn_key[0]));
	seed.n_spawn_key = o->n_spawn_key;
	seed.pool_size = o->pool_size ? o->pool_size : 4;
	xioctl(fd, o->device, PHILOX_IOC_SEED, "PHILOX_IOC_SEED", &seed);
}

static void setup(int fd, const struct opts *o)
{
	if (o->have_entropy || o->have_spawn_key || o->pool_size)
		apply_seed(fd, o);
	if (o->have_key)
		xioctl(fd, o->device, PHILOX_IOC_SET_KEY, "PHILOX_IOC_SET_KEY",
		       (void *)&o->key);
	if (o->have_counter)
		xioctl(fd, o->device, PHILOX_IOC_SET_COUNTER,
		       "PHILOX_IOC_SET_COUNTER", (void *)&o->counter);
	if (o->have_advance)
		xioctl(fd, o->device, PHILOX_IOC_ADVANCE, "PHILOX_IOC_ADVANCE",
		       (void *)&o->advance);
	if (o->have_jump)
		xioctl(fd, o->device, PHILOX_IOC_JUMP, "PHILOX_IOC_JUMP",
		       (void *)&o->jump);
}

/* Print a 64-bit-word integer as Python hex, without leading zeros. */
static void print_hex_words(FILE *f, const __u64 *w, int n)
{
	int i = n - 1;

	while (i > 0 && !w[i])
		i--;
	fprintf(f, "0x%llx", (unsigned long long)w[i]);
	while (--i >= 0)
		fprintf(f, "%016llx", (unsigned long long)w[i]);
}

/*
 * The Python expression of the device's current stream: the SeedSequence
 * behind the key if it has one (and the counter if it moved), else the key
 * and counter. The entropy is written as a uint32 array because NumPy
 * folds an int's leading zero words away, which changes the stream once a
 * spawn key pads the entropy.
 */
static void print_seed(int fd, const struct opts *o, FILE *f)
{
	struct philox_state state;
	struct philox_seed seed;
	int have_seed = 1, moved;
	unsigned int i;

	xioctl(fd, o->device, PHILOX_IOC_GET_STATE, "PHILOX_IOC_GET_STATE",
	       &state);
	if (ioctl(fd, PHILOX_IOC_GET_SEED, &seed)) {
		if (errno != ENODATA) {
			err_msg("%s: PHILOX_IOC_GET_SEED: %s", o->device,
				strerror(errno));
			exit(EXIT_IO);
		}
		have_seed = 0;	/* a key was set: no SeedSequence */
	}
	/* Nothing has been read, so nothing is buffered: NumPy's state. */
	if (state.buffer_pos != PHILOX_BLOCK_BYTES) {
		err_msg("%s: a block is buffered (buffer_pos %u)", o->device,
			state.buffer_pos);
		exit(EXIT_IO);
	}
	moved = state.counter[0] || state.counter[1] || state.counter[2] ||
		state.counter[3];
	/* With --random and the like, the Generator that draws them. */
	fprintf(f, "%snumpy.random.Philox(",
		o->gen.mode ? "numpy.random.Generator(" : "");
	if (have_seed) {
		fprintf(f, "numpy.random.SeedSequence(numpy.array([");
		for (i = 0; i < seed.n_entropy && i < PHILOX_SEED_MAX_WORDS; i++)
			fprintf(f, "%s%u", i ? ", " : "", seed.entropy[i]);
		fprintf(f, "], dtype=numpy.uint32)");
		if (seed.n_spawn_key) {
			fprintf(f, ", spawn_key=(");
			for (i = 0; i < seed.n_spawn_key &&
			     i < PHILOX_SPAWN_MAX_WORDS; i++)
				fprintf(f, "%s%u", i ? ", " : "",
					seed.spawn_key[i]);
			fprintf(f, "%s)", seed.n_spawn_key == 1 ? "," : "");
		}
		if (seed.pool_size && seed.pool_size != 4)
			fprintf(f, ", pool_size=%u", seed.pool_size);
		fprintf(f, ")");
	} else {
		fprintf(f, "key=");
		print_hex_words(f, state.key, 2);
	}
	if (moved) {
		fprintf(f, ", counter=");
		print_hex_words(f, state.counter, 4);
	}
	fprintf(f, ")%s\n", o->gen.mode ? ")" : "");
	if (fflush(f) || ferror(f)) {
		err_msg("%s: %s", f == stdout ? "standard output" :
			"standard error", strerror(errno));
		exit(EXIT_IO);
	}
}

/* The work */

static int stream(int fd, const struct opts *o)
{
	void *buf = alloc_buf();
	__u64 done = 0;

	while (!o->have_bytes || done < o->bytes) {
		size_t n = BUF_BYTES, written;
		int err;

		if (o->have_bytes && o->bytes - done < n)
			n = o->bytes - done;
		read_device(fd, o->device, buf, n);
		err = write_all(STDOUT_FILENO, buf, n, WRITE_HERE, &written);
		done += written;
		if (err == -EPIPE) {
			/* The reader has all it wanted, as with cat | head. */
			progress_update(done, 1);
			free(buf);
			return 0;
		}
		if (err) {
			/* How far it got tells how much of a disk was written. */
			err_msg("standard output: %s (after %llu bytes)",
				strerror(-err), (unsigned long long)done);
			exit(EXIT_IO);
		}
		progress_update(done, 0);
	}
	progress_update(done, 1);
	free(buf);
	return 0;
}

static int verify(int fd, const struct opts *o)
{
	const char *name = o->verify;
	void *want = alloc_buf(), *got = alloc_buf();
	__u64 done = 0;
	int in;

	if (!strcmp(name, "-")) {
		in = STDIN_FILENO;
	} else {
		in = open(name, O_RDONLY | O_CLOEXEC);
		if (in < 0) {
			err_msg("%s: %s", name, strerror(errno));
			exit(EXIT_IO);
		}
	}
	while (!o->have_bytes || done < o->bytes) {
		size_t n = BUF_BYTES, have, i;

		if (o->have_bytes && o->bytes - done < n)
			n = o->bytes - done;
		have = read_file(in, name, got, n);
		if (!have)
			break;
		read_device(fd, o->device, want, have);
		if (memcmp(got, want, have)) {
			for (i = 0; ((char *)got)[i] == ((char *)want)[i]; i++)
				;
			progress_update(done + i, 1);
			printf("%s: %s: first difference at byte %llu\n", prog,
			       name, (unsigned long long)(done + i));
			return EXIT_MISMATCH;
		}
		done += have;
		progress_update(done, 0);
		if (have < n)
			break;
	}
	progress_update(done, 1);
	if (o->have_bytes && done < o->bytes) {
		printf("%s: %s: first difference at byte %llu (end of file)\n",
		       prog, name, (unsigned long long)done);
		return EXIT_MISMATCH;
	}
	printf("%s: %s: %llu bytes match\n", prog, name,
	       (unsigned long long)done);
	if (in != STDIN_FILENO)
		close(in);
	free(want);
	free(got);
	return 0;
}

/* Another open file of the device with the same stream, for --jobs. */
static int open_seeded(const void *ctx)
{
	const struct opts *o = ctx;
	int fd = open_device(o->device);

	setup(fd, o);
	return fd;
}

/* The command line */

enum {
	OPT_SEED = 256, OPT_ENTROPY, OPT_SPAWN_KEY, OPT_POOL_SIZE, OPT_KEY,
	OPT_COUNTER, OPT_ADVANCE, OPT_JUMP, OPT_BYTES, OPT_PRINT_SEED,
	OPT_VERIFY, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_DEVICE,
};

static const struct option long_options[] = {
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "entropy", required_argument, NULL, OPT_ENTROPY },
	{ "spawn-key", required_argument, NULL, OPT_SPAWN_KEY },
	{ "pool-size", required_argument, NULL, OPT_POOL_SIZE },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "counter", required_argument, NULL, OPT_COUNTER },
	{ "advance", required_argument, NULL, OPT_ADVANCE },
	{ "jump", required_argument, NULL, OPT_JUMP },
	{ "bytes", required_argument, NULL, OPT_BYTES },
	{ "print-seed", no_argument, NULL, OPT_PRINT_SEED },
	{ "verify", required_argument, NULL, OPT_VERIFY },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "offset", required_argument, NULL, OPT_DISK_OFFSET },
	{ "jobs", required_argument, NULL, OPT_DISK_JOBS },
	{ "direct", no_argument, NULL, OPT_DISK_DIRECT },
	{ "output", required_argument, NULL, OPT_DISK_OUTPUT },
	{ "report", required_argument, NULL, OPT_DISK_REPORT },
	{ "badblocks", required_argument, NULL, OPT_DISK_BADBLOCKS },
	{ "block-size", required_argument, NULL, OPT_DISK_BLOCK_SIZE },
	{ "random", required_argument, NULL, OPT_GEN_RANDOM },
	{ "integers", required_argument, NULL, OPT_GEN_INTEGERS },
	{ "low", required_argument, NULL, OPT_GEN_LOW },
	{ "high", required_argument, NULL, OPT_GEN_HIGH },
	{ "dtype", required_argument, NULL, OPT_GEN_DTYPE },
	{ "endpoint", no_argument, NULL, OPT_GEN_ENDPOINT },
	{ "permutation", required_argument, NULL, OPT_GEN_PERMUTATION },
	{ "shuffle", no_argument, NULL, OPT_GEN_SHUFFLE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Where the entropy came from: --seed and --entropy exclude each other. */
enum { ENTROPY_NONE, ENTROPY_SEED, ENTROPY_LIST };

/* --seed, --entropy, --spawn-key, --pool-size: the SeedSequence. */
static int parse_seed_option(int c, const char *arg, struct opts *o,
			     int *entropy_from)
{
	__u32 w[BIG_WORDS];
	int from = c == OPT_SEED ? ENTROPY_SEED : ENTROPY_LIST;

	switch (c) {
	case OPT_SEED:
		parse_uint_arg("--seed", arg, w, SEED_BITS,
			       "a decimal or 0x-hex integer < 2^1024");
		o->n_entropy = used_words(w, BIG_WORDS);
		memcpy(o->entropy, w, o->n_entropy * sizeof(w[0]));
		break;
	case OPT_ENTROPY:
		parse_u32_list("--entropy", arg, o->entropy, &o->n_entropy,
			       PHILOX_SEED_MAX_WORDS);
		break;
	case OPT_SPAWN_KEY:
		parse_u32_list("--spawn-key", arg, o->spawn_key,
			       &o->n_spawn_key, PHILOX_SPAWN_MAX_WORDS);
		o->have_spawn_key = 1;
		return 1;
	case OPT_POOL_SIZE:
		parse_uint_arg("--pool-size", arg, w, 32,
			       "an integer from 4 to 64");
		if (w[0] < 4 || w[0] > PHILOX_POOL_MAX_WORDS) {
			err_msg("--pool-size: '%s' is not from 4 to %d", arg,
				PHILOX_POOL_MAX_WORDS);
			usage_error();
		}
		o->pool_size = w[0];
		return 1;
	default:
		return 0;
	}
	if (*entropy_from && *entropy_from != from) {
		err_msg("--seed and --entropy both give the entropy: use one");
		usage_error();
	}
	*entropy_from = from;
	o->have_entropy = 1;
	return 1;
}

/* --key, --counter, --advance, --jump: where in which stream. */
static int parse_position_option(int c, const char *arg, struct opts *o)
{
	__u32 w[BIG_WORDS];
	unsigned int i;

	switch (c) {
	case OPT_KEY:
		parse_words_arg("--key", arg, o->key.key, 2);
		o->have_key = 1;
		return 1;
	case OPT_COUNTER:
		parse_words_arg("--counter", arg, o->counter.counter, 4);
		o->have_counter = 1;
		return 1;
	case OPT_ADVANCE:
		parse_uint_arg("--advance", arg, w, 256,
			       "a decimal or 0x-hex integer < 2^256");
		for (i = 0; i < 4; i++)
			o->advance.counter[i] = words_u64(w, i);
		o->have_advance = 1;
		return 1;
	case OPT_JUMP:
		parse_uint_arg("--jump", arg, w, 64,
			       "a decimal or 0x-hex integer < 2^64");
		o->jump = words_u64(w, 0);
		o->have_jump = 1;
		return 1;
	}
	return 0;
}

/* --bytes, --print-seed, --verify, --progress, --device: what to do. */
static int parse_output_option(int c, const char *arg, struct opts *o)
{
	switch (c) {
	case OPT_BYTES:
		o->bytes = parse_bytes("--bytes", arg);
		o->have_bytes = 1;
		return 1;
	case OPT_PRINT_SEED:
		o->print_seed = 1;
		return 1;
	case OPT_VERIFY:
		o->verify = arg;
		return 1;
	case OPT_PROGRESS:
	case OPT_NO_PROGRESS:
		o->progress = c == OPT_PROGRESS;
		return 1;
	case OPT_DEVICE:
		o->device = arg;
		return 1;
	}
	return 0;
}

/* --help, --version, and what getopt_long() could not take. */
static noreturn void other_option(int c, char **argv)
{
	switch (c) {
	case 'h':
		print_help();
		exit(0);
	case 'V':
		printf("philoxcat %s\n", PHILOXCAT_VERSION);
		exit(0);
	case ':':
		err_msg("option '%s' needs an argument", argv[optind - 1]);
		break;
	default:
		if (optopt)
			err_msg("unknown option '-%c'", optopt);
		else
			err_msg("unknown option '%s'", argv[optind - 1]);
	}
	usage_error();
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int c, entropy_from = ENTROPY_NONE;

	memset(o, 0, sizeof(*o));
	o->device = DEFAULT_DEVICE;
	o->progress = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", long_options, NULL)) != -1) {
		if (!parse_seed_option(c, optarg, o, &entropy_from) &&
		    !parse_position_option(c, optarg, o) &&
		    !parse_output_option(c, optarg, o) &&
		    !disk_option(c, optarg, &o->disk) &&
		    !generator_parse_option(c, optarg, &o->gen))
			other_option(c, argv);
	}
	generator_check_options(&o->gen, o->have_bytes || o->verify);
	if (optind < argc) {
		err_msg("unexpected argument '%s'", argv[optind]);
		usage_error();
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	int fd, ret;

	parse_args(argc, argv, &o);
	/* A closed pipe is an answer (EPIPE), not a reason to die. */
	signal(SIGPIPE, SIG_IGN);
	fd = open_device(o.device);
	setup(fd, &o);
	if (o.print_seed)
		print_seed(fd, &o, o.have_bytes && !o.bytes && !o.verify ?
			   stdout : stderr);
	progress_start(&o);
	if (progress.on)
		catch_signals();
	if (o.gen.mode) {
		ret = generator_run(fd, o.device, &o.gen);
	} else if (o.disk.active) {
		struct disk_run run = {
			.d = &o.disk, .device = o.device, .verify = o.verify,
			.have_bytes = o.have_bytes, .bytes = o.bytes,
			.dev_fd = fd, .open_stream = open_seeded, .ctx = &o,
			.argc = argc, .argv = argv,
		};

		ret = disk_run(&run);
	} else {
		ret = o.verify ? verify(fd, &o) : stream(fd, &o);
	}
	close(fd);
	/* --verify's verdict is useless if it could not be written. */
	if (fflush(stdout) || ferror(stdout)) {
		err_msg("standard output: %s", strerror(errno));
		return EXIT_IO;
	}
	return ret;
}
