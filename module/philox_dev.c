// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/philox: a Philox4x64-10 stream per open file, NumPy-exact.
 *
 * This file is divided into the following sections:
 *
 * - Per-open state: seeding at open, the lock, and what it guards.
 * - Reading: spans reserved under the lock, generated and copied outside.
 * - The ioctls of include/uapi/linux/philox.h.
 * - The misc device.
 *
 * The design in one paragraph: each open file holds a stream (struct
 * philox_shared of philox_core.c) and the SeedSequence behind its key, if
 * any, under a spinlock. The lock is held only for O(1) work: a read
 * reserves its span of the stream (counter arithmetic and at most one
 * block), then generates the span's blocks and copies them to userspace
 * with the lock dropped, so that threads sharing a file read in parallel
 * and no lock is held across a page fault. Ioctls copy their argument in
 * before taking the lock and out after dropping it. The stream's
 * generation, bumped whenever anyone moves or looks at it, tells a reader
 * whether it may give back what it could not copy.
 *
 * The contract for a file shared by threads or processes: no byte ever
 * goes to two readers, and a lone reader loses nothing, its reads
 * concatenating. Reads, ioctls that move the stream and every GET of the
 * key, counter or state form one order: nothing that comes later undoes a
 * position a GET reported. So a byte goes to at most one reader: the bytes
 * a read reserved but could not copy (a signal, a fault) are skipped when
 * another read, ioctl or GET came in the meantime.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/philox.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/random.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/splice.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "philox_compat.h"
#include "philox_internal.h"

/*********************************************************************
 *
 * Per-open state
 *
 *********************************************************************/

/**
 * struct philox_file - the state of one open file of /dev/philox
 * @lock: guards everything below; held for O(1) work only
 * @stream: the stream, and the generation that says whether a reader may
 *	give back what it did not copy
 * @seed: the SeedSequence the key came from, valid when @has_seed
 * @has_seed: false after SET_KEY or SET_STATE, when no SeedSequence
 *	stands behind the key
 * @seed_gen: bumped on every change of @seed or @has_seed
 */
struct philox_file {
	spinlock_t lock;	/* held for O(1) work only */
	struct philox_shared stream;
	struct seed_sequence seed;
	bool has_seed;
	u64 seed_gen;
};

/* One layout for 32- and 64-bit processes, so compat_ptr_ioctl() suffices. */
static_assert(sizeof(struct philox_key) == 16);
static_assert(sizeof(struct philox_counter) == 32);
static_assert(sizeof(struct philox_state) == 56);
static_assert(sizeof(struct philox_seed) == 208);
/* Per-open memory stays small however many files a process opens. */
static_assert(sizeof(struct philox_file) <= 512);

/* Seed from a SeedSequence; the key is derived before taking the lock. */
static void philox_file_seed(struct philox_file *pf,
			     const struct seed_sequence *ss)
{
	struct philox_rng rng;

	philox_seed(&rng, ss);
	spin_lock(&pf->lock);
	pf->stream.rng = rng;
	philox_touch(&pf->stream);
	pf->seed = *ss;
	pf->has_seed = true;
	pf->seed_gen++;
	spin_unlock(&pf->lock);
}

/* Fresh kernel entropy, as NumPy's Philox(seed=None) draws it. */
static void philox_file_reseed(struct philox_file *pf)
{
	struct seed_sequence ss;

	seed_sequence_init_random(&ss);
	philox_file_seed(pf, &ss);
}

static int philox_open(struct inode *inode, struct file *file)
{
	struct philox_file *pf;

	/* As getrandom(): wait for the kernel RNG, or EAGAIN if asked not to. */
	if (!rng_is_initialized()) {
		int ret;

		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_for_random_bytes();
		if (ret)
			return ret;
	}

	/* Charged to the opener's memory cgroup, as a file is. */
	pf = kzalloc(sizeof(*pf), GFP_KERNEL_ACCOUNT);
	if (!pf)
		return -ENOMEM;
	spin_lock_init(&pf->lock);
	philox_file_reseed(pf);
	file->private_data = pf;
	/* A stream: no file position, no f_pos lock between readers. */
	return stream_open(inode, file);
}

static int philox_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

