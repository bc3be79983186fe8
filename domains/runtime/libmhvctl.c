/* SPDX-License-Identifier: GPL-2.0 */
/* libmhvctl: the hypercalls as typed C functions (see libmhvctl.h). */
#include "libmhvctl.h"
#include "hypercall.h"
#include "runtime.h"
#include "parse.h"

unsigned long mhv_hypercalls;

/* ------------------------------------------------------------ raw */

long mhv_physdev_op(unsigned int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, cmd, (unsigned long)arg);
}

long mhv_domctl(struct mhv_domctl *op)
{
    return hypercall1(__HYPERVISOR_domctl, (unsigned long)op);
}

long mhv_sysctl(struct mhv_sysctl *op)
{
    return hypercall1(__HYPERVISOR_sysctl, (unsigned long)op);
}

/* ------------------------------------------------------------ console */

long mhv_console_write(const char *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        size_t chunk = len - done > CONSOLEIO_MAX ? CONSOLEIO_MAX : len - done;
        long n = hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, chunk,
                            (unsigned long)(buf + done));

        if (n < 0)
            return done ? (long)done : n;
        if (n == 0)
            break;
        done += (size_t)n;
    }
    return (long)done;
}

long mhv_console_read(char *buf, size_t len)
{
    if (len > CONSOLEIO_MAX)
        len = CONSOLEIO_MAX;
    return hypercall3(__HYPERVISOR_console_io, CONSOLEIO_read, len,
                      (unsigned long)buf);
}

/* ------------------------------------------------------------ sched */

int mhv_sched_yield(void)
{
    return (int)hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

int mhv_sched_block(void)
{
    return (int)hypercall2(__HYPERVISOR_sched_op, SCHEDOP_block, 0);
}

int mhv_sched_poll(uint64_t timeout_ns)
{
    struct sched_poll p = { .timeout_ns = timeout_ns };

    return (int)hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll,
                           (unsigned long)&p);
}

int mhv_shutdown(uint32_t code)
{
    struct sched_shutdown s = { .code = code };

    return (int)hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
                           (unsigned long)&s);
}

static bool any_pirq_pending(void)
{
    for (unsigned int i = 0; i < MHV_NR_PIRQS / 64; i++)
        if (__atomic_load_n(&mhv_shared_info->pirq_pending[i], __ATOMIC_ACQUIRE))
            return true;
    /* A device event also ends polls at once (the poll counts it). */
    return __atomic_load_n(&mhv_shared_info->dev_event_pending, __ATOMIC_ACQUIRE);
}

uint64_t mhv_time_ns(void)
{
    return (uint64_t)hypercall0(__HYPERVISOR_mhv_time);
}

/*
 * The idle hook (libmhvctl.h): run before every poll of a wait and when
 * it returns.
 */
static void (*idle_hook)(void);

void mhv_set_idle_hook(void (*hook)(void))
{
    idle_hook = hook;
}

void mhv_run_idle_hook(void)
{
    if (idle_hook)
        idle_hook();
}

/*
 * One step of a wait that ends at @deadline: poll for at most a slice of
 * what is left.  A poll returns at once while any pirq is pending; then
 * yield, so a pending bit nobody clears costs CPU time but shortens no
 * wait.  False once the deadline has passed.
 */
static bool poll_until(uint64_t deadline)
{
    uint64_t now = mhv_time_ns(), left;
    int rc;

    if (now >= deadline)
        return false;
    left = deadline - now;
    if (idle_hook)
        idle_hook();
    rc = mhv_sched_poll(left < MHV_POLL_SLICE_NS ? left : MHV_POLL_SLICE_NS);
    if (idle_hook)
        idle_hook();            /* it takes its own events off */
    if (rc < 0 || any_pirq_pending())
        mhv_sched_yield();
    return true;
}

void mhv_sleep_ns(uint64_t ns)
{
    uint64_t deadline = mhv_time_ns() + ns;

    while (poll_until(deadline))
        ;
}

/* ------------------------------------------------------------ events */

