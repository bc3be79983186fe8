/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmhvctl: typed C functions over the hypercalls (the headers in include/public/),
 * for the control domain's mhvctl and the ordinary domain's test program.
 *
 * Conventions: every function returns 0 (or a count, where said) on
 * success and a negative errno value (-MHV_E*) from the hypervisor on
 * failure, unchanged.  SBDFs are packed as the ABI packs them
 * (seg << 16 | bus << 8 | devfn, parse.h).  Nothing here allocates.
 */
#ifndef DOMAINS_LIBMHVCTL_H
#define DOMAINS_LIBMHVCTL_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <public/mhv.h>
#include <public/physdev.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/errno.h>

/* ---- raw operations (for tests that pass bad arguments on purpose) ---- */
long mhv_physdev_op(unsigned int cmd, void *arg);
long mhv_domctl(struct mhv_domctl *op);
long mhv_sysctl(struct mhv_sysctl *op);

/* ---- console_io ---- */
/* Returns the bytes written (count above CONSOLEIO_MAX is split). */
long mhv_console_write(const char *buf, size_t len);
/* Returns the bytes read, 0 when none are waiting; control domain only. */
long mhv_console_read(char *buf, size_t len);

/* ---- sched_op ---- */
int mhv_sched_yield(void);
int mhv_sched_block(void);
/* 1: an event is pending; 0: @timeout_ns passed without one. */
int mhv_sched_poll(uint64_t timeout_ns);
/* Does not return on success. */
int mhv_shutdown(uint32_t code);

/* Nanoseconds since boot (mhv_time): the clock every timed wait uses. */
uint64_t mhv_time_ns(void);

/*
 * Sleep at least @ns by mhv_time_ns(): polls of at most MHV_POLL_SLICE_NS
 * until the deadline.  A poll that returns early (an event is pending and
 * nobody clears it) shortens nothing; it yields instead.
 */
#define MHV_POLL_SLICE_NS   (10ull * 1000 * 1000)
void mhv_sleep_ns(uint64_t ns);

/*
 * The idle hook: called on every step of every wait above (sleep, poll,
 * mhv_wait_pirq), before the domain blocks and again when it wakes, so
 * that a driver living in this program (the control domain's igb PF
 * driver, domains/igb/igb_pf.c) serves its device whenever the program
 * waits for anything.  It must not wait itself; NULL: none.
 */
void mhv_set_idle_hook(void (*hook)(void));
/* Run it now (for a driver's own wait loop). */
void mhv_run_idle_hook(void);

/* ---- events (the shared info page's pirq_pending bitmap) ---- */
bool mhv_pirq_pending(unsigned int pirq);
void mhv_pirq_clear(unsigned int pirq);
/* Atomically clear @pirq's pending bit; true if it was set. */
bool mhv_pirq_test_and_clear(unsigned int pirq);
/*
 * Take every pending bit at once (into @taken) and return how many there
 * were: for idle loops, so that an event nobody waits for is reported
 * instead of making every later poll return at once.  Claimed pirqs (a
 * driver of this program waits for them) are left alone.
 */
unsigned int mhv_pirq_drain(uint64_t taken[MHV_NR_PIRQS / 64]);
/* Mark @pirq as a driver's (true) or not (false), see mhv_pirq_drain(). */
void mhv_pirq_claim(unsigned int pirq, bool claimed);
/*
 * Wait until @pirq is pending, then clear it: 0, or -MHV_ETIMEDOUT once
 * @timeout_ns have passed by mhv_time_ns(), -MHV_EINVAL for a pirq outside
 * the bitmap.
 */
int mhv_wait_pirq(unsigned int pirq, uint64_t timeout_ns);

/* ---- PCI config space (PHYSDEVOP_mhv_pci_conf) ---- */
int mhv_pci_conf_read(uint32_t sbdf, unsigned int reg, unsigned int size,
                      uint32_t *val);
int mhv_pci_conf_write(uint32_t sbdf, unsigned int reg, unsigned int size,
                       uint32_t val);
/* COMMAND |= MEMORY | MASTER (needed before a device's MSI/MSI-X works). */
int mhv_pci_enable_mem_master(uint32_t sbdf);

/* ---- the registry (control domain only) ---- */
/* @flags: XEN_PCI_DEV_*; @pf_sbdf is used with XEN_PCI_DEV_VIRTFN and must
 * be on the same segment as @sbdf (-MHV_EINVAL otherwise). */
