/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels philox.ko builds against (5.10 and
 * newer). Kbuild detects features in the kernel's headers rather than
 * comparing version numbers, so backports are picked up too. KUnit's
 * headers that older kernels lack are in module/compat/, behind the
 * kernel's own on the include path.
 */
#ifndef _PHILOX_COMPAT_H
#define _PHILOX_COMPAT_H

/* 6.5 replaced generic_file_splice_read() with copy_splice_read(). */
#ifdef PHILOX_HAVE_COPY_SPLICE_READ
#define philox_splice_read	copy_splice_read
#else
#define philox_splice_read	generic_file_splice_read
#endif

#endif /* _PHILOX_COMPAT_H */