static uint64_t *pirq_word(unsigned int pirq)
{
    return &mhv_shared_info->pirq_pending[pirq / 64];
}

bool mhv_pirq_pending(unsigned int pirq)
{
    if (pirq >= MHV_NR_PIRQS)
        return false;
    return __atomic_load_n(pirq_word(pirq), __ATOMIC_ACQUIRE) &
           (1ull << (pirq % 64));
}

void mhv_pirq_clear(unsigned int pirq)
{
    if (pirq < MHV_NR_PIRQS)
        __atomic_fetch_and(pirq_word(pirq), ~(1ull << (pirq % 64)),
                           __ATOMIC_SEQ_CST);
}

bool mhv_pirq_test_and_clear(unsigned int pirq)
{
    uint64_t bit = 1ull << (pirq % 64);

    if (pirq >= MHV_NR_PIRQS)
        return false;
    return __atomic_fetch_and(pirq_word(pirq), ~bit, __ATOMIC_SEQ_CST) & bit;
}

static uint64_t claimed[MHV_NR_PIRQS / 64];

void mhv_pirq_claim(unsigned int pirq, bool on)
{
    if (pirq >= MHV_NR_PIRQS)
        return;
    if (on)
        claimed[pirq / 64] |= 1ull << (pirq % 64);
    else
        claimed[pirq / 64] &= ~(1ull << (pirq % 64));
}

unsigned int mhv_pirq_drain(uint64_t taken[MHV_NR_PIRQS / 64])
{
    unsigned int n = 0;

    for (unsigned int i = 0; i < MHV_NR_PIRQS / 64; i++) {
        taken[i] = __atomic_fetch_and(&mhv_shared_info->pirq_pending[i],
                                      claimed[i], __ATOMIC_SEQ_CST) & ~claimed[i];
        for (uint64_t w = taken[i]; w; w &= w - 1)  /* no libgcc popcount */
            n++;
    }
    return n;
}

int mhv_wait_pirq(unsigned int pirq, uint64_t timeout_ns)
{
    uint64_t deadline = mhv_time_ns() + timeout_ns;

    if (pirq >= MHV_NR_PIRQS)
        return -MHV_EINVAL;
    for (;;) {
        if (mhv_pirq_test_and_clear(pirq))
            return 0;
        if (!poll_until(deadline))
            return mhv_pirq_test_and_clear(pirq) ? 0 : -MHV_ETIMEDOUT;
    }
}

/* ------------------------------------------------------------ config space */

static int pci_conf(uint32_t sbdf, unsigned int reg, unsigned int size,
                    bool write, uint32_t *val)
{
    struct physdev_mhv_pci_conf op = {
        .sbdf = sbdf, .reg = (uint16_t)reg, .size = (uint8_t)size,
        .write = write, .value = write ? *val : 0,
    };
    long rc;

    if (reg > 0xfff || (size != 1 && size != 2 && size != 4) ||
        (reg & (size - 1)))
        return -MHV_EINVAL;
    rc = mhv_physdev_op(PHYSDEVOP_mhv_pci_conf, &op);
    if (rc < 0)
        return (int)rc;
    if (!write)
        *val = op.value;
    return 0;
}

int mhv_pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size,
                      uint32_t *val)
{
    return pci_conf(sbdf, reg, size, false, val);
}

int mhv_pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                       uint32_t val)
{
    return pci_conf(sbdf, reg, size, true, &val);
}

int mhv_pci_enable_mem_master(uint32_t sbdf)
{
    const uint32_t want = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
    uint32_t cmd = 0;
    int rc = mhv_pci_conf_read(sbdf, PCI_COMMAND, 2, &cmd);

    if (rc)
        return rc;
    if ((cmd & want) == want)
        return 0;
    return mhv_pci_conf_write(sbdf, PCI_COMMAND, 2, cmd | want);
}

/* ------------------------------------------------------------ registry */