int mhv_pci_device_add(uint32_t sbdf, uint32_t flags, uint32_t pf_sbdf);
int mhv_pci_device_remove(uint32_t sbdf);
int mhv_manage_pci_add(uint8_t bus, uint8_t devfn);
/* PHYSDEVOP_mhv_place_bars: BARs of a hot-added, unregistered function;
 * *placed (may be NULL) gets how many. */
int mhv_place_bars(uint32_t sbdf, unsigned int *placed);

/* ---- device events (PHYSDEVOP_mhv_dev_event, any domain) ---- */
/* Clear shared_info.dev_event_pending; true if it was set.  Then take
 * events with mhv_dev_event_take() until ev->type is MHV_DEV_EVENT_NONE. */
bool mhv_dev_event_test_and_clear(void);
int mhv_dev_event_take(struct physdev_mhv_dev_event *ev);
int mhv_manage_pci_remove(uint8_t bus, uint8_t devfn);

/* ---- interrupts ---- */
/* MSI-X table entry @entry of @sbdf -> *pirq (PHYSDEVOP_map_pirq, type
 * MSI, or MSI_SEG off segment 0; index -1, pirq -1). */
int mhv_map_pirq_msix(domid_t dom, uint32_t sbdf, unsigned int entry,
                      int *pirq);
/* The same onto pirq @want (0 .. MHV_NR_PIRQS-1): for a driver that keeps
 * out of the low numbers scripts allocate from. */
int mhv_map_pirq_msix_at(domid_t dom, uint32_t sbdf, unsigned int entry,
                         int want, int *pirq);
/* One plain MSI vector of @sbdf (type MULTI_MSI with one vector, which
 * names MSI even on a device that also has MSI-X). */
int mhv_map_pirq_msi(domid_t dom, uint32_t sbdf, int *pirq);
int mhv_unmap_pirq(domid_t dom, int pirq);

/* ---- BARs (PHYSDEVOP_mhv_map_bar) ---- */
int mhv_map_bar(uint32_t sbdf, unsigned int bar, volatile void **va,
                uint64_t *size);
/*
 * The same through a small cache: a BAR is mapped once per program and
 * reused.  mhv_bar_forget() drops a device's entries (after it is removed,
 * deassigned or disabled, when the hypervisor has taken the mapping away).
 */
int mhv_bar_get(uint32_t sbdf, unsigned int bar, volatile void **va,
                uint64_t *size);
void mhv_bar_forget(uint32_t sbdf);

/* ---- DMA memory (PHYSDEVOP_mhv_dma_alloc / _free) ---- */
/* @size bytes of zeroed, contiguous memory: *va for the CPU, *bus for the
 * device (the two are equal behind an IOMMU). */
int mhv_dma_alloc(uint64_t size, void **va, uint64_t *bus);
int mhv_dma_free(void *va);

/* ---- domctl ---- */
int mhv_assign_device(domid_t dom, uint32_t sbdf);
int mhv_deassign_device(domid_t dom, uint32_t sbdf);
int mhv_domain_info(domid_t dom, struct mhv_domctl_domaininfo *info);
/* HVM domains (<public/hvm.h>): create (c->domid out), destroy (-MHV_EAGAIN
 * while it winds down: call again), read state and exit counts. */
int mhv_hvm_create(struct mhv_hvm_create *c);
int mhv_hvm_destroy(domid_t dom);
/* Start the boot vCPU of a domain created with MHV_HVM_CREATE_PAUSED. */
int mhv_hvm_unpause(domid_t dom);
int mhv_hvm_info(domid_t dom, struct mhv_hvm_info *info);

/* ---- sysctl ---- */
/* Entries from index @start on into @buf[@max]; *count written, *total
 * registered (either pointer may be NULL). */
int mhv_pci_list(uint32_t start, struct mhv_pci_info *buf, uint32_t max,
                 uint32_t *count, uint32_t *total);
/* The registry entry of @sbdf: 0, or -MHV_ENODEV when it is not listed. */
int mhv_pci_lookup(uint32_t sbdf, struct mhv_pci_info *info);

struct mhv_heap_counters {
    uint64_t live_objects;
    uint64_t live_bytes;
    uint64_t failed;
    uint64_t free_pages;
    uint64_t free_vectors;
};
int mhv_heap(struct mhv_heap_counters *out);
/* MHV_SYSCTL_iommu: the IOMMU's state, @domid's counters, and those of
 * function @dev_sbdf (MHV_IOMMU_NO_DEV: none). */
int mhv_iommu_info(domid_t domid, uint32_t dev_sbdf, struct mhv_iommu_info *out);

#endif /* DOMAINS_LIBMHVCTL_H */
