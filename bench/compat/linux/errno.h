/* SPDX-License-Identifier: GPL-2.0 */
/* The C library reaches this file through <errno.h>: give it the real one. */
#include <asm/errno.h>
#include "../philox_userspace.h"