/*********************************************************************
 *
 * Reading
 *
 * A read takes its whole span under the lock, so each read() returns a
 * contiguous piece of the stream and no byte goes to two readers. The
 * span's full blocks are generated into a kernel buffer and copied out
 * with copy_to_iter(), as get_random_bytes_user() in random.c does: the
 * reader's memory is written only through the uaccess API, so fork(),
 * file mappings and the memory manager's tracking of dirty and
 * write-protected pages see an ordinary copy. When the full blocks are
 * more than PHILOX_READ_CHUNK bytes, they are generated up to
 * PHILOX_READ_BUF_BYTES at a time into a buffer allocated for the read,
 * since every pass costs a call of the generator and of copy_to_iter();
 * fewer, and any read when that allocation fails, go PHILOX_READ_CHUNK
 * bytes at a time through the stack. After every PAGE_SIZE bytes copied,
 * unless it was the last, a read checks for signals and yields. What
 * could not be copied (a fault, a signal) is given back if nobody moved
 * or looked at the stream since, so a lone reader's reads always
 * concatenate; otherwise it is skipped, as the contract at the top of
 * this file says.
 *
 *********************************************************************/

#define PHILOX_READ_CHUNK	512	/* bytes per pass, on the stack */
#define PHILOX_READ_BUF_BYTES	SZ_4K	/* bytes per pass, allocated */

static void philox_file_reserve(struct philox_file *pf, size_t len,
				struct philox_span *span)
{
	spin_lock(&pf->lock);
	philox_reserve(&pf->stream, len, span);
	spin_unlock(&pf->lock);
}

/* Give back what a read took but could not copy, if nobody came since. */
static void philox_file_give_back(struct philox_file *pf,
				  const struct philox_span *span, size_t used)
{
	spin_lock(&pf->lock);
	philox_give_back(&pf->stream, span, used);
	spin_unlock(&pf->lock);
}

/*
 * Generate and copy out the span's full blocks, through buf of buf_len
 * bytes; returns bytes copied. A signal stops it only after a page has
 * been copied, as in random.c, so a read never fails for a signal alone.
 */
static size_t philox_copy_blocks(struct philox_span *span, u8 *buf,
				 size_t buf_len, struct iov_iter *to)
{
	size_t done = 0, since_check = 0;

	while (span->nblocks) {
		size_t n = min_t(size_t, span->nblocks,
				 buf_len / PHILOX_BLOCK_BYTES);
		size_t bytes = n * PHILOX_BLOCK_BYTES;
		size_t copied;

		philox_bulk_generate(span->counter, span->key, buf, n);
		copied = copy_to_iter(buf, bytes, to);
		done += copied;
		if (copied != bytes)
			break;
		span->nblocks -= n;

		since_check += bytes;
		if (since_check >= PAGE_SIZE && span->nblocks) {
			since_check = 0;
			if (signal_pending(current))
				break;
			cond_resched();
		}
	}
	return done;
}

/*
 * Not inlined, so that its buffer is on the stack only while it runs.
 * Neither the buffer nor read_iter's span is cleared first (as
 * CONFIG_INIT_STACK_ALL_ZERO would): every byte copied out is written
 * before, and small reads would pay for the clearing every time.
 */
static noinline size_t philox_copy_blocks_on_stack(struct philox_span *span,
						   struct iov_iter *to)
{
	u8 buf[PHILOX_READ_CHUNK] __aligned(8) __uninitialized;

	return philox_copy_blocks(span, buf, sizeof(buf), to);
}

/* The span's full blocks, through the larger buffer when it pays. */
static size_t philox_read_blocks(struct philox_span *span,
				 struct iov_iter *to)
{
	size_t buf_len, done;
	u8 *buf;

	if (span->nblocks > PHILOX_READ_CHUNK / PHILOX_BLOCK_BYTES) {
		buf_len = min_t(size_t, span->nblocks * PHILOX_BLOCK_BYTES,
				PHILOX_READ_BUF_BYTES);
		/*
		 * The stack buffer serves if this fails, so fail early rather
		 * than reclaim hard or wake the OOM killer for a speed-up.
		 */
		buf = kmalloc(buf_len, GFP_KERNEL | __GFP_NORETRY |
				       __GFP_NOWARN);
		if (buf) {
			done = philox_copy_blocks(span, buf, buf_len, to);
			kfree(buf);
			return done;
		}
	}
	return philox_copy_blocks_on_stack(span, to);
}

/*
 * The span's bytes in order: head, full blocks, tail. Reads of up to a
 * block have no full blocks: the reservation produced all their bytes.
 */
static ssize_t philox_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct philox_file *pf = iocb->ki_filp->private_data;
	size_t len = iov_iter_count(to);
	struct philox_span span __uninitialized;
	size_t done;

	if (!len)
		return 0;

	philox_file_reserve(pf, len, &span);
	done = copy_to_iter(span.head + span.head_off, span.head_len, to);
	if (done == span.head_len && span.nblocks)
		done += philox_read_blocks(&span, to);
	/* Only after every byte before it, or the stream would have a hole. */
	if (span.tail_len && done == len - span.tail_len)
		done += copy_to_iter(span.tail, span.tail_len, to);

	if (done < len)
		philox_file_give_back(pf, &span, done);
	return done ? done : -EFAULT;
}

