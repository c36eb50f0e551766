// SPDX-License-Identifier: GPL-2.0
/*
 * philoxcat for disks: write or verify a range [offset, offset + bytes)
 * of the stream at the same offsets of a file or block device, in --jobs
 * contiguous parts, each with its own open file of the device positioned
 * with PHILOX_IOC_ADVANCE (O(1)), through pwrite() and pread(), optionally
 * with O_DIRECT. A verify classifies every bad block (report.c) instead
 * of stopping at the first. SIGINT and SIGTERM stop the parts after their
 * current buffer, and the command that resumes the run is printed.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdnoreturn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>
#include <linux/philox.h>

#include "disk.h"
#include "report.h"

#define CHUNK		(1024 * 1024)	/* per read and write */
#define PART_ALIGN	4096		/* where parts begin */
#define SECTOR		512		/* reads after an EIO, at least */
#define MAX_JOBS	256
#define PROGRESS_NS	250000000l

#define EXIT_MISMATCH	1
#define EXIT_USAGE	2
#define EXIT_IO		3

static noreturn void disk_usage(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
	exit(EXIT_USAGE);
}

int disk_option(int c, const char *arg, struct disk_opts *d)
{
	char *end;
	unsigned long n;

	switch (c) {
	case OPT_DISK_OFFSET:
		d->offset = parse_bytes("--offset", arg);
		d->have_offset = 1;
		break;
	case OPT_DISK_JOBS:
		errno = 0;
		n = strtoul(arg, &end, 10);
		if (arg[0] < '0' || arg[0] > '9' || *end || errno || !n ||
		    n > MAX_JOBS) {
			disk_err("--jobs: '%s' is not from 1 to %d", arg,
				 MAX_JOBS);
			disk_usage();
		}
		d->jobs = n;
		break;
	case OPT_DISK_DIRECT:
		d->direct = 1;
		break;
	case OPT_DISK_OUTPUT:
		d->output = arg;
		break;
	case OPT_DISK_REPORT:
		d->report = arg;
		break;
	case OPT_DISK_BADBLOCKS:
		d->badblocks = arg;
		break;
	case OPT_DISK_BLOCK_SIZE:
		d->block_size = parse_bytes("--block-size", arg);
		if (!d->block_size) {
			disk_err("--block-size: '%s' is not a size above 0",
				 arg);
			disk_usage();
		}
		break;
	default:
		return 0;
	}
	d->active = 1;
	return 1;
}

/* The target */

struct target {
	const char *name;
	int fd;
	int seekable;		/* else a pipe: read or written in order */
	int have_size;		/* a disk or a regular file */
	int disk;		/* a block device */
	__u64 size;
	unsigned int align;	/* what O_DIRECT needs of offsets, sizes */
};

static void open_target(const struct disk_run *r, struct target *t)
{
	const struct disk_opts *d = r->d;
	int direct = d->direct ? O_DIRECT : 0;
	const char *path = r->verify ? r->verify : d->output;
	struct stat st;
	int sector;

	memset(t, 0, sizeof(*t));
	if (!path || !strcmp(path, "-")) {
		t->name = r->verify ? "-" : "standard output";
		t->fd = r->verify ? STDIN_FILENO : STDOUT_FILENO;
		if (direct && fcntl(t->fd, F_SETFL,
				    fcntl(t->fd, F_GETFL) | O_DIRECT)) {
			disk_err("%s: --direct: O_DIRECT is not possible here: %s",
				 t->name, strerror(errno));
			exit(EXIT_USAGE);
		}
	} else {
		t->name = path;
		t->fd = r->verify ?
			open(path, O_RDONLY | O_CLOEXEC | direct) :
			open(path, O_WRONLY | O_CREAT | O_CLOEXEC | direct, 0666);
		if (t->fd < 0) {
			int e = errno;

			if (direct && e == EINVAL) {
				disk_err("%s: --direct: its file system does not take O_DIRECT",
					 path);
				exit(EXIT_USAGE);
			}
			disk_err("%s: %s", path, strerror(e));
			exit(EXIT_IO);
		}
	}
	if (fstat(t->fd, &st)) {
		disk_err("%s: %s", t->name, strerror(errno));
		exit(EXIT_IO);
	}
	t->seekable = lseek(t->fd, 0, SEEK_CUR) >= 0;
	t->align = PART_ALIGN;
	if (S_ISBLK(st.st_mode)) {
		unsigned long long size;

		if (ioctl(t->fd, BLKGETSIZE64, &size) ||
		    ioctl(t->fd, BLKSSZGET, &sector)) {
			disk_err("%s: %s", t->name, strerror(errno));
			exit(EXIT_IO);
		}
		t->size = size;
		t->have_size = 1;
		t->disk = 1;
		t->align = sector;
	} else if (S_ISREG(st.st_mode)) {
		t->size = st.st_size;
		t->have_size = 1;
	}
}

