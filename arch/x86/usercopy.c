/* SPDX-License-Identifier: GPL-2.0 */
/* Guest memory access with range checks and fault recovery. */
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/guest_mm.h>
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

int copy_from_guest(void *dst, unsigned long src, size_t len)
{
    if (!guest_range_ok(src, len))
        return -EFAULT;
    return copy(dst, (const void *)src, len) ? -EFAULT : 0;
}

int copy_to_guest(unsigned long dst, const void *src, size_t len)
{
    if (!guest_range_ok(dst, len))
        return -EFAULT;
    return copy((void *)dst, src, len) ? -EFAULT : 0;
}
