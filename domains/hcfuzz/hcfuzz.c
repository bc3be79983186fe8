/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hcfuzz: the hypercall fuzzer (see hcfuzz.h for what it does and checks).
 *
 * One call = one hypercall built by an operation generator: it chooses the
 * arguments, places the argument structure (when there is one) where the
 * chosen pointer kind says, makes the call, and checks the result against
 * what must hold for that kind of call.
 */
#include "hcfuzz.h"
#include <runtime/hypercall.h>
#include <runtime/cmdline.h>
#include <mhvctl/mhvctl.h>

#define DEFAULT_CALLS       100000u
#define PROGRESS_EVERY      10000u
#define MAX_REPORTED        20          /* violations printed in full */
#define ERRNO_MAX           128

/* ------------------------------------------------------------ generator */

static uint64_t rng_state;

void rng_seed(uint64_t seed)
{
    rng_state = seed;
}

uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t rng_below(uint64_t n)
{
    return rng() % n;
}

bool rng_one_in(uint64_t n)
{
    return rng_below(n) == 0;
}

/* A value that likes edges: 0, 1, -1, powers of two and their neighbours. */
static uint64_t rng_edgy(void)
{
    switch (rng_below(8)) {
    case 0:
        return 0;
    case 1:
        return rng_below(16);
    case 2:
        return ~0ull - rng_below(4);
    case 3: {
        uint64_t p = 1ull << rng_below(64);

        return p + rng_below(3) - 1;
    }
    case 4:
        return (uint32_t)rng();
    case 5:
        return (uint16_t)rng();
    default:
        return rng();
    }
}

/* ------------------------------------------------------------ state */

static bool privileged;
static unsigned int my_domid;
static unsigned long nr_calls;
static unsigned long results[ERRNO_MAX + 2];    /* [0] ok, [e] -e, last: other */
static unsigned long violations;

static unsigned long maps_ok, unmaps_ok, bars_ok, confs_ok, dmas_ok;

/* pirqs the control domain mapped during the run (legitimate leftovers). */
static bool pirq_mapped[MHV_NR_PIRQS];

/* The machine: registered functions (SBDFs, from the registry). */
#define MAX_REAL 64
static uint32_t real_sbdf[MAX_REAL];
static unsigned int nr_real;
/* MSI / MSI-X control registers of real functions: writes must be refused. */
static struct {
    uint32_t sbdf;
    uint16_t reg;
} owned_regs[MAX_REAL * 2];
static unsigned int nr_owned_regs;