int mhv_pci_device_add(uint32_t sbdf, uint32_t flags, uint32_t pf_sbdf)
{
    struct physdev_pci_device_add op = {
        .seg = (uint16_t)SBDF_SEG(sbdf),
        .bus = (uint8_t)SBDF_BUS(sbdf),
        .devfn = (uint8_t)SBDF_DEVFN(sbdf),
        .flags = flags,
    };

    if (flags & XEN_PCI_DEV_VIRTFN) {
        if (SBDF_SEG(pf_sbdf) != SBDF_SEG(sbdf))
            return -MHV_EINVAL;     /* the ABI has no PF segment */
        op.physfn.bus = (uint8_t)SBDF_BUS(pf_sbdf);
        op.physfn.devfn = (uint8_t)SBDF_DEVFN(pf_sbdf);
    }
    return (int)mhv_physdev_op(PHYSDEVOP_pci_device_add, &op);
}

int mhv_pci_device_remove(uint32_t sbdf)
{
    struct physdev_pci_device op = {
        .seg = (uint16_t)SBDF_SEG(sbdf),
        .bus = (uint8_t)SBDF_BUS(sbdf),
        .devfn = (uint8_t)SBDF_DEVFN(sbdf),
    };

    return (int)mhv_physdev_op(PHYSDEVOP_pci_device_remove, &op);
}

int mhv_place_bars(uint32_t sbdf, unsigned int *placed)
{
    struct physdev_mhv_place_bars op = { .sbdf = sbdf };
    int rc = (int)mhv_physdev_op(PHYSDEVOP_mhv_place_bars, &op);

    if (!rc && placed)
        *placed = op.placed;
    return rc;
}

bool mhv_dev_event_test_and_clear(void)
{
    return __atomic_exchange_n(&mhv_shared_info->dev_event_pending, 0,
                               __ATOMIC_ACQ_REL) != 0;
}

int mhv_dev_event_take(struct physdev_mhv_dev_event *ev)
{
    *ev = (struct physdev_mhv_dev_event){ 0 };
    return (int)mhv_physdev_op(PHYSDEVOP_mhv_dev_event, ev);
}

int mhv_manage_pci_add(uint8_t bus, uint8_t devfn)
{
    struct physdev_manage_pci op = { .bus = bus, .devfn = devfn };

    return (int)mhv_physdev_op(PHYSDEVOP_manage_pci_add, &op);
}

int mhv_manage_pci_remove(uint8_t bus, uint8_t devfn)
{
    struct physdev_manage_pci op = { .bus = bus, .devfn = devfn };

    return (int)mhv_physdev_op(PHYSDEVOP_manage_pci_remove, &op);
}

/* ------------------------------------------------------------ interrupts */

static int map_pirq(domid_t dom, uint32_t sbdf, int type, int entry_nr,
                    int want, int *pirq)
{
    struct physdev_map_pirq op = {
        .domid = dom,
        .type = type,
        .index = -1,
        .pirq = want,
        .bus = (int32_t)(SBDF_SEG(sbdf) << 16 | SBDF_BUS(sbdf)),
        .devfn = (int32_t)SBDF_DEVFN(sbdf),
        .entry_nr = entry_nr,
    };
    long rc = mhv_physdev_op(PHYSDEVOP_map_pirq, &op);

    if (rc < 0)
        return (int)rc;
    *pirq = op.pirq;
    return 0;
}

int mhv_map_pirq_msix(domid_t dom, uint32_t sbdf, unsigned int entry,
                      int *pirq)
{
    int type = SBDF_SEG(sbdf) ? MAP_PIRQ_TYPE_MSI_SEG : MAP_PIRQ_TYPE_MSI;

    return map_pirq(dom, sbdf, type, (int)entry, -1, pirq);
}

int mhv_map_pirq_msix_at(domid_t dom, uint32_t sbdf, unsigned int entry,
                         int want, int *pirq)
{
    int type = SBDF_SEG(sbdf) ? MAP_PIRQ_TYPE_MSI_SEG : MAP_PIRQ_TYPE_MSI;

    return map_pirq(dom, sbdf, type, (int)entry, want, pirq);
}