static __poll_t philox_poll(struct file *file, poll_table *wait)
{
	return EPOLLIN | EPOLLRDNORM;
}

/*********************************************************************
 *
 * The ioctls
 *
 * Each copies its argument in before taking the lock, validates it, and
 * changes the state only when it will succeed: a failed ioctl changes
 * nothing. Structures copied out are built whole on the stack.
 *
 *********************************************************************/

static void philox_seed_to_user_format(const struct seed_sequence *ss,
				       struct philox_seed *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->entropy, ss->entropy, sizeof(out->entropy));
	memcpy(out->spawn_key, ss->spawn_key, sizeof(out->spawn_key));
	out->n_entropy = ss->n_entropy;
	out->n_spawn_key = ss->n_spawn_key;
	out->pool_size = ss->pool_size;
	out->n_children_spawned = ss->n_children_spawned;
}

static long philox_ioctl_seed(struct philox_file *pf, void __user *argp)
{
	struct philox_seed in;
	struct seed_sequence ss;
	int ret;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	ret = seed_sequence_init(&ss, in.entropy, in.n_entropy, in.spawn_key,
				 in.n_spawn_key, in.pool_size);
	if (ret)
		return ret;
	ss.n_children_spawned = in.n_children_spawned;
	philox_file_seed(pf, &ss);
	return 0;
}

static long philox_ioctl_get_seed(struct philox_file *pf, void __user *argp)
{
	struct seed_sequence ss;
	struct philox_seed out;
	bool has_seed;

	spin_lock(&pf->lock);
	has_seed = pf->has_seed;
	ss = pf->seed;
	spin_unlock(&pf->lock);
	if (!has_seed)
		return -ENODATA;

	philox_seed_to_user_format(&ss, &out);
	return copy_to_user(argp, &out, sizeof(out)) ? -EFAULT : 0;
}

/*
 * The child is counted under the lock and copied out once, after it: there
 * is no retry, and an error other than EFAULT comes before anything is
 * written. If the copy faults, the count is put back unless the
 * SeedSequence changed meanwhile (another SPAWN or a reseed); then that
 * child's index is skipped, never handed out twice.
 */
static long philox_ioctl_spawn(struct philox_file *pf, void __user *argp)
{
	struct seed_sequence child;
	struct philox_seed out;
	u64 generation;
	int ret;

	spin_lock(&pf->lock);
	ret = pf->has_seed ? seed_sequence_spawn(&pf->seed, &child, 1) :
			     -ENODATA;
	generation = ret ? 0 : ++pf->seed_gen;
	spin_unlock(&pf->lock);
	if (ret)
		return ret;

	philox_seed_to_user_format(&child, &out);
	if (!copy_to_user(argp, &out, sizeof(out)))
		return 0;

	spin_lock(&pf->lock);
	if (pf->seed_gen == generation) {
		pf->seed.n_children_spawned--;
		pf->seed_gen++;
	}
	spin_unlock(&pf->lock);
	return -EFAULT;
}

static long philox_ioctl_get_key(struct philox_file *pf, void __user *argp)
{
	struct philox_key out;

	memset(&out, 0, sizeof(out));
	spin_lock(&pf->lock);
	memcpy(out.key, pf->stream.rng.key, sizeof(out.key));
	philox_touch(&pf->stream);	/* seen: no give-back may undo it */
	spin_unlock(&pf->lock);
	return copy_to_user(argp, &out, sizeof(out)) ? -EFAULT : 0;
}

static long philox_ioctl_set_key(struct philox_file *pf, void __user *argp)
{
	struct philox_key in;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	spin_lock(&pf->lock);
	philox_init(&pf->stream.rng, in.key, pf->stream.rng.counter);
	philox_touch(&pf->stream);
	pf->has_seed = false;
	pf->seed_gen++;
	spin_unlock(&pf->lock);
	return 0;
}

static long philox_ioctl_get_counter(struct philox_file *pf,
				     void __user *argp)
{
	struct philox_counter out;

	memset(&out, 0, sizeof(out));
	spin_lock(&pf->lock);
	memcpy(out.counter, pf->stream.rng.counter, sizeof(out.counter));
	philox_touch(&pf->stream);	/* seen: no give-back may undo it */
	spin_unlock(&pf->lock);
	return copy_to_user(argp, &out, sizeof(out)) ? -EFAULT : 0;
}

