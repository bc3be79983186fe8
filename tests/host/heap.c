/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host build of the heap interface (<mhv/xmalloc.h>): malloc underneath so
 * that ASan sees every object, with the same live-object counters the
 * hypervisor keeps, and an allocation-failure switch for tests.
 */
#include <stdlib.h>
#include <string.h>
#include <mhv/xmalloc.h>
#include "harness.h"

struct host_hdr {
    size_t size;
    size_t pad;     /* keep the payload 16-byte aligned */
};

static unsigned long live_objects, live_bytes, failed;
static long fail_after = -1;    /* <0: never; 0: the next allocation fails */

void host_heap_fail_after(long n)
{
    fail_after = n;
}

void *xmalloc_bytes(size_t size)
{
    struct host_hdr *h;

    if (fail_after == 0) {
        failed++;
        return NULL;
    }
    if (fail_after > 0)
        fail_after--;
    h = malloc(sizeof(*h) + size);
    if (!h) {
        failed++;
        return NULL;
    }
    h->size = size;
    __atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&live_bytes, size, __ATOMIC_RELAXED);
    return h + 1;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if (p)
        memset(p, 0, size);
    return p;
}

void xfree(void *p)
{
    struct host_hdr *h;

    if (!p)
        return;
    h = (struct host_hdr *)p - 1;
    __atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED);
    __atomic_sub_fetch(&live_bytes, h->size, __ATOMIC_RELAXED);
    free(h);
}

void heap_stats(struct heap_stats *st)
{
    st->live_objects = __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
    st->live_bytes = __atomic_load_n(&live_bytes, __ATOMIC_RELAXED);
    st->failed = failed;
}