static void violation(const char *fmt, ...) __printf(1, 2);
static void violation(const char *fmt, ...)
{
    va_list ap;

    if (++violations > MAX_REPORTED)
        return;
    printf("hcfuzz: VIOLATION at call %lu: ", nr_calls);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static void count(long rc)
{
    if (rc >= 0)
        results[0]++;
    else if (rc >= -ERRNO_MAX)
        results[-rc]++;
    else
        results[ERRNO_MAX + 1]++;
}

static const char *ename(long rc)
{
    const char *n = rc < 0 ? errno_to_name((int)rc) : NULL;

    return n ? n : rc >= 0 ? "ok" : "E?";
}

/* ------------------------------------------------------------ pointers */

/*
 * Where an argument structure goes.  Readable kinds have content: the
 * arena (content chosen by the generator, aligned or not), read-only
 * templates (content chosen too), the start info page (read-only, content
 * not ours).  The rest cannot be read at all, whole or in part.
 */
enum ptr_kind {
    P_VALID, P_MISALIGNED, P_RODATA, P_START_INFO,
    P_NULL, P_LOW, P_UNMAPPED, P_KERNEL, P_NONCANON, P_USER_END,
    P_STACK_BOTTOM, NR_PTR_KINDS
};
static const char *const ptr_names[NR_PTR_KINDS] = {
    "valid", "misaligned", "rodata", "start_info", "null", "low", "unmapped",
    "kernel", "noncanonical", "user_end", "stack_bottom",
};
static unsigned long ptr_used[NR_PTR_KINDS];

static bool readable(enum ptr_kind k)
{
    return k <= P_START_INFO;
}

/* Content chosen by us (the generator fills it, or a template). */
static bool controlled(enum ptr_kind k)
{
    return k <= P_RODATA;
}

static uint8_t arena[4 * 4096] __attribute__((aligned(4096)));

/* An address no argument of @size can be read from. */
static unsigned long bad_ptr(enum ptr_kind k, size_t size)
{
    unsigned long stack_bottom = MHV_STACK_TOP - MHV_STACK_PAGES * 4096ull;

    switch (k) {
    case P_NULL:
        return 0;
    case P_LOW:
        return 1 + rng_below(0xfff);
    case P_UNMAPPED:
        /* Below the image, or in the hole between it and the BAR area. */
        return rng_one_in(2) ? 0x1000 + rng_below(0x3ff000)
                             : 0x100000000ull + rng_below(1ull << 40);
    case P_KERNEL:
        switch (rng_below(3)) {
        case 0:
            return 0xffff800000000000ull + rng_below(1ull << 32);  /* direct map */
        case 1:
            return 0xffffffff80000000ull + rng_below(1ull << 24);  /* image */
        default:
            return 0xffffc00000000000ull + rng_below(1ull << 30);  /* ioremap */
        }
    case P_NONCANON:
        return 0x0000800000000000ull + rng_below(0xffff000000000000ull);
    case P_USER_END:
        return MHV_USER_END - 1 - rng_below(size > 1 ? size - 1 : 1);
    case P_STACK_BOTTOM:
        /* Starts in the unmapped page below the stack, ends in the stack. */
        return stack_bottom - 1 - rng_below(size > 1 ? size - 1 : 1);
    default:
        return 0;
    }
}

/* ------------------------------------------------------------ read-only templates */

/*
 * Legitimate requests in read-only memory: the hypervisor may act on them
 * but cannot write the result back, so the call must fail with -EFAULT and
 * leave nothing behind (map_pirq unmaps again, for one).
 */
static const struct {
    struct physdev_map_pirq map_pirq;
    struct physdev_unmap_pirq unmap_pirq;
    struct physdev_mhv_pci_conf conf;
    struct physdev_mhv_map_bar map_bar;
    struct physdev_mhv_dma_alloc dma_alloc;
    struct physdev_mhv_dma_free dma_free;
    struct physdev_pci_device dev;
    struct physdev_pci_device_add dev_add;
    struct physdev_manage_pci manage;
    struct physdev_mhv_dev_event dev_event;
    struct physdev_mhv_place_bars place_bars;
    struct mhv_domctl domctl;
    struct mhv_sysctl sysctl;
    struct sched_poll poll;
} ro = {
    .map_pirq = { .domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_MSI, .index = -1,
                  .pirq = -1, .bus = 1, .devfn = 0, .entry_nr = 0 },
    .unmap_pirq = { .domid = DOMID_SELF, .pirq = 200 },
    .conf = { .sbdf = SBDF_MAKE(0, 1, 0, 0), .reg = 0, .size = 4 },
    .place_bars = { .sbdf = SBDF_MAKE(0, 1, 0, 0) },
    .map_bar = { .sbdf = SBDF_MAKE(0, 1, 0, 0), .bar = 0 },
    .dma_alloc = { .size = 4096 },
    .dma_free = { .va = MHV_DMA_VA },
    .dev = { .seg = 0x7777, .bus = 1 },
    .dev_add = { .seg = 0x7777, .bus = 1 },
    .manage = { .bus = 0x99 },
    .domctl = { .cmd = XEN_DOMCTL_getdomaininfo,
                .interface_version = MHV_DOMCTL_INTERFACE_VERSION, .domain = 0 },
    .sysctl = { .cmd = MHV_SYSCTL_pci_list,
                .interface_version = MHV_SYSCTL_INTERFACE_VERSION,
                .u.pci_list = { .max = 4, .buf = (uint64_t)(uintptr_t)arena } },
    .poll = { .timeout_ns = 0 },
};

/*
 * Place an argument of @size bytes for kind @k.  For P_VALID and
 * P_MISALIGNED the generator then writes the content at the returned
 * address (@content non-NULL: copied there now); P_RODATA gives @rodata
 * (a template of the same type), P_START_INFO the start info page.
 */
static unsigned long place(enum ptr_kind k, size_t size, const void *content,
                           const void *rodata)
{
    unsigned long off;

    ptr_used[k]++;
    switch (k) {
    case P_VALID:
    case P_MISALIGNED:
        off = 4096 + rng_below(8) * 8 + (k == P_MISALIGNED ? 1 + rng_below(7) : 0);
        if (content)
            memcpy(arena + off, content, size);
        return (unsigned long)(arena + off);
    case P_RODATA:
        return (unsigned long)rodata;
    case P_START_INFO:
        return (unsigned long)mhv_start_info;
    default:
        return bad_ptr(k, size);
    }
}

/* A pointer kind; @foreign false: only kinds whose content is ours. */
static enum ptr_kind pick_ptr(bool foreign)
{
    enum ptr_kind k;

    do {
        /* Valid pointers half of the time: get past the copy. */
        k = rng_one_in(2) ? P_VALID : (enum ptr_kind)rng_below(NR_PTR_KINDS);
    } while (!foreign && k == P_START_INFO);
    return k;
}

/* ------------------------------------------------------------ SBDFs */

/* A function that exists (registered), or 0000:01:00.0. */
static uint32_t real_fn(void)
{
    return nr_real ? real_sbdf[rng_below(nr_real)] : SBDF_MAKE(0, 1, 0, 0);
}

/* A function that certainly does not exist: no bus above 0x0f is used in
 * the QEMU machine, and only segment 0 exists. */
static uint32_t fake_fn(void)
{
    if (rng_one_in(2))
        return SBDF_MAKE(1 + rng_below(0xffff), rng_below(256), rng_below(32),
                         rng_below(8));
    return SBDF_MAKE(0, 0x10 + rng_below(0xf0), rng_below(32), rng_below(8));
}

static bool is_fake(uint32_t sbdf)
{
    return SBDF_SEG(sbdf) != 0 || SBDF_BUS(sbdf) >= 0x10;
}

/* Any SBDF; @harmless: a fake one in the control domain (for operations
 * that would change a real device). */
static uint32_t any_fn(bool harmless)
{
    if (harmless && privileged)
        return fake_fn();
    switch (rng_below(4)) {
    case 0:
        return fake_fn();
    case 1:
        return (uint32_t)rng();
    default:
        return real_fn();
    }
}

static domid_t any_domid(void)
{
    switch (rng_below(6)) {
    case 0:
        return DOMID_SELF;
    case 1:
        return (domid_t)my_domid;
    case 2:
        return (domid_t)(1 - (my_domid & 1));
    case 3:
        return DOMID_INVALID;
    case 4:
        return (domid_t)rng_below(8);
    default:
        return (domid_t)rng();
    }
}

/* ------------------------------------------------------------ one call */

struct call {
    unsigned long nr, a[5];
    enum ptr_kind kind;         /* of the argument structure, if any */
    bool reads_arg;             /* the call must read a[1] (or a[2]) */
    bool privileged_op;         /* an ordinary domain must be refused */
    const char *what;
};

static long issue(const struct call *c)
{
    long rc = hypercall5(c->nr, c->a[0], c->a[1], c->a[2], c->a[3], c->a[4]);

    nr_calls++;
    count(rc);
    if (c->reads_arg && !readable(c->kind) && rc >= 0)
        violation("%s with a %s pointer succeeded (%ld)", c->what,
                  ptr_names[c->kind], rc);
    if (!privileged && c->privileged_op && rc >= 0)
        violation("%s from an ordinary domain succeeded (%ld)", c->what, rc);
    return rc;
}

/* ------------------------------------------------------------ operations */

/* An unknown hypercall number: -ENOSYS and nothing else. */
static void op_unknown(void)
{
    static const unsigned int known[] = {
        __HYPERVISOR_console_io, __HYPERVISOR_sched_op,
        __HYPERVISOR_event_channel_op, __HYPERVISOR_physdev_op,
        __HYPERVISOR_sysctl, __HYPERVISOR_domctl, __HYPERVISOR_mhv_bench,
        __HYPERVISOR_mhv_time,
    };
    struct call c = { .what = "unknown hypercall" };
    unsigned int i;
    long rc;

    do {
        switch (rng_below(3)) {
        case 0:
            c.nr = rng_below(MHV_NR_HYPERCALLS);
            break;
        case 1:
            c.nr = MHV_NR_HYPERCALLS + rng_below(1000);
            break;
        default:
            c.nr = rng_edgy();
        }
        for (i = 0; i < ARRAY_SIZE(known) && c.nr != known[i]; i++)
            ;
    } while (i < ARRAY_SIZE(known));
    for (i = 0; i < 5; i++)
        c.a[i] = rng_edgy();
    rc = issue(&c);
    if (rc != -MHV_ENOSYS)
        violation("hypercall %#lx gave %ld, not -ENOSYS", c.nr, rc);
}

static void op_console(void)
{
    static const char line[] = "hcfuzz: console write\n";
    struct call c = { .nr = __HYPERVISOR_console_io, .what = "console_io" };
    unsigned long cmd = rng_below(4) ? rng_below(2) : rng_edgy();
    enum ptr_kind k = pick_ptr(true);
    size_t count;

    /* Only our own line reaches the console; other readable memory is
     * offered with a count of 0. */
    if (k == P_VALID || k == P_MISALIGNED)
        count = cmd == CONSOLEIO_write ? (rng_one_in(8) ? sizeof(line) - 1 : 0)
                                       : rng_below(64);
    else if (readable(k))
        count = 0;
    else
        count = rng_one_in(2) ? 1 + rng_below(64) : rng_edgy();
    c.a[0] = cmd;
    c.a[1] = count;
    c.a[2] = place(k, count ? count : 1, cmd == CONSOLEIO_write && count ? line : NULL,
                   line);
    c.kind = k;
    /* (A read with no input waiting may return 0 without touching the
     * buffer, as read() does.) */
    c.reads_arg = count && cmd == CONSOLEIO_write;
    c.privileged_op = cmd == CONSOLEIO_read && count;
    issue(&c);
}

static void op_sched(void)
{
    struct call c = { .nr = __HYPERVISOR_sched_op, .what = "sched_op" };
    struct sched_poll poll = { 0 };
    enum ptr_kind k;

    switch (rng_below(5)) {
    case 0:
        c.a[0] = SCHEDOP_yield;
        c.a[1] = rng_edgy();
        break;
    case 1:
        /* Poll: a timeout we can afford (the ordinary domain never waits,
         * so that a blocked state means it is done). */
        k = pick_ptr(false);
        if (k == P_START_INFO)
            k = P_NULL;
        poll.timeout_ns = privileged ? rng_below(100000) : 0;
        c.a[0] = SCHEDOP_poll;
        c.a[1] = place(k, sizeof(poll), &poll, &ro.poll);
        c.kind = k;
        c.reads_arg = true;
        c.what = "sched_op poll";
        break;
    case 2:
        /* Shutdown only with an argument that cannot be read. */
        k = (enum ptr_kind)(P_NULL + rng_below(NR_PTR_KINDS - P_NULL));
        c.a[0] = SCHEDOP_shutdown;
        c.a[1] = place(k, sizeof(struct sched_shutdown), NULL, NULL);
        c.kind = k;
        c.reads_arg = true;
        c.what = "sched_op shutdown";
        break;
    default:
        c.a[0] = SCHEDOP_poll + 1 + rng_below(rng_one_in(2) ? 16 : ~0ull - 4);
        c.a[1] = rng_edgy();
        c.what = "sched_op unknown";
        if (issue(&c) >= 0)
            violation("sched_op %#lx succeeded", c.a[0]);
        return;
    }
    issue(&c);
}

/* physdev_op: the argument structure, built for each sub-operation. */
static void op_physdev(void)
{
    struct call c = { .nr = __HYPERVISOR_physdev_op, .reads_arg = true };
    union {
        struct physdev_map_pirq map;
        struct physdev_unmap_pirq unmap;
        struct physdev_manage_pci manage;
        struct physdev_pci_device_add add;
        struct physdev_pci_device dev;
        struct physdev_mhv_pci_conf conf;
        struct physdev_mhv_map_bar bar;
        struct physdev_mhv_dma_alloc dma;
        struct physdev_mhv_dma_free dfree;
        struct physdev_mhv_dev_event dev_event;
        struct physdev_mhv_place_bars place_bars;
        uint8_t raw[64];
    } u;
    const void *tmpl = NULL;
    size_t size = 0;
    unsigned int sub;
    bool destructive = false, expect_eperm = false;
    enum ptr_kind k;
    unsigned long va;
    long rc;
    unsigned int i;

    for (i = 0; i < sizeof(u.raw); i++)
        u.raw[i] = (uint8_t)rng();
    switch (rng_below(12)) {
    case 0:
        sub = PHYSDEVOP_map_pirq;
        c.what = "physdev map_pirq";
        u.map.domid = any_domid();
        u.map.type = rng_below(4) ? (int32_t)rng_below(5) : (int32_t)rng();
        u.map.index = rng_one_in(2) ? -1 : (int32_t)rng_edgy();
        u.map.pirq = rng_one_in(2) ? -1 : (int32_t)(rng_one_in(2) ? rng_below(300)
                                                                  : rng_edgy());
        {
            uint32_t s = any_fn(false);

            u.map.bus = rng_below(4) ? (int32_t)(SBDF_SEG(s) << 16 | SBDF_BUS(s))
                                     : (int32_t)rng_edgy();
            u.map.devfn = rng_below(4) ? (int32_t)SBDF_DEVFN(s) : (int32_t)rng_edgy();
        }
        u.map.entry_nr = rng_one_in(3) ? -1 : (int32_t)(rng_one_in(2) ? rng_below(12)
                                                                      : rng_edgy());
        if (rng_one_in(3)) {
            /* A plausible request: an MSI-X entry (or MSI) of the igb PF. */
            u.map.domid = rng_one_in(4) ? any_domid() : DOMID_SELF;
            u.map.type = rng_one_in(2) ? MAP_PIRQ_TYPE_MSI : MAP_PIRQ_TYPE_MSI_SEG;
            u.map.bus = 1;
            u.map.devfn = 0;
            u.map.entry_nr = rng_one_in(8) ? -1 : (int32_t)rng_below(12);
            u.map.pirq = rng_one_in(4) ? (int32_t)rng_below(MHV_NR_PIRQS) : -1;
        }
        size = sizeof(u.map);
        tmpl = &ro.map_pirq;
        break;
    case 1:
        sub = PHYSDEVOP_unmap_pirq;
        c.what = "physdev unmap_pirq";
        u.unmap.domid = any_domid();
        u.unmap.pirq = rng_one_in(2) ? (int32_t)rng_below(MHV_NR_PIRQS + 8)
                                     : (int32_t)rng_edgy();
        if (rng_one_in(2)) {
            /* One we mapped, if any (the lowest from a random start). */
            unsigned int p0 = rng_below(MHV_NR_PIRQS);

            for (unsigned int i2 = 0; i2 < MHV_NR_PIRQS; i2++)
                if (pirq_mapped[(p0 + i2) % MHV_NR_PIRQS]) {
                    u.unmap.domid = DOMID_SELF;
                    u.unmap.pirq = (int32_t)((p0 + i2) % MHV_NR_PIRQS);
                    break;
                }
        }
        size = sizeof(u.unmap);
        tmpl = &ro.unmap_pirq;
        break;
    case 2:
    case 3: {
        uint32_t s = any_fn(true);

        sub = rng_one_in(2) ? PHYSDEVOP_manage_pci_add : PHYSDEVOP_manage_pci_remove;
        c.what = "physdev manage_pci";
        /* Segment 0 only: a fake one must have a fake bus. */
        u.manage.bus = privileged ? 0x10 + rng_below(0xf0) : SBDF_BUS(s);
        u.manage.devfn = SBDF_DEVFN(s);
        if (sub == PHYSDEVOP_manage_pci_add && rng_one_in(2))
            u.manage.bus = SBDF_BUS(real_fn());     /* registered: no change */
        size = sizeof(u.manage);
        tmpl = &ro.manage;
        destructive = true;
        c.privileged_op = true;
        break;
    }
    case 4: {
        uint32_t s = rng_one_in(2) ? any_fn(true) : real_fn(), pf = any_fn(false);

        sub = PHYSDEVOP_pci_device_add;
        c.what = "physdev pci_device_add";
        u.add.seg = SBDF_SEG(s);
        u.add.bus = SBDF_BUS(s);
        u.add.devfn = SBDF_DEVFN(s);
        u.add.flags = rng_below(4) ? (uint32_t)rng_below(8) : (uint32_t)rng();
        u.add.physfn.bus = SBDF_BUS(pf);
        u.add.physfn.devfn = SBDF_DEVFN(pf);
        size = sizeof(u.add) + 4 * rng_below(3);
        tmpl = &ro.dev_add;
        destructive = true;
        c.privileged_op = true;
        break;
    }
    case 5: {
        uint32_t s = any_fn(true);

        sub = PHYSDEVOP_pci_device_remove;
        c.what = "physdev pci_device_remove";
        u.dev.seg = SBDF_SEG(s);
        u.dev.bus = SBDF_BUS(s);
        u.dev.devfn = SBDF_DEVFN(s);
        size = sizeof(u.dev);
        tmpl = &ro.dev;
        destructive = true;
        c.privileged_op = true;
        break;
    }
    case 6: {
        bool write = rng_below(4) == 0;
        static const uint8_t sizes[] = { 1, 2, 4, 0, 3, 8 };

        sub = PHYSDEVOP_mhv_pci_conf;
        c.what = "physdev pci_conf";
        u.conf.write = rng_below(8) ? write : (uint8_t)rng();
        u.conf.size = rng_below(6) ? sizes[rng_below(3)] : sizes[rng_below(6)];
        u.conf.reg = rng_below(4) ? (uint16_t)(rng_below(0x1000) & ~(u.conf.size - 1u))
                                  : (uint16_t)rng_edgy();
        u.conf.value = (uint32_t)rng_edgy();
        if (u.conf.write && privileged && nr_owned_regs && rng_one_in(2)) {
            /* At a register the hypervisor owns: must be refused. */
            unsigned int j = rng_below(nr_owned_regs);

            u.conf.write = 1;
            u.conf.sbdf = owned_regs[j].sbdf;
            u.conf.reg = owned_regs[j].reg + (rng_one_in(2) ? 1 : 0);
            u.conf.size = 1;
            if (rng_one_in(2)) {
                u.conf.reg &= ~1u;
                u.conf.size = 2;
            }
            expect_eperm = true;
        } else if (u.conf.write) {
            u.conf.sbdf = any_fn(true);
        } else {
            u.conf.sbdf = any_fn(false);
        }
        size = sizeof(u.conf);
        tmpl = &ro.conf;
        destructive = u.conf.write != 0;
        break;
    }
    case 7:
        sub = PHYSDEVOP_mhv_map_bar;
        c.what = "physdev map_bar";
        u.bar.sbdf = any_fn(false);
        u.bar.bar = rng_below(4) ? (uint32_t)rng_below(8) : (uint32_t)rng();
        size = sizeof(u.bar);
        tmpl = &ro.map_bar;
        break;
    case 8:
        /* DMA memory: sizes around the limits; a region that is granted is
         * freed again at once (below), a free aims at the window. */
        if (rng_one_in(2)) {
            sub = PHYSDEVOP_mhv_dma_alloc;
            c.what = "physdev dma_alloc";
            u.dma.size = rng_below(4) ? rng_below(3 * MHV_DMA_MAX_ALLOC) : rng_edgy();
            size = sizeof(u.dma);
            tmpl = &ro.dma_alloc;
        } else {
            sub = PHYSDEVOP_mhv_dma_free;
            c.what = "physdev dma_free";
            u.dfree.va = rng_below(2) ? MHV_DMA_VA + rng_below(64) * 4096 : rng_edgy();
            size = sizeof(u.dfree);
            tmpl = &ro.dma_free;
        }
        break;
    case 9:
        /* Take one of our device events (there are none, mostly). */
        sub = PHYSDEVOP_mhv_dev_event;
        c.what = "physdev dev_event";
        size = sizeof(u.dev_event);
        tmpl = &ro.dev_event;
        break;
    case 10:
        /* Hot-add BAR placement: registered or absent functions only
         * (refused); an ordinary domain is refused outright. */
        sub = PHYSDEVOP_mhv_place_bars;
        c.what = "physdev place_bars";
        u.place_bars.sbdf = rng_one_in(2) ? real_fn() : any_fn(true);
        size = sizeof(u.place_bars);
        tmpl = &ro.place_bars;
        destructive = true;
        c.privileged_op = true;
        break;
    default:
        /* An unknown sub-operation. */
        do
            sub = rng_below(3) ? (unsigned int)rng_below(128) : (unsigned int)rng();
        while (sub == PHYSDEVOP_map_pirq || sub == PHYSDEVOP_unmap_pirq ||
               sub == PHYSDEVOP_manage_pci_add || sub == PHYSDEVOP_manage_pci_remove ||
               sub == PHYSDEVOP_pci_device_add || sub == PHYSDEVOP_pci_device_remove ||
               sub == PHYSDEVOP_mhv_pci_conf || sub == PHYSDEVOP_mhv_map_bar ||
               sub == PHYSDEVOP_mhv_dma_alloc || sub == PHYSDEVOP_mhv_dma_free ||
               sub == PHYSDEVOP_mhv_dev_event || sub == PHYSDEVOP_mhv_place_bars);
        c.what = "physdev unknown";
        c.a[0] = sub;
        c.a[1] = rng_edgy();
        c.reads_arg = false;
        rc = issue(&c);
        if (rc != -MHV_ENOSYS)
            violation("physdev_op %u gave %ld, not -ENOSYS", sub, rc);
        return;
    }

    /* A call that would change a real device gets only content of ours. */
    k = pick_ptr(!(destructive && privileged));
    va = place(k, size, &u, tmpl);
    c.a[0] = sub;
    c.a[1] = va;
    c.kind = k;
    rc = issue(&c);

    if (expect_eperm && controlled(k) && k != P_RODATA && rc != -MHV_EPERM)
        violation("config write %pp+%#x size %u to a register the hypervisor "
                  "owns gave %ld", SBDF_ARG(u.conf.sbdf), u.conf.reg,
                  u.conf.size, rc);
    if (destructive && privileged && rc >= 0 && (k == P_VALID || k == P_MISALIGNED)) {
        /* Removing a function that does not exist cannot succeed (adds of
         * what is registered change nothing; config writes to an absent
         * function are dropped by the hardware). */
        bool ok = sub != PHYSDEVOP_pci_device_remove &&
                  sub != PHYSDEVOP_manage_pci_remove;

        if (!ok)
            violation("%s on a function that does not exist succeeded", c.what);
    }
    if (rc >= 0) {
        maps_ok += sub == PHYSDEVOP_map_pirq;
        unmaps_ok += sub == PHYSDEVOP_unmap_pirq;
        bars_ok += sub == PHYSDEVOP_mhv_map_bar;
        confs_ok += sub == PHYSDEVOP_mhv_pci_conf;
    }
    if (sub == PHYSDEVOP_map_pirq && rc >= 0 && (k == P_VALID || k == P_MISALIGNED)) {
        struct physdev_map_pirq out;

        memcpy(&out, (void *)va, sizeof(out));
        if (out.pirq >= 0 && out.pirq < MHV_NR_PIRQS &&
            (out.domid == DOMID_SELF || out.domid == my_domid))
            pirq_mapped[out.pirq] = true;
    }
    if (sub == PHYSDEVOP_mhv_dma_alloc && rc >= 0) {
        struct physdev_mhv_dma_free f;

        dmas_ok++;
        if (k != P_VALID && k != P_MISALIGNED)
            violation("dma_alloc through a bad pointer succeeded");
        else if (memcpy(&f.va, &((struct physdev_mhv_dma_alloc *)va)->va, 8),
                 mhv_physdev_op(PHYSDEVOP_mhv_dma_free, &f) != 0)
            violation("dma_free of the region just granted failed");
    }
    if (sub == PHYSDEVOP_mhv_dma_free && rc >= 0)
        violation("dma_free of a region nobody allocated succeeded");
    if (sub == PHYSDEVOP_unmap_pirq && rc >= 0 && u.unmap.pirq >= 0 &&
        u.unmap.pirq < MHV_NR_PIRQS && (k == P_VALID || k == P_MISALIGNED))
        pirq_mapped[u.unmap.pirq] = false;
    if (k == P_RODATA && rc >= 0 &&
        (sub == PHYSDEVOP_map_pirq || sub == PHYSDEVOP_mhv_map_bar ||
         sub == PHYSDEVOP_mhv_pci_conf || sub == PHYSDEVOP_mhv_dma_alloc))
        violation("%s into read-only memory succeeded", c.what);
}

static void op_domctl(void)
{
    struct call c = { .nr = __HYPERVISOR_domctl, .reads_arg = true,
                      .privileged_op = true, .what = "domctl" };
    struct mhv_domctl d;
    bool destructive;
    enum ptr_kind k;
    uint8_t *p = (uint8_t *)&d;
    long rc;

    for (size_t i = 0; i < sizeof(d); i++)
        p[i] = (uint8_t)rng();
    switch (rng_below(4)) {
    case 0:
        d.cmd = XEN_DOMCTL_getdomaininfo;
        break;
    case 1:
        d.cmd = XEN_DOMCTL_assign_device;
        break;
    case 2:
        d.cmd = XEN_DOMCTL_deassign_device;
        break;
    default:
        d.cmd = (uint32_t)rng_edgy();
    }
    d.interface_version = rng_below(8) ? MHV_DOMCTL_INTERFACE_VERSION : (uint32_t)rng();
    d.domain = any_domid();
    destructive = d.cmd == XEN_DOMCTL_assign_device || d.cmd == XEN_DOMCTL_deassign_device;
    /* Assigning a real device anywhere but to ourselves changes the machine. */
    d.u.assign_device.sbdf = any_fn(destructive &&
                                    !(d.cmd == XEN_DOMCTL_assign_device &&
                                      (d.domain == 0 || d.domain == DOMID_SELF)) &&
                                    d.cmd != XEN_DOMCTL_deassign_device);
    if (d.cmd == XEN_DOMCTL_deassign_device && privileged && !is_fake(d.u.assign_device.sbdf))
        d.domain = rng_one_in(2) ? 0 : DOMID_SELF;
    k = pick_ptr(!(destructive && privileged));
    c.a[0] = place(k, sizeof(d), &d, &ro.domctl);
    c.kind = k;
    rc = issue(&c);
    if (k == P_RODATA && rc >= 0)
        violation("domctl getdomaininfo into read-only memory succeeded");
}

static void op_sysctl(void)
{
    struct call c = { .nr = __HYPERVISOR_sysctl, .reads_arg = true, .what = "sysctl" };
    struct mhv_sysctl s;
    enum ptr_kind k, bk;
    uint8_t *p = (uint8_t *)&s;
    long rc;

    for (size_t i = 0; i < sizeof(s); i++)
        p[i] = (uint8_t)rng();
    switch (rng_below(3)) {
    case 0:
        s.cmd = MHV_SYSCTL_pci_list;
        break;
    case 1:
        s.cmd = MHV_SYSCTL_heap;
        c.privileged_op = true;
        break;
    default:
        s.cmd = (uint32_t)rng_edgy();
    }
    s.interface_version = rng_below(8) ? MHV_SYSCTL_INTERFACE_VERSION : (uint32_t)rng();
    if (s.cmd == MHV_SYSCTL_pci_list) {
        s.u.pci_list.start = rng_below(3) ? (uint32_t)rng_below(16) : (uint32_t)rng_edgy();
        s.u.pci_list.max = rng_below(3) ? (uint32_t)rng_below(80) : (uint32_t)rng_edgy();
        /* The output buffer: the arena's first page (room for 64 entries
         * at most: never more devices), or a bad pointer. */
        bk = pick_ptr(false);
        if (bk == P_VALID || bk == P_MISALIGNED)
            s.u.pci_list.buf = (uint64_t)(uintptr_t)arena + (bk == P_MISALIGNED ? 3 : 0);
        else if (bk == P_RODATA)
            s.u.pci_list.buf = (uint64_t)(uintptr_t)&ro;
        else
            s.u.pci_list.buf = bad_ptr(bk, sizeof(struct mhv_pci_info));
    }
    k = pick_ptr(true);
    c.a[0] = place(k, sizeof(s), &s, &ro.sysctl);
    c.kind = k;
    rc = issue(&c);
    if (k == P_RODATA && rc >= 0)
        violation("sysctl into read-only memory succeeded");
}

static void op_event_channel(void)
{
    struct call c = { .nr = __HYPERVISOR_event_channel_op, .what = "event_channel_op" };

    c.a[0] = rng_edgy();
    c.a[1] = place(pick_ptr(false), 64, NULL, &ro);
    issue(&c);
}

static void one_call(void)
{
    unsigned int r = rng_below(100);

    if (r < 8)
        op_unknown();
    else if (r < 14)
        op_console();
    else if (r < 20)
        op_sched();
    else if (r < 70)
        op_physdev();
    else if (r < 82)
        op_domctl();
    else if (r < 95)
        op_sysctl();
    else
        op_event_channel();
}

/* ------------------------------------------------------------ the machine */

static struct mhv_pci_info list_before[MAX_REAL], list_after[MAX_REAL];

/*
 * The calls of our own bookkeeping are retried when an allocation fails
 * (the hypervisor may run with failslab=p:..., random allocation failures).
 */
#define RETRY_ENOMEM(expr) ({                                               \
    int __rc, __tries = 0;                                                  \
    while ((__rc = (expr)) == -MHV_ENOMEM && ++__tries < 100)               \
        ;                                                                   \
    __rc;                                                                   \
})

