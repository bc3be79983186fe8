/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor heap (<mhv/xmalloc.h>).
 *
 * Objects up to 4 KiB come from per-size-class free lists (32 .. 4096
 * bytes including a 16-byte header) carved out of whole pages; larger ones
 * take contiguous pages.  Each object carries a header with its state, so
 * a double or invalid free is caught on every build.  Debug builds poison
 * freed memory and check the poison when the memory is handed out again
 * (a write after free is reported with the object's address).
 *
 * Lock: heap_lock (IRQ-safe) guards the free lists and the counters.
 *
 * CONFIG_FAULT_INJECTION adds the `failslab=` option, for testing the
 * error paths of everything a domain can make the hypervisor allocate:
 *   failslab=N         the N-th allocation made on behalf of a domain (a
 *                      vCPU is current: a hypercall) fails; counting starts
 *                      at 1 with the first such allocation after boot;
 *   failslab=p:P[:S]   each such allocation fails with probability P
 *                      percent (pseudo-random from seed S, default 1).
 * Each injected failure logs "failslab: allocation N ... fails" with its
 * caller.  Boot-time allocations are never failed.
 */
#include <mhv/xmalloc.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/spinlock.h>
#ifdef CONFIG_FAULT_INJECTION
#include <mhv/init.h>
#include <mhv/sched.h>
#include <mhv/errno.h>
#endif

#define HDR_LIVE   0x4c495645u      /* "LIVE" */
#define HDR_FREE   0x46524545u      /* "FREE" */
#define CLS_PAGES  0xffff
#define NR_CLASSES 8                /* 32 << 0 .. 32 << 7 = 4096 */
#define POISON     0xdd

struct xhdr {
    u32 magic;
    u16 cls;                        /* size class, or CLS_PAGES */
    u16 order;                      /* CLS_PAGES: page order */
    u64 size;                       /* bytes requested */
};
_Static_assert(sizeof(struct xhdr) == 16, "xhdr size");

struct free_obj {
    struct xhdr h;
    struct free_obj *next;
};

static DEFINE_SPINLOCK(heap_lock);
static struct free_obj *free_list[NR_CLASSES];
static unsigned long live_objects, live_bytes, failed_allocs;

static size_t class_size(unsigned int cls)
{
    return 32UL << cls;
}

static int size_to_class(size_t total)
{
    for (unsigned int c = 0; c < NR_CLASSES; c++)
        if (total <= class_size(c))
            return c;
    return -1;
}

/* Carve a fresh page into objects of class @cls (heap_lock held). */
static bool refill(unsigned int cls)
{
    u8 *page = alloc_page_va();
    size_t sz = class_size(cls);

    if (!page)
        return false;
    for (size_t off = 0; off + sz <= PAGE_SIZE; off += sz) {
        struct free_obj *o = (void *)(page + off);

        o->h.magic = HDR_FREE;
        o->h.cls = cls;
#ifdef CONFIG_DEBUG
        memset(o + 1, POISON, sz - sizeof(*o));
#endif
        o->next = free_list[cls];
        free_list[cls] = o;
    }
    return true;
}

#ifdef CONFIG_DEBUG
static void check_poison(struct free_obj *o)
{
    const u8 *p = (const u8 *)(o + 1);
    size_t n = class_size(o->h.cls) - sizeof(*o);

    for (size_t i = 0; i < n; i++)
        if (p[i] != POISON) {
            printk(LOG_CRIT "heap: object %p (class %zu) written after free "
                   "at offset %zu\n", (void *)(&o->h + 1),
                   class_size(o->h.cls), sizeof(*o) - sizeof(o->h) + i);
            BUG();
        }
}
#endif

#ifdef CONFIG_FAULT_INJECTION
static unsigned long failslab_nth;      /* 0: no N-th failure */
static unsigned int failslab_pct;       /* 0: no random failures */
static u64 failslab_rng = 1;
static unsigned long failslab_count;    /* allocations counted (heap_lock) */

static int parse_failslab(const char *val)
{
    const char *end;

    if (!val || !*val)
        return -EINVAL;
    if (val[0] == 'p' && val[1] == ':') {
        failslab_pct = simple_strtoul(val + 2, &end, 10);
        if (*end == ':') {
            failslab_rng = simple_strtoul(end + 1, &end, 0);
            if (!failslab_rng)
                failslab_rng = 1;
        }
        if (*end || end == val + 2 || failslab_pct > 100) {
            failslab_pct = 0;
            return -EINVAL;
        }
        return 0;
    }
    failslab_nth = simple_strtoul(val, &end, 0);
    if (*end || !failslab_nth) {
        failslab_nth = 0;
        return -EINVAL;
    }
    return 0;
}
custom_param("failslab", parse_failslab);

/* Whether this allocation of @size bytes for @caller is to fail. */
static bool failslab(size_t size, void *caller)
{
    unsigned long flags, n;
    bool fail;

    if ((!failslab_nth && !failslab_pct) || !current_vcpu())
        return false;
    spin_lock_irqsave(&heap_lock, flags);
    n = ++failslab_count;
    if (failslab_nth) {
        fail = n == failslab_nth;
    } else {
        failslab_rng ^= failslab_rng << 13;     /* xorshift64 */
        failslab_rng ^= failslab_rng >> 7;
        failslab_rng ^= failslab_rng << 17;
        fail = failslab_rng % 100 < failslab_pct;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
    if (fail)
        printk(LOG_WARNING "failslab: allocation %lu (%zu bytes) from %pS fails\n",
               n, size, caller);
    return fail;
}
#endif

static void *__xmalloc(size_t size, void *caller)
{
    size_t total = size + sizeof(struct xhdr);
    struct xhdr *h = NULL;
    unsigned long flags;
    int cls;

    if (size > (1UL << 30))
        goto fail_unlocked;
#ifdef CONFIG_FAULT_INJECTION
    if (failslab(size, caller))
        goto fail_unlocked;
#endif
    cls = size_to_class(total);

    if (cls < 0) {
        unsigned int order = 0;
        paddr_t pa;

        while ((PAGE_SIZE << order) < total)
            order++;
        pa = alloc_pages(order);
        if (!pa)
            goto fail_unlocked;
        h = __va(pa);
        h->cls = CLS_PAGES;
        h->order = order;
        spin_lock_irqsave(&heap_lock, flags);
    } else {
        struct free_obj *o;

        spin_lock_irqsave(&heap_lock, flags);
        if (!free_list[cls] && !refill(cls)) {
            failed_allocs++;
            spin_unlock_irqrestore(&heap_lock, flags);
            return NULL;
        }
        o = free_list[cls];
        BUG_ON(o->h.magic != HDR_FREE);
#ifdef CONFIG_DEBUG
        check_poison(o);
#endif
        free_list[cls] = o->next;
        h = &o->h;
    }
    h->magic = HDR_LIVE;
    h->size = size;
    live_objects++;
    live_bytes += size;
    spin_unlock_irqrestore(&heap_lock, flags);
    return h + 1;

 fail_unlocked:
    spin_lock_irqsave(&heap_lock, flags);
    failed_allocs++;
    spin_unlock_irqrestore(&heap_lock, flags);
    return NULL;
}

void *xmalloc_bytes(size_t size)
{
    return __xmalloc(size, __builtin_return_address(0));
}

void *xzalloc_bytes(size_t size)
{
    void *p = __xmalloc(size, __builtin_return_address(0));

    if (p)
        memset(p, 0, size);
    return p;
}

void xfree(void *p)
{
    struct xhdr *h;
    unsigned long flags;

    if (!p)
        return;
    h = (struct xhdr *)p - 1;
    if (h->magic != HDR_LIVE) {
        printk(LOG_CRIT "heap: %s of %p (header %#x)\n",
               h->magic == HDR_FREE ? "double free" : "invalid free", p,
               h->magic);
        BUG();
    }

    spin_lock_irqsave(&heap_lock, flags);
    live_objects--;
    live_bytes -= h->size;
    if (h->cls == CLS_PAGES) {
        unsigned int order = h->order;

        h->magic = HDR_FREE;
        spin_unlock_irqrestore(&heap_lock, flags);
        free_pages(__pa(h), order);
        return;
    }
    {
        struct free_obj *o = (struct free_obj *)h;

        o->h.magic = HDR_FREE;
#ifdef CONFIG_DEBUG
        memset(o + 1, POISON, class_size(o->h.cls) - sizeof(*o));
#endif
        o->next = free_list[o->h.cls];
        free_list[o->h.cls] = o;
    }
    spin_unlock_irqrestore(&heap_lock, flags);
}

void heap_stats(struct heap_stats *st)
{
    unsigned long flags;

    spin_lock_irqsave(&heap_lock, flags);
    st->live_objects = live_objects;
    st->live_bytes = live_bytes;
    st->failed = failed_allocs;
    spin_unlock_irqrestore(&heap_lock, flags);
}
