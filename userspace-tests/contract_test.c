// SPDX-License-Identifier: GPL-2.0
/*
 * The contract of a shared /dev/philox file, against NumPy's stream
 * (contract.bin). One thread reads 64 KiB (or 4 pages, if more) at a time
 * and is interrupted by signals, so that its reads come back short;
 * another thread polls
 * GET_STATE and GET_COUNTER and reads small pieces in between, pausing
 * after each GET, which is when a wrong give-back would undo what it
 * reported; that runs for several rounds over the same stream. Then the
 * interrupted thread reads alone. The contract:
 *
 * - every read returns a contiguous piece of NumPy's stream;
 * - no byte goes to two readers;
 * - a read that starts after a GET reported a position gets bytes at that
 *   position or later, and GETs never go back;
 * - the only bytes no reader gets are the unread rest of short reads (at
 *   most one reader per byte, not exactly one);
 * - a lone reader loses nothing: its reads concatenate.
 *
 * Reads are multiples of a block, so each piece is found in the stream by
 * the first 8 bytes of its first block.
 */

#include "philox_helpers.h"

#include <pthread.h>
#include <signal.h>

#include "contract_expected.h"

#define MAX_RECORDS	65536
#define LONE_BYTES	(40 << 16)	/* asked for by the lone reads */
#define SHARED_ROUNDS	6	/* chances for a give-back to undo a GET */

/* One read: where it landed, what it asked for and got. */
struct record {
	size_t pos;		/* byte position in the stream; -1 if EINTR */
	size_t asked;
	size_t got;
};

struct reader {
	const char *name;
	size_t nrecords;
	struct record records[MAX_RECORDS];
	size_t short_reads;
	size_t eintr_bytes;	/* asked for by reads that got nothing */
};

static const __u8 *stream;
static size_t nblocks, total;
static int fd;

/*
 * The interrupted reader's reads. A read looks for signals only between
 * pages, and only while more remains (as drivers/char/random.c does), so
 * a read of a page or less is never cut short: several pages, at least.
 */
static size_t big_read;

static struct stream_index block_index;	/* the stream at every block */

static pthread_mutex_t note_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int broken;	/* how many times the contract broke */
static size_t reported;		/* the highest position a GET reported */
static int stop;
static unsigned long signals_sent, gets;

static struct reader big = { .name = "interrupted reader" };
static struct reader small = { .name = "polling reader" };