static int read_registry(struct mhv_pci_info *buf, uint32_t *n)
{
    uint32_t count = 0, total = 0;
    int rc = RETRY_ENOMEM(mhv_pci_list(0, buf, MAX_REAL, &count, &total));

    *n = count;
    if (!rc && total > MAX_REAL)
        rc = -MHV_E2BIG;
    return rc;
}

static void find_owned_regs(uint32_t sbdf)
{
    uint32_t v = 0, pos, steps = 0;

    if (mhv_pci_conf_read(sbdf, 0x34, 1, &v))
        return;
    for (pos = v & 0xfc; pos >= 0x40 && steps++ < 48; pos = v & 0xfc) {
        uint32_t id = 0;

        if (mhv_pci_conf_read(sbdf, pos, 1, &id) || mhv_pci_conf_read(sbdf, pos + 1, 1, &v))
            return;
        if ((id == 0x05 || id == 0x11) && nr_owned_regs < ARRAY_SIZE(owned_regs)) {
            owned_regs[nr_owned_regs].sbdf = sbdf;
            owned_regs[nr_owned_regs].reg = (uint16_t)(pos + 2);
            nr_owned_regs++;
        }
    }
}

/*
 * Learn the machine and put it in the state the comparison starts from:
 * every memory BAR of every device we own mapped once (a mapping stays
 * until the device goes, and a second map of the same BAR reuses it).
 */