static long philox_ioctl_set_counter(struct philox_file *pf,
				     void __user *argp)
{
	struct philox_counter in;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	spin_lock(&pf->lock);
	philox_init(&pf->stream.rng, pf->stream.rng.key, in.counter);
	philox_touch(&pf->stream);
	spin_unlock(&pf->lock);
	return 0;
}

static long philox_ioctl_advance(struct philox_file *pf, void __user *argp)
{
	struct philox_counter in;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	spin_lock(&pf->lock);
	philox_advance(&pf->stream.rng, in.counter);
	philox_touch(&pf->stream);
	spin_unlock(&pf->lock);
	return 0;
}

static long philox_ioctl_jump(struct philox_file *pf, void __user *argp)
{
	u64 jumps;

	if (copy_from_user(&jumps, argp, sizeof(jumps)))
		return -EFAULT;
	spin_lock(&pf->lock);
	philox_jump(&pf->stream.rng, jumps);
	philox_touch(&pf->stream);
	spin_unlock(&pf->lock);
	return 0;
}

static long philox_ioctl_get_state(struct philox_file *pf, void __user *argp)
{
	struct philox_state out;

	memset(&out, 0, sizeof(out));
	spin_lock(&pf->lock);
	memcpy(out.counter, pf->stream.rng.counter, sizeof(out.counter));
	memcpy(out.key, pf->stream.rng.key, sizeof(out.key));
	out.buffer_pos = pf->stream.rng.pos;
	philox_touch(&pf->stream);	/* seen: no give-back may undo it */
	spin_unlock(&pf->lock);
	return copy_to_user(argp, &out, sizeof(out)) ? -EFAULT : 0;
}

static long philox_ioctl_set_state(struct philox_file *pf, void __user *argp)
{
	struct philox_state in;
	struct philox_rng rng;

	if (copy_from_user(&in, argp, sizeof(in)))
		return -EFAULT;
	if (in.buffer_pos > PHILOX_BLOCK_BYTES || in.flags)
		return -EINVAL;

	philox_set_state(&rng, in.key, in.counter, in.buffer_pos);
	spin_lock(&pf->lock);
	pf->stream.rng = rng;
	philox_touch(&pf->stream);
	pf->has_seed = false;
	pf->seed_gen++;
	spin_unlock(&pf->lock);
	return 0;
}

static long philox_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct philox_file *pf = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case PHILOX_IOC_SEED:
		return philox_ioctl_seed(pf, argp);
	case PHILOX_IOC_GET_SEED:
		return philox_ioctl_get_seed(pf, argp);
	case PHILOX_IOC_SPAWN:
		return philox_ioctl_spawn(pf, argp);
	case PHILOX_IOC_GET_KEY:
		return philox_ioctl_get_key(pf, argp);
	case PHILOX_IOC_SET_KEY:
		return philox_ioctl_set_key(pf, argp);
	case PHILOX_IOC_GET_COUNTER:
		return philox_ioctl_get_counter(pf, argp);
	case PHILOX_IOC_SET_COUNTER:
		return philox_ioctl_set_counter(pf, argp);
	case PHILOX_IOC_ADVANCE:
		return philox_ioctl_advance(pf, argp);
	case PHILOX_IOC_JUMP:
		return philox_ioctl_jump(pf, argp);
	case PHILOX_IOC_GET_STATE:
		return philox_ioctl_get_state(pf, argp);
	case PHILOX_IOC_SET_STATE:
		return philox_ioctl_set_state(pf, argp);
	case PHILOX_IOC_RESEED:
		philox_file_reseed(pf);
		return 0;
	default:
		return -ENOTTY;
	}
}

/*********************************************************************
 *
 * The misc device
 *
 * These functions are called by philox_main.c:
 *
 *	int philox_dev_register(void)
 *	void philox_dev_unregister(void)
 *
 *********************************************************************/

static const struct file_operations philox_fops = {
	.owner		= THIS_MODULE,
	.open		= philox_open,
	.release	= philox_release,
	.read_iter	= philox_read_iter,
	.splice_read	= philox_splice_read,
	.poll		= philox_poll,
	.unlocked_ioctl	= philox_ioctl,
	/* The structures have one layout for 32- and 64-bit processes. */
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice philox_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "philox",
	.fops	= &philox_fops,
	.mode	= 0666,
};

/* The one line the module prints at load. */
int philox_dev_register(void)
{
	int ret = misc_register(&philox_miscdev);

	if (!ret)
		pr_info("/dev/philox ready: reads use %s, %zu bytes per open file\n",
			philox_bulk_impl_name(), sizeof(struct philox_file));
	return ret;
}

void philox_dev_unregister(void)
{
	misc_deregister(&philox_miscdev);
}