int mhv_map_pirq_msi(domid_t dom, uint32_t sbdf, int *pirq)
{
    return map_pirq(dom, sbdf, MAP_PIRQ_TYPE_MULTI_MSI, 1, -1, pirq);
}

int mhv_unmap_pirq(domid_t dom, int pirq)
{
    struct physdev_unmap_pirq op = { .domid = dom, .pirq = pirq };

    return (int)mhv_physdev_op(PHYSDEVOP_unmap_pirq, &op);
}

/* ------------------------------------------------------------ BARs */

int mhv_map_bar(uint32_t sbdf, unsigned int bar, volatile void **va,
                uint64_t *size)
{
    struct physdev_mhv_map_bar op = { .sbdf = sbdf, .bar = bar };
    long rc = mhv_physdev_op(PHYSDEVOP_mhv_map_bar, &op);

    if (rc < 0)
        return (int)rc;
    *va = (volatile void *)(uintptr_t)op.va;
    if (size)
        *size = op.size;
    return 0;
}

#define BAR_CACHE_SIZE  16
static struct bar_cache_entry {
    bool used;
    uint32_t sbdf;
    unsigned int bar;
    volatile void *va;
    uint64_t size;
} bar_cache[BAR_CACHE_SIZE];

int mhv_bar_get(uint32_t sbdf, unsigned int bar, volatile void **va,
                uint64_t *size)
{
    struct bar_cache_entry *e, *free_slot = NULL;
    int rc;

    for (e = bar_cache; e < bar_cache + BAR_CACHE_SIZE; e++) {
        if (!e->used) {
            if (!free_slot)
                free_slot = e;
        } else if (e->sbdf == sbdf && e->bar == bar) {
            *va = e->va;
            if (size)
                *size = e->size;
            return 0;
        }
    }
    if (!free_slot)
        return -MHV_ENOSPC;
    rc = mhv_map_bar(sbdf, bar, &free_slot->va, &free_slot->size);
    if (rc)
        return rc;
    free_slot->used = true;
    free_slot->sbdf = sbdf;
    free_slot->bar = bar;
    *va = free_slot->va;
    if (size)
        *size = free_slot->size;
    return 0;
}

void mhv_bar_forget(uint32_t sbdf)
{
    for (struct bar_cache_entry *e = bar_cache; e < bar_cache + BAR_CACHE_SIZE; e++)
        if (e->used && e->sbdf == sbdf)
            e->used = false;
}

/* ------------------------------------------------------------ DMA */

int mhv_dma_alloc(uint64_t size, void **va, uint64_t *bus)
{
    struct physdev_mhv_dma_alloc op = { .size = size };
    long rc = mhv_physdev_op(PHYSDEVOP_mhv_dma_alloc, &op);

    if (rc < 0)
        return (int)rc;
    *va = (void *)(uintptr_t)op.va;
    *bus = op.bus;
    return 0;
}

int mhv_dma_free(void *va)
{
    struct physdev_mhv_dma_free op = { .va = (uint64_t)(uintptr_t)va };

    return (int)mhv_physdev_op(PHYSDEVOP_mhv_dma_free, &op);
}

/* ------------------------------------------------------------ domctl */

static void domctl_init(struct mhv_domctl *op, uint32_t cmd, domid_t dom)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = MHV_DOMCTL_INTERFACE_VERSION;
    op->domain = dom;
}

int mhv_assign_device(domid_t dom, uint32_t sbdf)
{
    struct mhv_domctl op;

    domctl_init(&op, XEN_DOMCTL_assign_device, dom);
    op.u.assign_device.sbdf = sbdf;
    return (int)mhv_domctl(&op);
}

int mhv_deassign_device(domid_t dom, uint32_t sbdf)
{
    struct mhv_domctl op;

    domctl_init(&op, XEN_DOMCTL_deassign_device, dom);
    op.u.assign_device.sbdf = sbdf;
    return (int)mhv_domctl(&op);
}

