/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ioctl ABI of /dev/philox.
 *
 * Every open file of /dev/philox is its own Philox4x64-10 stream, equal to
 * NumPy's numpy.random.Philox: with the same key and counter, reads return
 * the little-endian bytes of Philox(key=, counter=).random_raw(). Philox is
 * NOT a cryptographic generator.
 *
 * All structures have the same layout for 32- and 64-bit processes.
 * Ioctl magic 0xB9, numbers 0x00-0x0B.
 */
#ifndef _UAPI_LINUX_PHILOX_H
#define _UAPI_LINUX_PHILOX_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define PHILOX_SEED_MAX_WORDS	32
#define PHILOX_SPAWN_MAX_WORDS	16
#define PHILOX_POOL_MAX_WORDS	64
#define PHILOX_BLOCK_BYTES	32

/* key[0] is the low 64 bits, as NumPy's key array. */
struct philox_key {
	__u64 key[2];
};

/* counter[0] is the least significant word. */
struct philox_counter {
	__u64 counter[4];
};

struct philox_state {
	__u64 counter[4];	/* the block in the buffer (NumPy's counter) */
	__u64 key[2];
	__u32 buffer_pos;	/* bytes of it already read; 32 = none */
	__u32 flags;		/* 0 */
};

/* A SeedSequence: NumPy's entropy, spawn_key, pool_size, n_children_spawned */
struct philox_seed {
	__u32 entropy[PHILOX_SEED_MAX_WORDS];	/* least significant first */
	__u32 spawn_key[PHILOX_SPAWN_MAX_WORDS];
	__u32 n_entropy;		/* 0..32 words */
	__u32 n_spawn_key;		/* 0..16 words */
	__u32 pool_size;		/* 0 = 4; otherwise 4..64 */
	__u32 n_children_spawned;
};

#define PHILOX_IOC_MAGIC	0xB9

/* Reseed from this SeedSequence: counter 0, buffer dropped. */
#define PHILOX_IOC_SEED		_IOW(PHILOX_IOC_MAGIC, 0x00, struct philox_seed)
/* The SeedSequence behind the current key; ENODATA if there is none. */
#define PHILOX_IOC_GET_SEED	_IOR(PHILOX_IOC_MAGIC, 0x01, struct philox_seed)
/* The next child's SeedSequence; the file's n_children_spawned grows. */
#define PHILOX_IOC_SPAWN	_IOR(PHILOX_IOC_MAGIC, 0x02, struct philox_seed)
#define PHILOX_IOC_GET_KEY	_IOR(PHILOX_IOC_MAGIC, 0x03, struct philox_key)
/* Set the key (NumPy's key=); counter kept, buffer dropped. */
#define PHILOX_IOC_SET_KEY	_IOW(PHILOX_IOC_MAGIC, 0x04, struct philox_key)
#define PHILOX_IOC_GET_COUNTER	_IOR(PHILOX_IOC_MAGIC, 0x05, struct philox_counter)
/* Set the counter; buffer dropped. */
#define PHILOX_IOC_SET_COUNTER	_IOW(PHILOX_IOC_MAGIC, 0x06, struct philox_counter)
/* counter += delta mod 2^256; buffer dropped (NumPy's advance). */
#define PHILOX_IOC_ADVANCE	_IOW(PHILOX_IOC_MAGIC, 0x07, struct philox_counter)
/* counter += n * 2^128 mod 2^256; buffer dropped (NumPy's jumped). */
#define PHILOX_IOC_JUMP		_IOW(PHILOX_IOC_MAGIC, 0x08, __u64)
#define PHILOX_IOC_GET_STATE	_IOR(PHILOX_IOC_MAGIC, 0x09, struct philox_state)
/* Set the whole state; buffer_pos < 32 regenerates that block. */
#define PHILOX_IOC_SET_STATE	_IOW(PHILOX_IOC_MAGIC, 0x0A, struct philox_state)
/* Fresh kernel entropy, as at open. */
#define PHILOX_IOC_RESEED	_IO(PHILOX_IOC_MAGIC, 0x0B)

#endif /* _UAPI_LINUX_PHILOX_H */
