/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host "arch" layer: ioremap()/iounmap() over a sparse stand-in for the
 * physical address space (see host_hw.h).  One memfd of HOST_MMIO_LIMIT
 * bytes is mapped twice: the device view, always read-write, and the CPU
 * view, PROT_NONE except for the pages a live ioremap() covers.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mhv/lib.h>
#include <mhv/mm.h>
#include "host_hw.h"

#define HOST_PAGE       4096ULL
#define MAX_MAPPINGS    4096

struct mapping {
    paddr_t pa;
    size_t size;
};

static pthread_mutex_t mmio_lock = PTHREAD_MUTEX_INITIALIZER;
static int mmio_fd = -1;
static u8 *cpu_view, *dev_view;
static struct mapping maps[MAX_MAPPINGS];
static unsigned int nr_maps;
static long fail_after = -1;

static void die(const char *what)
{
    fprintf(stderr, "host mmio: %s failed\n", what);
    abort();
}

/* @pre mmio_lock held. */
static void mmio_init(void)
{
    if (mmio_fd >= 0)
        return;
    mmio_fd = memfd_create("mhv-host-mmio", 0);
    if (mmio_fd < 0)
        die("memfd_create");
    if (ftruncate(mmio_fd, (off_t)HOST_MMIO_LIMIT))
        die("ftruncate");
    cpu_view = mmap(NULL, HOST_MMIO_LIMIT, PROT_NONE, MAP_SHARED | MAP_NORESERVE,
                    mmio_fd, 0);
    dev_view = mmap(NULL, HOST_MMIO_LIMIT, PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_NORESERVE, mmio_fd, 0);
    if (cpu_view == MAP_FAILED || dev_view == MAP_FAILED)
        die("mmap");
}

static paddr_t page_down(paddr_t pa)
{
    return pa & ~(HOST_PAGE - 1);
}

static paddr_t page_up(paddr_t pa)
{
    return (pa + HOST_PAGE - 1) & ~(HOST_PAGE - 1);
}

/* Set the CPU view's protection of the pages of [pa, pa + size).
 * @pre mmio_lock held. */
static void protect(paddr_t pa, size_t size, int prot)
{
    paddr_t lo = page_down(pa), hi = page_up(pa + size);

    if (mprotect(cpu_view + lo, hi - lo, prot))
        die("mprotect");
}

void *ioremap(paddr_t pa, size_t size)
{
    void *va = NULL;

    pthread_mutex_lock(&mmio_lock);
    mmio_init();
    if (fail_after == 0) {
        printk(LOG_WARNING "host ioremap %#lx+%#zx: failure injected\n", pa, size);
        goto out;
    }
    if (fail_after > 0)
        fail_after--;
    if (!size || pa >= HOST_MMIO_LIMIT || size > HOST_MMIO_LIMIT - pa) {
        printk(LOG_WARNING "host ioremap %#lx+%#zx: outside the host MMIO "
               "space\n", pa, size);
        goto out;
    }
    if (nr_maps == MAX_MAPPINGS) {
        printk(LOG_WARNING "host ioremap %#lx+%#zx: too many mappings\n", pa, size);
        goto out;
    }
    maps[nr_maps++] = (struct mapping){ .pa = pa, .size = size };
    protect(pa, size, PROT_READ | PROT_WRITE);
    va = cpu_view + pa;
 out:
    pthread_mutex_unlock(&mmio_lock);
    return va;
}

/* Is page @pg covered by a live mapping?  @pre mmio_lock held. */
static bool page_in_use(paddr_t pg)
{
    for (unsigned int i = 0; i < nr_maps; i++)
        if (page_down(maps[i].pa) <= pg && pg < page_up(maps[i].pa + maps[i].size))
            return true;
    return false;
}

