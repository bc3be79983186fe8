/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PV guest memory access: the running domain's user space, reached
 * directly (SMAP opened around the copy) with the exception table
 * recovering from faults.
 */
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/guest_access.h>
#include <asm/cpu.h>
#include <public/mhv.h>

unsigned long __copy_user(void *dst, const void *src, unsigned long len);
unsigned long __copy_user_smap(void *dst, const void *src, unsigned long len);

static bool guest_range_ok(unsigned long a, size_t len)
{
    return a + len >= a && a + len <= MHV_USER_END;
}

static unsigned long copy(void *dst, const void *src, size_t len)
{
    return boot_cpu.smap ? __copy_user_smap(dst, src, len)
                         : __copy_user(dst, src, len);
}

int pv_copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (!guest_range_ok(src, len))
        return -EFAULT;
    return copy(dst, (const void *)src, len) ? -EFAULT : 0;
}

int pv_copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (!guest_range_ok(dst, len))
        return -EFAULT;
    return copy((void *)dst, src, len) ? -EFAULT : 0;
}