/* A breach of the contract, from any thread: logged, and counted. */
#define breach(...) \
	do { \
		pthread_mutex_lock(&note_lock); \
		if (broken++ < 16) { \
			fputs("# ", stderr); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
		pthread_mutex_unlock(&note_lock); \
	} while (0)

/* Where these bytes are in NumPy's stream, or -1. */
static size_t locate(const __u8 *p, size_t len)
{
	return stream_index_find(&block_index, p, len);
}

/* The stream position of a state: bytes before the next one to read. */
static size_t state_position(const struct philox_state *s)
{
	if (!s->counter[0])
		return 0;
	return (s->counter[0] - 1) * PHILOX_BLOCK_BYTES + s->buffer_pos;
}

static void publish(size_t pos)
{
	size_t cur = __atomic_load_n(&reported, __ATOMIC_ACQUIRE);

	while (cur < pos &&
	       !__atomic_compare_exchange_n(&reported, &cur, pos, 0,
					    __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE))
		;
}

/* One read, located in the stream and recorded. */
static void read_one(struct reader *r, __u8 *buf, size_t len)
{
	size_t floor = __atomic_load_n(&reported, __ATOMIC_ACQUIRE);
	struct record *entry;
	ssize_t got;

	if (r->nrecords == MAX_RECORDS)
		return;
	entry = &r->records[r->nrecords++];
	entry->asked = len;
	got = read(fd, buf, len);
	if (got < 0) {
		entry->pos = (size_t)-1;
		entry->got = 0;
		if (errno == EINTR)
			r->eintr_bytes += len;
		else
			breach("%s: read(%zu): %s", r->name, len,
			       errno_name(errno));
		return;
	}
	entry->got = got;
	if ((size_t)got < len)
		r->short_reads++;
	if (got % PHILOX_BLOCK_BYTES) {
		breach("%s: read(%zu) returned %zd, not whole blocks",
		       r->name, len, got);
		entry->pos = (size_t)-1;
		return;
	}
	entry->pos = got ? locate(buf, got) : floor;
	if (entry->pos == (size_t)-1)
		breach("%s: read %zu (%zd bytes) is not in NumPy's stream",
		       r->name, r->nrecords - 1, got);
	else if (entry->pos < floor)
		breach("%s: read %zu starts at byte %zu, before %zu that a GET reported",
		       r->name, r->nrecords - 1, entry->pos, floor);
}

static void sigusr1(int sig)
{
	(void)sig;
}

/* Signal the big reader every 50..500 us until told to stop. */
static void *signaller_main(void *arg)
{
	pthread_t target = *(pthread_t *)arg;
	unsigned int seed = 7;

	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		struct timespec ts = { 0, 50000 + rand_r(&seed) % 450000 };

		pthread_kill(target, SIGUSR1);
		signals_sent++;
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/*
 * The polling reader ends a round at half the stream. On a host so busy
 * that it does not get to run, this one ends it at three quarters, before
 * the stream that NumPy wrote runs out.
 */
static void *big_main(void *arg)
{
	const struct record *last;
	__u8 *buf = arg;

	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		read_one(&big, buf, big_read);
		if (!big.nrecords)
			continue;
		last = &big.records[big.nrecords - 1];
		if (last->pos != (size_t)-1 &&
		    last->pos + last->got > total / 4 * 3)
			__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* GET_STATE, a pause, GET_COUNTER, a small read; until half the stream. */
static void *small_main(void *arg)
{
	unsigned int seed = 11;
	size_t last = 0;
	__u8 buf[4096];

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		struct timespec ts = { 0, rand_r(&seed) % 1000000 };
		struct philox_counter c;
		struct philox_state s;
		size_t pos;
		int err = ioctl_err(fd, PHILOX_IOC_GET_STATE, &s);

		if (err) {
			breach("GET_STATE: %s", errno_name(err));
			break;
		}
		gets++;
		pos = state_position(&s);
		if (pos < last)
			breach("GET_STATE went back from %zu to %zu", last,
			       pos);
		last = pos;
		publish(pos);
		if (pos > total / 2)
			__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
		nanosleep(&ts, NULL);
		if (!ioctl_err(fd, PHILOX_IOC_GET_COUNTER, &c) && c.counter[0]) {
			gets++;
			publish((c.counter[0] - 1) * PHILOX_BLOCK_BYTES);
		}
		read_one(&small, buf,
			 PHILOX_BLOCK_BYTES * (1 + rand_r(&seed) % 128));
	}
	return NULL;
}

/* Mark one reader's pieces; a byte marked twice went to two readers. */
static void mark(const struct reader *r, __u8 *owner, __u8 who)
{
	size_t i, b;

	for (i = 0; i < r->nrecords; i++) {
		const struct record *entry = &r->records[i];

		if (entry->pos == (size_t)-1 || !entry->got)
			continue;
		for (b = entry->pos / PHILOX_BLOCK_BYTES;
		     b < (entry->pos + entry->got) / PHILOX_BLOCK_BYTES; b++) {
			if (owner[b])
				breach("block %zu went to the %s and the %s", b,
				       owner[b] == 1 ? big.name : small.name,
				       r->name);
			owner[b] = who;
		}
	}
}

/* Blocks that nobody got must be the unread rest of short reads. */
static void check_skipped(__u8 *owner, size_t end)
{
	size_t i, b, unexplained = 0, skipped = 0;

	for (i = 0; i < big.nrecords; i++) {
		const struct record *entry = &big.records[i];

		if (entry->pos == (size_t)-1 || entry->got == entry->asked)
			continue;
		for (b = (entry->pos + entry->got) / PHILOX_BLOCK_BYTES;
		     b < (entry->pos + entry->asked) / PHILOX_BLOCK_BYTES &&
		     b < nblocks; b++)
			if (!owner[b])
				owner[b] = 3;	/* may be skipped */
	}
	for (b = 0; b < end / PHILOX_BLOCK_BYTES && b < nblocks; b++) {
		skipped += owner[b] == 3;
		unexplained += !owner[b];
	}
	if (unexplained * PHILOX_BLOCK_BYTES > big.eintr_bytes + small.eintr_bytes)
		breach("%zu blocks went to nobody and no short read asked for them",
		       unexplained);
	printf("# %zu blocks skipped after short reads, %zu after EINTR\n",
	       skipped, unexplained);
}

static void reader_reset(struct reader *r)
{
	r->nrecords = 0;
	r->short_reads = 0;
	r->eintr_bytes = 0;
}

/*
 * The shared file: reads cut short by signals, small reads and GETs; each
 * byte to at most one reader, no GET undone.
 */
static void shared_phase(struct __test_metadata *_metadata, __u8 *buf)
{
	struct philox_counter zero = { { 0 } };
	pthread_t big_th, small_th, sig_th;
	__u8 *owner = calloc(nblocks, 1);
	struct philox_state end;

	ASSERT_TRUE(!!owner);
	/* A round starts the stream and the records afresh. */
	ASSERT_TRUE(set_key_counter(_metadata, fd, &contract_key, &zero));
	reader_reset(&big);
	reader_reset(&small);
	reported = 0;
	signals_sent = 0;
	gets = 0;
	__atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_create(&big_th, NULL, big_main, buf));
	ASSERT_EQ(0, pthread_create(&small_th, NULL, small_main, NULL));
	ASSERT_EQ(0, pthread_create(&sig_th, NULL, signaller_main, &big_th));
	pthread_join(small_th, NULL);
	pthread_join(big_th, NULL);
	pthread_join(sig_th, NULL);

	EXPECT_NE(0, big.short_reads)
		TH_LOG("no read was cut short: the signals missed (%lu sent)",
		       signals_sent);
	mark(&big, owner, 1);
	mark(&small, owner, 2);
	if (get_state(_metadata, fd, &end, "GET_STATE after"))
		check_skipped(owner, state_position(&end));
	free(owner);
	TH_LOG("%zu reads cut short by %lu signals, %zu small reads, %lu GETs",
	       big.short_reads, signals_sent, small.nrecords, gets);
}

/* The big reader alone, still interrupted: its reads concatenate. */
static void lone_phase(struct __test_metadata *_metadata, __u8 *buf)
{
	size_t first = big.nrecords, next, i, short_before = big.short_reads;
	size_t lone_reads = LONE_BYTES / big_read;
	struct philox_state s;
	pthread_t self = pthread_self(), sig_th;

	ASSERT_TRUE(get_state(_metadata, fd, &s, "GET_STATE before"));
	next = state_position(&s);
	__atomic_store_n(&reported, next, __ATOMIC_RELEASE);
	__atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_create(&sig_th, NULL, signaller_main, &self));
	for (i = 0; i < lone_reads; i++)
		read_one(&big, buf, big_read);
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	pthread_join(sig_th, NULL);

	for (i = first; i < big.nrecords; i++) {
		const struct record *entry = &big.records[i];

		if (entry->pos == (size_t)-1)
			continue;
		EXPECT_EQ(next, entry->pos)
			TH_LOG("lone read %zu starts elsewhere", i - first);
		next = entry->pos + entry->got;
	}
	EXPECT_NE(short_before, big.short_reads)
		TH_LOG("no lone read was cut short (%lu signals)",
		       signals_sent);
	TH_LOG("%zu of %zu lone reads cut short, all concatenate",
	       big.short_reads - short_before, lone_reads);
}

