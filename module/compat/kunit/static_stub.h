/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For kernels older than 6.4, which have no KUnit static stubs: the
 * kernel's own header comes first on the include path wherever it exists.
 * Without it no test can redirect a function, so the hook does nothing.
 */
#ifndef _PHILOX_COMPAT_KUNIT_STATIC_STUB_H
#define _PHILOX_COMPAT_KUNIT_STATIC_STUB_H

#define KUNIT_STATIC_STUB_REDIRECT(real_fn_name, args...) do {} while (0)

#endif /* _PHILOX_COMPAT_KUNIT_STATIC_STUB_H */