void iounmap(void *va, size_t size)
{
    paddr_t pa;
    unsigned int i;
    bool found = false;

    pthread_mutex_lock(&mmio_lock);
    pa = (paddr_t)((u8 *)va - cpu_view);
    for (i = 0; cpu_view && i < nr_maps; i++) {
        if (maps[i].pa == pa && maps[i].size == size) {
            maps[i] = maps[--nr_maps];
            found = true;
            break;
        }
    }
    if (found) {
        for (paddr_t pg = page_down(pa); pg < page_up(pa + size); pg += HOST_PAGE)
            if (!page_in_use(pg))
                protect(pg, HOST_PAGE, PROT_NONE);
    }
    pthread_mutex_unlock(&mmio_lock);
    mock_assert(found, "iounmap() of a live ioremap() mapping", __FILE__, __LINE__);
}

void host_mmio_reset(void)
{
    pthread_mutex_lock(&mmio_lock);
    mmio_init();
    if (nr_maps) {
        fprintf(stderr, "host mmio: reset with %u live mappings (first %#lx+%#zx)\n",
                nr_maps, (unsigned long)maps[0].pa, maps[0].size);
        abort();
    }
    if (mprotect(cpu_view, HOST_MMIO_LIMIT, PROT_NONE))
        die("mprotect");
    if (fallocate(mmio_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
                  (off_t)HOST_MMIO_LIMIT))
        die("fallocate");
    fail_after = -1;
    pthread_mutex_unlock(&mmio_lock);
}

unsigned int host_mmio_nr_mappings(void)
{
    unsigned int n;

    pthread_mutex_lock(&mmio_lock);
    n = nr_maps;
    pthread_mutex_unlock(&mmio_lock);
    return n;
}

bool host_mmio_is_mapped(paddr_t pa, size_t size)
{
    bool found = false;

    pthread_mutex_lock(&mmio_lock);
    for (unsigned int i = 0; i < nr_maps && !found; i++)
        found = maps[i].pa == pa && maps[i].size == size;
    pthread_mutex_unlock(&mmio_lock);
    return found;
}

void host_mmio_fail_after(long n)
{
    pthread_mutex_lock(&mmio_lock);
    fail_after = n;
    pthread_mutex_unlock(&mmio_lock);
}

static volatile u32 *dev_word(paddr_t pa)
{
    pthread_mutex_lock(&mmio_lock);
    mmio_init();
    pthread_mutex_unlock(&mmio_lock);
    if (pa >= HOST_MMIO_LIMIT - 3 || (pa & 3)) {
        fprintf(stderr, "host mmio: device access at %#lx\n", (unsigned long)pa);
        abort();
    }
    return (volatile u32 *)(dev_view + pa);
}

u32 host_mmio_dev_read32(paddr_t pa)
{
    return *dev_word(pa);
}

void host_mmio_dev_write32(paddr_t pa, u32 v)
{
    *dev_word(pa) = v;
}

/* The last access to each noted address, by device-physical address: a
 * small table, enough for the registers tests look at. */
#define NOTE_SLOTS 4096
static struct note {
    paddr_t pa;
    bool used, write;
    u64 value;
} notes[NOTE_SLOTS];

void host_mmio_note(bool write, const volatile void *a, u64 v)
{
    const char *p = (const char *)a;
    paddr_t pa;
    struct note *n;

    if (!cpu_view || p < (const char *)cpu_view ||
        p >= (const char *)cpu_view + HOST_MMIO_LIMIT)
        return;                     /* not device memory */
    pa = (paddr_t)(p - (const char *)cpu_view);
    n = &notes[(pa >> 2) % NOTE_SLOTS];
    pthread_mutex_lock(&mmio_lock);
    *n = (struct note){ .pa = pa, .used = true, .write = write, .value = v };
    pthread_mutex_unlock(&mmio_lock);
}

bool host_mmio_last_access(paddr_t pa, bool *write, u64 *value)
{
    struct note n;

    pthread_mutex_lock(&mmio_lock);
    n = notes[(pa >> 2) % NOTE_SLOTS];
    pthread_mutex_unlock(&mmio_lock);
    if (!n.used || n.pa != pa)
        return false;
    *write = n.write;
    *value = n.value;
    return true;
}