int mhv_domain_info(domid_t dom, struct mhv_domctl_domaininfo *info)
{
    struct mhv_domctl op;
    long rc;

    domctl_init(&op, XEN_DOMCTL_getdomaininfo, dom);
    rc = mhv_domctl(&op);
    if (rc < 0)
        return (int)rc;
    *info = op.u.getdomaininfo;
    info->name[sizeof(info->name) - 1] = '\0';
    return 0;
}

int mhv_hvm_create(struct mhv_hvm_create *c)
{
    struct mhv_domctl op;
    long rc;

    domctl_init(&op, MHV_DOMCTL_hvm_create, 0);
    op.u.hvm_create = *c;
    rc = mhv_domctl(&op);
    if (rc < 0)
        return (int)rc;
    c->domid = op.u.hvm_create.domid;
    return 0;
}

int mhv_hvm_destroy(domid_t dom)
{
    struct mhv_domctl op;

    domctl_init(&op, MHV_DOMCTL_hvm_destroy, dom);
    return (int)mhv_domctl(&op);
}

int mhv_hvm_unpause(domid_t dom)
{
    struct mhv_domctl op;

    domctl_init(&op, MHV_DOMCTL_hvm_unpause, dom);
    return (int)mhv_domctl(&op);
}

int mhv_hvm_info(domid_t dom, struct mhv_hvm_info *info)
{
    struct mhv_domctl op;

    domctl_init(&op, MHV_DOMCTL_hvm_info, dom);
    op.u.hvm_info.buf = (uint64_t)(uintptr_t)info;
    return (int)mhv_domctl(&op);
}

/* ------------------------------------------------------------ sysctl */

static void sysctl_init(struct mhv_sysctl *op, uint32_t cmd)
{
    memset(op, 0, sizeof(*op));
    op->cmd = cmd;
    op->interface_version = MHV_SYSCTL_INTERFACE_VERSION;
}

int mhv_pci_list(uint32_t start, struct mhv_pci_info *buf, uint32_t max,
                 uint32_t *count, uint32_t *total)
{
    struct mhv_sysctl op;
    long rc;

    sysctl_init(&op, MHV_SYSCTL_pci_list);
    op.u.pci_list.start = start;
    op.u.pci_list.max = max;
    op.u.pci_list.buf = (uint64_t)(uintptr_t)buf;
    rc = mhv_sysctl(&op);
    if (rc < 0)
        return (int)rc;
    if (op.u.pci_list.count > max)      /* never trust a count blindly */
        return -MHV_EIO;
    if (count)
        *count = op.u.pci_list.count;
    if (total)
        *total = op.u.pci_list.total;
    return 0;
}

int mhv_pci_lookup(uint32_t sbdf, struct mhv_pci_info *info)
{
    static struct mhv_pci_info buf[16];
    uint32_t start = 0, count = 0, total = 0;
    int rc;

    do {
        rc = mhv_pci_list(start, buf, 16, &count, &total);
        if (rc)
            return rc;
        for (uint32_t i = 0; i < count; i++) {
            if (buf[i].sbdf == sbdf) {
                *info = buf[i];
                return 0;
            }
        }
        start += count;
    } while (count && start < total);
    return -MHV_ENODEV;
}

int mhv_heap(struct mhv_heap_counters *out)
{
    struct mhv_sysctl op;
    long rc;

    sysctl_init(&op, MHV_SYSCTL_heap);
    rc = mhv_sysctl(&op);
    if (rc < 0)
        return (int)rc;
    out->live_objects = op.u.heap.live_objects;
    out->live_bytes = op.u.heap.live_bytes;
    out->failed = op.u.heap.failed;
    out->free_pages = op.u.heap.free_pages;
    out->free_vectors = op.u.heap.free_vectors;
    return 0;
}

int mhv_iommu_info(domid_t domid, uint32_t dev_sbdf, struct mhv_iommu_info *out)
{
    struct mhv_sysctl op;
    long rc;

    sysctl_init(&op, MHV_SYSCTL_iommu);
    op.u.iommu.domid = domid;
    op.u.iommu.dev_sbdf = dev_sbdf;
    rc = mhv_sysctl(&op);
    if (rc < 0)
        return (int)rc;
    *out = op.u.iommu;
    return 0;
}