static int prepare(uint32_t *nr_devices)
{
    uint32_t n;
    int rc = read_registry(list_before, &n);

    if (rc) {
        printf("hcfuzz: cannot list the registry: %s (%d)\n", ename(rc), rc);
        return rc;
    }
    nr_real = n;
    for (unsigned int i = 0; i < n; i++) {
        real_sbdf[i] = list_before[i].sbdf;
        find_owned_regs(list_before[i].sbdf);
        for (unsigned int bar = 0; bar < 6; bar++) {
            volatile void *va;

            RETRY_ENOMEM(mhv_bar_get(list_before[i].sbdf, bar, &va, NULL));
        }
    }
    *nr_devices = n;
    return 0;
}

/* Heap counters at rest: the smallest of a few samples (another domain's
 * hypercall may hold a transient allocation at the moment of one). */
static int heap_at_rest(struct mhv_heap_counters *h)
{
    struct mhv_heap_counters s;
    int rc = mhv_heap(h);

    for (unsigned int i = 0; !rc && i < 16; i++) {
        mhv_sleep_ns(200 * 1000);
        rc = mhv_heap(&s);
        if (!rc && s.live_objects < h->live_objects)
            *h = s;
    }
    return rc;
}

static bool domain_counts(unsigned int dom, uint32_t *devs, uint32_t *pirqs)
{
    struct mhv_domctl_domaininfo info;

    if (mhv_domain_info((domid_t)dom, &info))
        return false;
    *devs = info.nr_devices;
    *pirqs = info.nr_pirqs;
    return true;
}