/* The jobs */

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int stop;		/* a signal came: stop after this buffer */
	int running;
	int failed;		/* a part failed: the others stop too */
};

struct job {
	struct shared *sh;
	const struct target *t;
	const struct stream_ref *ref;
	const char *device;
	int verify, dev;
	int open_end;		/* a pipe without --bytes: to its end */
	__u64 start, end;
	__u64 pos;		/* done up to here (under sh->lock) */
	struct extents ext;
	int err;		/* -errno of the failure */
	int dev_failed;		/* in the device, else in the target */
	const char *what;	/* "read" or "write" */
	unsigned char *want, *got;
	pthread_t thread;
};

static int dev_read(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n ? -errno : -EIO;
		done += n;
	}
	return 0;
}

/* Read up to len bytes at off: how many before the end, or -errno. */
static ssize_t target_read(const struct target *t, void *buf, size_t len,
			   __u64 off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = t->seekable ?
			pread(t->fd, (char *)buf + done, len - done, off + done) :
			read(t->fd, (char *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		done += n;
	}
	return done;
}

static int target_write(const struct target *t, const void *buf, size_t len,
			__u64 off, size_t *done)
{
	return write_all(t->fd, buf, len, t->seekable ? off : WRITE_HERE, done);
}

/* Compare what could be read, classify the rest as unreadable. */
static int check_read(struct job *j, __u64 off, __u64 len, size_t have,
		      size_t at)
{
	if (have && memcmp(j->got + at, j->want + at, have) &&
	    classify(j->ref, off, j->got + at, j->want + at, have, &j->ext))
		return -ENOMEM;
	return extents_add(&j->ext, off + have, len - have, BAD_UNREADABLE, 0) ?
	       -ENOMEM : 0;
}

/* Errors of the medium, which make sectors unreadable, not the run fail. */
static int medium_error(ssize_t err)
{
	return err == -EIO || err == -ENODATA || err == -EILSEQ;
}

/*
 * Verify n bytes at pos, and say in *got_n how far that took the part.
 * At the end of the target the rest of the part is unreadable; a medium
 * error is narrowed down sector by sector: the ones that fail are
 * unreadable.
 */
static int verify_chunk(struct job *j, __u64 pos, size_t n, __u64 *got_n)
{
	ssize_t have = target_read(j->t, j->got, n, pos);
	size_t at, len;
	unsigned int sector = j->t->align > SECTOR ? j->t->align : SECTOR;

	*got_n = n;
	if (have >= 0) {
		if ((size_t)have < n) {
			/* The end: of a pipe read to its end, or too soon. */
			*got_n = j->open_end ? (__u64)have : j->end - pos;
			return check_read(j, pos, *got_n, have, 0);
		}
		return check_read(j, pos, n, have, 0);
	}
	if (!j->t->seekable || !medium_error(have)) {
		j->what = "read";
		return have;
	}
	for (at = 0; at < n; at += len) {
		len = sector - (pos + at) % sector;
		if (len > n - at)
			len = n - at;
		have = target_read(j->t, j->got + at, len, pos + at);
		if (have < 0)
			have = 0;
		if (check_read(j, pos + at, len, have, at))
			return -ENOMEM;
	}
	return 0;
}

static int stopping(struct job *j, __u64 pos)
{
	int stop;

	pthread_mutex_lock(&j->sh->lock);
	j->pos = pos;
	stop = j->sh->stop || j->sh->failed;
	pthread_mutex_unlock(&j->sh->lock);
	return stop;
}

static void *job_main(void *arg)
{
	struct job *j = arg;
	__u64 pos = j->start;
	int err = 0;

	while ((j->open_end || pos < j->end) && !stopping(j, pos)) {
		/* Buffers at multiples of CHUNK: no block is split. */
		size_t n = CHUNK - pos % CHUNK, done;

		if (!j->open_end && j->end - pos < n)
			n = j->end - pos;
		err = dev_read(j->dev, j->want, n);
		if (err) {
			j->dev_failed = 1;
			j->what = "read";
			break;
		}
		if (j->verify) {
			__u64 took;

			err = verify_chunk(j, pos, n, &took);
			pos += took;
			if (err || took != n)
				break;
			continue;
		}
		err = target_write(j->t, j->want, n, pos, &done);
		pos += done;
		if (err == -EPIPE && j->open_end) {
			err = 0;	/* the reader has what it wanted */
			break;
		}
		if (err) {
			j->what = "write";
			break;
		}
	}
	pthread_mutex_lock(&j->sh->lock);
	j->pos = pos;
	j->err = err;
	if (err)
		j->sh->failed = 1;
	j->sh->running--;
	pthread_cond_signal(&j->sh->cond);
	pthread_mutex_unlock(&j->sh->lock);
	return NULL;
}

/* Signals */

/* The signal that came; a lock-free atomic, as a handler may store. */
static atomic_int caught;

static void on_stop(int sig)
{
	caught = sig;
}

static void catch_stop(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	unsigned int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 2; i++) {
		if (sigaction(sigs[i], NULL, &old) || old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void block_stop(int how)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(how, &set, NULL);
}

/* The resume line */

/* A word the shell takes as it is, or quoted. */
static void print_word(const char *w)
{
	static const char plain[] = "_-+=,./:@%";
	const char *p;

	for (p = w; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(plain, *p))
			break;
	if (*w && !*p) {
		fputs(w, stderr);
		return;
	}
	fputc('\'', stderr);
	for (p = w; *p; p++) {
		if (*p == '\'')
			fputs("'\\''", stderr);
		else
			fputc(*p, stderr);
	}
	fputc('\'', stderr);
}

/* Is arg --offset or --bytes, or an abbreviation getopt_long() took? */
static int position_arg(const char *arg, int *with_value)
{
	static const char * const names[] = { "offset", "bytes" };
	size_t len;
	unsigned int i;

	if (strncmp(arg, "--", 2))
		return 0;
	arg += 2;
	len = strcspn(arg, "=");
	*with_value = arg[len] == '=';
	for (i = 0; i < 2; i++)
		if (len && !strncmp(arg, names[i], len))
			return 1;
	return 0;
}

static void print_resume(const struct disk_run *r, __u64 from, int have_left,
			 __u64 left)
{
	char link[PATH_MAX];
	int i, with_value;
	ssize_t n;

	fprintf(stderr, "%s: stopped at byte %llu; to resume:\n", prog,
		(unsigned long long)from);
	print_word(r->argv[0]);
	for (i = 1; i < r->argc; i++) {
		if (position_arg(r->argv[i], &with_value)) {
			i += !with_value;
			continue;
		}
		fputc(' ', stderr);
		print_word(r->argv[i]);
	}
	/* Standard output was a file or disk: name it, not to truncate it. */
	if (!r->verify && !r->d->output) {
		n = readlink("/proc/self/fd/1", link, sizeof(link) - 1);
		if (n > 0 && link[0] == '/') {
			link[n] = 0;
			fputs(" --output ", stderr);
			print_word(link);
		}
	}
	fprintf(stderr, " --offset %llu", (unsigned long long)from);
	if (have_left)
		fprintf(stderr, " --bytes %llu", (unsigned long long)left);
	fputc('\n', stderr);
}

/* The run */

static void add256(uint64_t c[4], uint64_t n)
{
	int i;

	for (i = 0; i < 4; i++) {
		c[i] += n;
		n = c[i] < n;
	}
}

/* The device's stream at byte pos: O(1), whatever pos. */
static void position(int fd, const char *device, __u64 pos)
{
	struct philox_counter delta = { { pos / PHILOX_BLOCK_BYTES, 0, 0, 0 } };
	unsigned char skip[PHILOX_BLOCK_BYTES];
	int err;

	if (ioctl(fd, PHILOX_IOC_ADVANCE, &delta)) {
		disk_err("%s: PHILOX_IOC_ADVANCE: %s", device, strerror(errno));
		exit(EXIT_IO);
	}
	err = dev_read(fd, skip, pos % PHILOX_BLOCK_BYTES);
	if (err) {
		disk_err("%s: read: %s", device, strerror(-err));
		exit(EXIT_IO);
	}
}

/* What the options alone say, before the target is opened or created. */
static void check_options(const struct disk_run *r)
{
	const struct disk_opts *d = r->d;

	if (!r->verify && (d->report || d->badblocks)) {
		disk_err("--report and --badblocks go with --verify");
		disk_usage();
	}
	if (d->block_size && !d->badblocks) {
		disk_err("--block-size goes with --badblocks");
		disk_usage();
	}
	if (r->verify && d->output) {
		disk_err("--output and --verify: one target only");
		disk_usage();
	}
}

static void check_args(const struct disk_run *r, const struct target *t,
		       int open_end, __u64 offset, __u64 bytes)
{
	const struct disk_opts *d = r->d;

	if (!t->seekable && d->jobs > 1) {
		disk_err("%s: --jobs needs a file or disk, not a pipe", t->name);
		disk_usage();
	}
	if (!open_end && bytes > ~0ull - offset) {
		disk_err("--offset and --bytes end past 2^64");
		disk_usage();
	}
	if (!d->direct)
		return;
	if (!t->seekable) {
		disk_err("%s: --direct needs a file or disk", t->name);
		disk_usage();
	}
	if (offset % t->align || bytes % t->align) {
		disk_err("%s: --direct: --offset %llu and --bytes %llu must be multiples of %u, its block size",
			 t->name, (unsigned long long)offset,
			 (unsigned long long)bytes, t->align);
		disk_usage();
	}
}

/* The part that begins near offset + at: at a multiple of align. */
static __u64 part_start(__u64 offset, __u64 at, unsigned int align)
{
	__u64 p = offset + at - (offset + at) % align;

	return p < offset ? offset : p;
}

static void *alloc_aligned(size_t align)
{
	void *p;

	if (posix_memalign(&p, align, CHUNK)) {
		disk_err("out of memory");
		exit(EXIT_IO);
	}
	return p;
}

/* Wait for the jobs, showing progress; the bytes done. */
static __u64 wait_jobs(struct shared *sh, struct job *jobs, unsigned int n)
{
	struct timespec until;
	__u64 done;
	unsigned int i;
	int running;

	pthread_mutex_lock(&sh->lock);
	for (;;) {
		done = 0;
		for (i = 0; i < n; i++)
			done += jobs[i].pos - jobs[i].start;
		running = sh->running;
		if (caught)
			sh->stop = 1;
		if (!running)
			break;
		pthread_mutex_unlock(&sh->lock);
		progress_update(done, 0);
		pthread_mutex_lock(&sh->lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += PROGRESS_NS;
		if (until.tv_nsec >= 1000000000l) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000l;
		}
		if (sh->running && !caught)
			pthread_cond_timedwait(&sh->cond, &sh->lock, &until);
	}
	pthread_mutex_unlock(&sh->lock);
	for (i = 0; i < n; i++)
		pthread_join(jobs[i].thread, NULL);
	progress_update(done, 1);
	return done;
}

static int write_lists(const struct disk_run *r, const struct extents *all)
{
	const struct disk_opts *d = r->d;
	const char *files[2] = { d->report, d->badblocks };
	int i;

	for (i = 0; i < 2; i++) {
		FILE *f;
		int bad;

		if (!files[i])
			continue;
		f = fopen(files[i], "w");
		if (!f) {
			disk_err("%s: %s", files[i], strerror(errno));
			return EXIT_IO;
		}
		bad = i ? write_badblocks(f, all, d->block_size ?
					  d->block_size : 1024) :
			  write_report(f, all);
		if (fclose(f) || bad) {
			disk_err("%s: %s", files[i], strerror(errno));
			return EXIT_IO;
		}
	}
	return 0;
}

static int verdict(const struct disk_run *r, const struct target *t,
		   const struct extents *all, __u64 done)
{
	__u64 bad = 0;
	size_t i;
	int ret;

	ret = write_lists(r, all);
	err_start();
	fprintf(stderr, "%zu bad extent%s\n", all->n, all->n == 1 ? "" : "s");
	write_summary(stderr, "philoxcat:   ", all);
	for (i = 0; i < all->n; i++)
		bad += all->v[i].len;
	if (!all->n)
		printf("%s: %s: %llu bytes match\n", prog, t->name,
		       (unsigned long long)done);
	else
		printf("%s: %s: %llu bad bytes in %zu extent%s, the first at byte %llu\n",
		       prog, t->name, (unsigned long long)bad, all->n,
		       all->n == 1 ? "" : "s", (unsigned long long)all->v[0].off);
	if (ret)
		return ret;
	return all->n ? EXIT_MISMATCH : 0;
}

int disk_run(const struct disk_run *r)
{
	const struct disk_opts *d = r->d;
	unsigned int njobs = d->jobs ? d->jobs : 1, i;
	__u64 offset = d->offset, bytes, done, from;
	struct shared sh = { .running = 0 };
	struct philox_state state;
	struct stream_ref ref;
	struct extents all = { 0 };
	struct target t;
	struct job *jobs;
	int open_end = 0, ret = 0;

	check_options(r);
	open_target(r, &t);
	/* Without --bytes: to the end of a disk, or of a file verified. */
	bytes = r->bytes;
	if (!r->have_bytes) {
		if (t.have_size && (t.disk || r->verify)) {
			bytes = t.size > offset ? t.size - offset : 0;
		} else if (!t.seekable) {
			open_end = 1;	/* a pipe: until it ends */
		} else {
			disk_err("%s: give --bytes to write it", t.name);
			disk_usage();
		}
	}
	check_args(r, &t, open_end, offset, bytes);
	progress_total(open_end ? 0 : bytes);

	/* The stream's key and the counter of its block 0, for the report. */
	if (ioctl(r->dev_fd, PHILOX_IOC_GET_STATE, &state)) {
		disk_err("%s: PHILOX_IOC_GET_STATE: %s", r->device,
			 strerror(errno));
		return EXIT_IO;
	}
	memset(&ref, 0, sizeof(ref));
	memcpy(ref.key, state.key, sizeof(ref.key));
	memcpy(ref.first, state.counter, sizeof(ref.first));
	add256(ref.first, 1);
	ref.start = offset;
	ref.end = open_end ? ~0ull : offset + bytes;

	jobs = calloc(njobs, sizeof(*jobs));
	if (!jobs) {
		disk_err("out of memory");
		return EXIT_IO;
	}
	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.cond, NULL);
	caught = 0;
	catch_stop();
	block_stop(SIG_BLOCK);	/* the signals come to this thread only */
	for (i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		__u64 at = bytes / njobs * i + bytes % njobs * i / njobs;
		__u64 next = bytes / njobs * (i + 1) +
			     bytes % njobs * (i + 1) / njobs;
		unsigned int align = t.align > PART_ALIGN ? t.align : PART_ALIGN;

		j->sh = &sh;
		j->t = &t;
		j->ref = &ref;
		j->device = r->device;
		j->verify = !!r->verify;
		j->open_end = open_end;
		/* Parts begin at multiples of align, as the disk has them. */
		j->start = i ? part_start(offset, at, align) : offset;
		j->end = i + 1 < njobs ? part_start(offset, next, align) :
			 offset + bytes;
		j->pos = j->start;
		j->dev = i ? r->open_stream(r->ctx) : r->dev_fd;
		position(j->dev, r->device, j->start);
		j->want = alloc_aligned(t.align);
		j->got = r->verify ? alloc_aligned(t.align) : NULL;
		sh.running++;
		if (pthread_create(&j->thread, NULL, job_main, j)) {
			disk_err("cannot start a job: %s", strerror(errno));
			exit(EXIT_IO);
		}
	}
	block_stop(SIG_UNBLOCK);
	done = wait_jobs(&sh, jobs, njobs);

	/* Where to resume: the first part not finished. */
	from = offset + done;
	for (i = 0; i < njobs; i++) {
		if (jobs[i].pos < jobs[i].end) {
			from = jobs[i].pos;
			break;
		}
	}
	for (i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];

		if (j->err && !ret) {
			disk_err("%s: %s: %s (at byte %llu)",
				 j->dev_failed ? r->device : t.name, j->what,
				 strerror(-j->err), (unsigned long long)j->pos);
			ret = EXIT_IO;
		}
		if (extents_append(&all, &j->ext)) {
			disk_err("out of memory");
			ret = EXIT_IO;
		}
		extents_free(&j->ext);
		free(j->want);
		free(j->got);
		if (i)
			close(j->dev);
	}
	free(jobs);
	/* A fill is done when it is on the disk, and its errors known. */
	if (!r->verify && !ret && !caught && t.seekable &&
	    fdatasync(t.fd) && errno != EINVAL) {
		disk_err("%s: fdatasync: %s", t.name, strerror(errno));
		ret = EXIT_IO;
	}
	if (caught || (ret && t.seekable && !open_end))
		print_resume(r, from, !open_end, offset + bytes - from);
	if (r->verify && !ret)
		ret = verdict(r, &t, &all, done);
	extents_free(&all);
	if (t.fd > STDERR_FILENO && close(t.fd) && !ret) {
		disk_err("%s: %s", t.name, strerror(errno));
		ret = EXIT_IO;
	}
	if (caught) {
		fflush(stdout);
		signal(caught, SIG_DFL);
		raise(caught);
	}
	return ret;
}
