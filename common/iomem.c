/* SPDX-License-Identifier: GPL-2.0 */
/* Hypervisor-owned physical ranges (<mhv/iomem.h>). */
#include <mhv/iomem.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <mhv/spinlock.h>

static struct {
    paddr_t start;
    u64 size;
    const char *what;
} reserved[IOMEM_MAX_RESERVED];
static unsigned int nr_reserved;            /* published with release */
static DEFINE_SPINLOCK(iomem_lock);         /* writers only */

int iomem_reserve(paddr_t start, u64 size, const char *what)
{
    unsigned int n;
    int rc = 0;

    if (!size)
        return 0;
    spin_lock(&iomem_lock);
    n = nr_reserved;
    if (n == IOMEM_MAX_RESERVED) {
        rc = -ENOSPC;
    } else {
        reserved[n].start = start;
        reserved[n].size = size;
        reserved[n].what = what;
        __atomic_store_n(&nr_reserved, n + 1, __ATOMIC_RELEASE);
    }
    spin_unlock(&iomem_lock);
    if (rc)
        printk(LOG_ERR "iomem: no room to keep %s [%#lx+%#lx]: domains might "
               "map it\n", what, start, size);
    else
        printk(LOG_DEBUG "iomem: %s [%#lx+%#lx] kept for the hypervisor\n",
               what, start, size);
    return rc;
}

const char *iomem_reserved(paddr_t start, u64 size)
{
    unsigned int n = __atomic_load_n(&nr_reserved, __ATOMIC_ACQUIRE);

    for (unsigned int i = 0; i < n; i++)
        if (start < reserved[i].start + reserved[i].size &&
            reserved[i].start < start + size)
            return reserved[i].what;
    return NULL;
}