/* What an ordinary domain's fuzzer publishes in shared_info.progress once
 * its last call has returned (the hypervisor never writes that word). */
#define HCFUZZ_DONE 0x656e6f647a7a7566ull      /* "fuzzdone" */

/* Wait until domain @dom's fuzzer is done: it has said so and blocked for
 * good.  Its own word, not a guess from how long it seems idle: a domain
 * can sit blocked in its start-up sleep, or look so while its CPU is not
 * being run by a loaded host, long before it is done. */
static bool wait_done(unsigned int dom)
{
    struct mhv_domctl_domaininfo info;

    for (unsigned int i = 0; i < 600 * 50; i++) {       /* 10 min */
        if (mhv_domain_info((domid_t)dom, &info))
            return true;                /* no such domain */
        if (info.state == MHV_DOMSTATE_SHUTDOWN || info.state == MHV_DOMSTATE_CRASHED)
            return info.state == MHV_DOMSTATE_SHUTDOWN;
        if (info.progress == HCFUZZ_DONE && info.state == MHV_DOMSTATE_BLOCKED)
            return true;
        mhv_sleep_ns(20 * 1000 * 1000);
    }
    return false;
}

static void print_results(void)
{
    if (results[0])
        printf("hcfuzz: result ok %lu\n", results[0]);
    for (unsigned int e = 1; e <= ERRNO_MAX; e++)
        if (results[e])
            printf("hcfuzz: result %s %lu\n",
                   errno_to_name(e) ? errno_to_name(e) : "E?", results[e]);
    if (results[ERRNO_MAX + 1])
        printf("hcfuzz: result other %lu\n", results[ERRNO_MAX + 1]);
    printf("hcfuzz: successful map_pirq %lu, unmap_pirq %lu, map_bar %lu, "
           "pci_conf %lu, dma_alloc %lu\n", maps_ok, unmaps_ok, bars_ok, confs_ok,
           dmas_ok);
    printf("hcfuzz: pointers");
    for (unsigned int k = 0; k < NR_PTR_KINDS; k++)
        printf(" %s=%lu", ptr_names[k], ptr_used[k]);
    printf("\n");
}

