/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor heap.
 *
 * xmalloc()/xzalloc() return memory aligned to 16 bytes (or to the size's
 * natural alignment up to a page); xfree(NULL) is a no-op.  Debug builds
 * poison freed memory, catch double and invalid frees, and every build keeps
 * counters of live objects and bytes: tests compare them before and after a
 * scenario to prove that nothing leaked.
 */
#ifndef MHV_XMALLOC_H
#define MHV_XMALLOC_H

#include <mhv/types.h>

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#define xmalloc(type)        ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type)        ((type *)xzalloc_bytes(sizeof(type)))
#define xmalloc_array(type, n) \
    ((n) > SIZE_MAX / sizeof(type) ? NULL : (type *)xmalloc_bytes(sizeof(type) * (n)))
#define xzalloc_array(type, n) \
    ((n) > SIZE_MAX / sizeof(type) ? NULL : (type *)xzalloc_bytes(sizeof(type) * (n)))

struct heap_stats {
    unsigned long live_objects;
    unsigned long live_bytes;
    unsigned long failed;           /* allocations that returned NULL */
};
void heap_stats(struct heap_stats *st);

#endif /* MHV_XMALLOC_H */