FIXTURE(contract) {
	__u8 *buf;
};

FIXTURE_SETUP(contract)
{
	struct sigaction sa = { .sa_handler = sigusr1 };	/* no SA_RESTART */
	struct philox_counter zero = { { 0 } };

	big_read = 4 * sysconf(_SC_PAGESIZE);
	if (big_read < 65536)
		big_read = 65536;
	nblocks = contract_nblocks;
	total = nblocks * PHILOX_BLOCK_BYTES;
	/* A shared round ends near half the stream, the lone reads after. */
	ASSERT_LE(2 * (LONE_BYTES + big_read), total)
		TH_LOG("reads of %zu bytes: contract.bin is too short",
		       big_read);
	stream = load_file(_metadata, "contract.bin", total);
	ASSERT_TRUE(stream_index_build(&block_index, stream, total,
				       PHILOX_BLOCK_BYTES));
	self->buf = malloc(big_read);
	ASSERT_TRUE(!!self->buf);
	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	fd = dev_open(_metadata);
	ASSERT_TRUE(set_key_counter(_metadata, fd, &contract_key, &zero));
}

FIXTURE_TEARDOWN(contract)
{
	close(fd);
	free(self->buf);
	stream_index_free(&block_index);
	free((void *)stream);
}

TEST_F_TIMEOUT(contract, shared_file_each_byte_to_at_most_one_reader, 300)
{
	int round;

	for (round = 0; round < SHARED_ROUNDS; round++)
		shared_phase(_metadata, self->buf);
	EXPECT_EQ(0, broken);
}

/* After the sharing, a lone reader loses nothing. */
TEST_F_TIMEOUT(contract, lone_reader_after_sharing_loses_nothing, 300)
{
	shared_phase(_metadata, self->buf);
	broken = 0;	/* judged by the test above */
	lone_phase(_metadata, self->buf);
	EXPECT_EQ(0, broken);
}

TEST_HARNESS_MAIN
