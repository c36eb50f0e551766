// SPDX-License-Identifier: GPL-2.0
/*
 * tour: the README's example. Seeds its own file of /dev/philox with
 * SeedSequence(12345) and prints the first four 64-bit outputs, which
 * NumPy's Philox(SeedSequence(12345)).random_raw(4) reproduces.
 */

#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/philox.h>

int main(void)
{
	struct philox_seed seed = { .entropy = { 12345 }, .n_entropy = 1 };
	unsigned char out[32];
	int fd = open("/dev/philox", O_RDONLY);
	int i, j;

	if (fd < 0 || ioctl(fd, PHILOX_IOC_SEED, &seed) ||
	    read(fd, out, sizeof(out)) != sizeof(out)) {
		perror("/dev/philox");
		return 1;
	}
	/* The stream is little-endian bytes on every machine: decode them. */
	for (i = 0; i < 4; i++) {
		unsigned long long v = 0;

		for (j = 7; j >= 0; j--)
			v = v << 8 | out[8 * i + j];
		printf("%llu\n", v);
	}
	return 0;
}