/* ------------------------------------------------------------ script */

static void run_script(const char *text, size_t len)
{
    char line[MHVCTL_LINE_MAX];
    size_t pos = 0;

    while (pos < len) {
        size_t n = 0;

        while (pos < len && text[pos] != '\n') {
            if (n + 1 < sizeof(line))
                line[n++] = text[pos] ? text[pos] : ' ';
            pos++;
        }
        pos++;
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\r' || line[n - 1] == '\t'))
            n--;
        line[n] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        printf(MHVCTL_PROMPT "%s\n", line);
        mhvctl_run_line(line);
        if (mhvctl_exit_requested)
            return;
    }
}

/* ------------------------------------------------------------ main */

/* The number in word "@key=N" of @cmdline, or @dflt (absent or bad). */
static uint64_t opt_uint(const char *cmdline, const char *key, uint64_t dflt)
{
    char word[32];
    uint64_t v;

    if (!cmdline_value(cmdline, key, word, sizeof(word)))
        return dflt;
    if (!parse_uint(word, ~0ull, &v))
        return v;
    printf("hcfuzz: bad %s=%s, using %llu\n", key, word, (unsigned long long)dflt);
    return dflt;
}

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

int main(const struct start_info *si)
{
    uint64_t seed = opt_uint(si->cmdline, "seed", rdtsc());
    uint64_t calls = opt_uint(si->cmdline, "calls", DEFAULT_CALLS);
    struct mhv_heap_counters h0 = { 0 }, h1 = { 0 };
    uint32_t nr_before = 0, nr_after = 0, devs0[2] = { 0 }, pirqs0[2] = { 0 };
    bool fail = false;

    privileged = si->flags & MHV_SIF_PRIVILEGED;
    my_domid = si->domid;
    rng_seed(seed);
    printf("hcfuzz: d%u seed 0x%llx calls %llu\n", my_domid,
           (unsigned long long)seed, (unsigned long long)calls);

    if (privileged) {
        if (prepare(&nr_before) || heap_at_rest(&h0))
            return 1;
        for (unsigned int d = 0; d < 2; d++)
            domain_counts(d, &devs0[d], &pirqs0[d]);
        printf("hcfuzz: before: %u devices, heap objects=%llu bytes=%llu, "
               "vectors free=%llu, %u MSI/MSI-X control registers\n", nr_before,
               (unsigned long long)h0.live_objects, (unsigned long long)h0.live_bytes,
               (unsigned long long)h0.free_vectors, nr_owned_regs);
    } else {
        mhv_sleep_ns(opt_uint(si->cmdline, "delay-ms", 300) * 1000 * 1000);
    }

    for (uint64_t i = 0; i < calls; i++) {
        one_call();
        if ((i + 1) % PROGRESS_EVERY == 0)
            printf("hcfuzz: progress %llu/%llu\n", (unsigned long long)(i + 1),
                   (unsigned long long)calls);
    }
    /* Stray events (a pirq fired while mapped) must not linger. */
    {
        uint64_t taken[MHV_NR_PIRQS / 64];

        mhv_pirq_drain(taken);
    }

    printf("hcfuzz: d%u seed 0x%llx: %lu calls\n", my_domid,
           (unsigned long long)seed, nr_calls);
    print_results();

    if (privileged) {
        unsigned int legit = 0, unmapped = 0;
        uint32_t devs1, pirqs1;

        /* What the fuzzing legitimately left: its pirqs. */
        for (unsigned int p = 0; p < MHV_NR_PIRQS; p++)
            if (pirq_mapped[p]) {
                legit++;
                if (!mhv_unmap_pirq(DOMID_SELF, (int)p))
                    unmapped++;
            }
        printf("hcfuzz: %u pirqs mapped by the fuzzing, %u unmapped now\n",
               legit, unmapped);
        if (domain_counts(0, &devs1, &pirqs1) && pirqs1 != pirqs0[0]) {
            violation("d0 has %u pirqs after the cleanup, %u before", pirqs1, pirqs0[0]);
            /* Take them all back so that the scenario can run. */
            for (unsigned int p = 0; p < MHV_NR_PIRQS; p++)
                mhv_unmap_pirq(DOMID_SELF, (int)p);
        }
        if (opt_uint(si->cmdline, "wait-domu", 1) && !wait_done(1))
            violation("the ordinary domain did not finish (or crashed)");

        if (read_registry(list_after, &nr_after) || nr_after != nr_before ||
            memcmp(list_before, list_after, nr_before * sizeof(list_before[0]))) {
            violation("the registry changed: %u devices before, %u after",
                      nr_before, nr_after);
        }
        for (unsigned int d = 0; d < 2; d++)
            if (domain_counts(d, &devs1, &pirqs1) &&
                (devs1 != devs0[d] || pirqs1 != pirqs0[d]))
                violation("d%u owns %u devices and %u pirqs, %u and %u before",
                          d, devs1, pirqs1, devs0[d], pirqs0[d]);
        if (heap_at_rest(&h1) || h1.live_objects != h0.live_objects ||
            h1.live_bytes != h0.live_bytes || h1.free_vectors != h0.free_vectors)
            violation("heap objects=%llu bytes=%llu vectors free=%llu after, "
                      "objects=%llu bytes=%llu vectors free=%llu before",
                      (unsigned long long)h1.live_objects,
                      (unsigned long long)h1.live_bytes,
                      (unsigned long long)h1.free_vectors,
                      (unsigned long long)h0.live_objects,
                      (unsigned long long)h0.live_bytes,
                      (unsigned long long)h0.free_vectors);
        else
            printf("hcfuzz: state after fuzzing matches: registry %u devices, "
                   "heap objects=%llu bytes=%llu, vectors free=%llu\n", nr_after,
                   (unsigned long long)h1.live_objects,
                   (unsigned long long)h1.live_bytes,
                   (unsigned long long)h1.free_vectors);
    }

    printf("hcfuzz: %lu violations\n", violations);
    fail = violations != 0;
    printf("hcfuzz: %s\n", fail ? "FAIL" : "PASS");
    console_flush();

    if (!privileged) {
        /* Done: say so, and block for good (the control domain waits for
         * both). */
        __atomic_store_n(&mhv_shared_info->progress, HCFUZZ_DONE, __ATOMIC_RELEASE);
        for (;;)
            mhv_sched_block();
    }
    if (si->mod_start && si->mod_len) {
        run_script((const char *)(uintptr_t)si->mod_start, si->mod_len);
        if (mhvctl_exit_requested)
            return fail ? 1 : (int)mhvctl_exit_code;
    }
    return fail ? 1 : 0;
}
