/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For kernels older than 6.1, which have no kunit/visibility.h: the
 * kernel's own header comes first on the include path wherever it exists.
 * Without it there is no KUnit to see test-only symbols, so they stay
 * static and are not exported.
 */
#ifndef _PHILOX_COMPAT_KUNIT_VISIBILITY_H
#define _PHILOX_COMPAT_KUNIT_VISIBILITY_H

#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)

#endif /* _PHILOX_COMPAT_KUNIT_VISIBILITY_H */
