/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placing memory BARs firmware left unassigned (drivers/pci/place.c): VF
 * BARs at boot today, the BARs of hot-added functions next.  The
 * allocator works on bridge windows and may widen one into free space of
 * its parent; the platform's part (the PCI hole below 4 GiB, QEMU's VF
 * BAR quirk) is <mhv/pci/platform.h>.
 */
#ifndef MHV_PCI_PLACE_H
#define MHV_PCI_PLACE_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

/* A range of bus addresses, inclusive: [start, end]. */
struct pci_mem_range {
    u64 start, end;
};

/*
 * Pure: the lowest address A, aligned to @align (a power of two), such that
 * [A, A + size - 1] lies in [win->start, win->end] and overlaps none of the
 * @nr_busy ranges.  Returns 0 with *@addr set, or -ENOSPC.
 */
int pci_range_find_free(const struct pci_mem_range *win, u64 size, u64 align,
                        const struct pci_mem_range *busy, unsigned int nr_busy,
                        u64 *addr);

/*
 * Place the unassigned VF BARs of @pf (VF BAR base 0 and per-VF size non-
 * zero): each gets TotalVFs x vf_rlen bytes, aligned to that size rounded up
 * to a power of two, below 4 GiB (QEMU ignores the upper dword), inside a
 * memory window of the PF's upstream bridge, avoiding every BAR, VF BAR and
 * bridge window already in use below that bridge.  A prefetchable VF BAR
 * goes to the prefetchable window if it fits, then the non-prefetchable one;
 * when neither has room, a window (prefetchable first) is widened, in 1 MiB
 * steps, into space free on the bridge's primary bus: inside the parent
 * bridge's window, or, for a bridge on the root bus, inside one of the
 * @nr_root ranges @root (the host bridge's aperture below 4 GiB, given by
 * the caller; none: no widening on the root bus).  A PF on the root bus
 * places directly into @root.
 * @pre VF Enable and VF MSE are clear; called at boot, with the devices
 *      below the bridge quiescent (their BARs are probed).
 * Logs one line per BAR placed.  Returns the number of BARs placed (0 when
 * none needed it), or -EBUSY (VFs enabled), -ENODEV (no SR-IOV), -ENOSPC
 * (no room), -ENOMEM.
 */
int pci_sriov_place_vf_bars(pci_sbdf_t pf, const struct pci_mem_range *root,
                            unsigned int nr_root);

/*
 * Place the unassigned memory BARs (base 0, size non-zero) of the normal
 * (type 0) function @sbdf as pci_sriov_place_vf_bars() places VF BARs:
 * each aligned to its size, below 4 GiB, in a window of the upstream
 * bridge (widened if need be) avoiding everything in use below it.  I/O
 * BARs and the ROM are left unassigned.  Memory and I/O decode are left
 * off.  For a hot-added function before it is registered.
 * @pre the function is quiescent (its BARs are probed).
 * Returns the number of BARs placed, or -ENODEV (nothing answers),
 * -EINVAL (not a type 0 function), -ENOSPC, -ENOMEM.
 */
int pci_place_func_bars(pci_sbdf_t sbdf, const struct pci_mem_range *root,
                        unsigned int nr_root);

/* The upstream bridge of bus @bus on segment @seg (found by a scan from
 * bus 0).  Returns 0 with *@bridge set, or -ENODEV (a root bus). */
int pci_find_upstream_bridge(u16 seg, unsigned int bus, pci_sbdf_t *bridge);

#endif /* MHV_PCI_PLACE_H */
