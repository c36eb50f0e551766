/* SPDX-License-Identifier: GPL-2.0 */
#include "../philox_userspace.h"
