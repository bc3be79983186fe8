/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SR-IOV geometry of a Physical Function (drivers/pci/sriov.c).
 *
 * What it offers, all through the config accessors and nothing else:
 *  - the PF's SR-IOV capability read into struct pci_sriov;
 *  - VF BAR sizing into vf_rlen[PCI_SRIOV_NUM_BARS] (the per-VF size of each
 *    VF BAR), done only while VF Enable and VF MSE are clear;
 *  - the routing ID of VF n, and the inverse: whether an SBDF is VF n of a
 *    PF under the PF's *current* VF Enable / NumVFs / offset / stride (read
 *    fresh on every call: offset and stride change with NumVFs and ARI);
 *  - placement of unassigned VF BARs inside the upstream bridge's windows.
 *
 * No locking here: the accessors are safe on every CPU, and the callers
 * (boot scan, registry) serialise changes to one PF's SR-IOV state.
 *
 * vf_rlen layout: vf_rlen[i] is the size of VF BAR i of ONE VF; VF n's BAR i
 * is at (VF BAR i base) + n * vf_rlen[i].  A 64-bit VF BAR occupies slots i
 * and i + 1: the size is in slot i, slot i + 1 is 0.
 */
#ifndef MHV_PCI_SRIOV_H
#define MHV_PCI_SRIOV_H

#include <mhv/types.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>

/* A PF's SR-IOV capability, as read by pci_sriov_read(). */
struct pci_sriov {
    unsigned int pos;       /* offset of the SR-IOV extended capability */
    u16 ctrl;               /* PCI_SRIOV_CTRL_* */
    u16 initial_vfs;
    u16 total_vfs;
    u16 num_vfs;
    u16 offset;             /* First VF Offset */
    u16 stride;             /* VF Stride */
    u16 vf_device;          /* VF Device ID */
    u32 sup_pgsz;           /* Supported Page Sizes (bit n: 4 KiB << n) */
    u32 sys_pgsz;           /* System Page Size */
};

/*
 * Read the SR-IOV capability of @pf into @sr.
 * Returns 0, or -ENODEV when @pf has no SR-IOV capability.
 */
int pci_sriov_read(pci_sbdf_t pf, struct pci_sriov *sr);
/*
 * The same for a capability known to be at @pos (recorded when @pf was
 * added): no walk of the capability list, one read of its header to see
 * that it is still there.  -ENODEV when it is not.
 */
int pci_sriov_read_at(pci_sbdf_t pf, unsigned int pos, struct pci_sriov *sr);

/*
 * Decode and size the six VF BAR registers of the capability at @pos.
 * @pre VF Enable and VF MSE are clear (else -EBUSY, nothing touched).
 * vf_bars[i].size is the per-VF size; a 64-bit BAR fills slot i and leaves
 * slot i + 1 EMPTY.  An I/O VF BAR (not allowed by the specification) or a
 * BAR that cannot be sized is reported with a LOG_WARNING line and given
 * size 0.  Returns 0, -EBUSY or -ENODEV.
 */
int pci_sriov_read_vf_bars(pci_sbdf_t pf, unsigned int pos,
                           struct pci_bar vf_bars[PCI_SRIOV_NUM_BARS]);

/* The same, keeping only the sizes: the registry's vf_rlen[]. */
int pci_sriov_size_vf_bars(pci_sbdf_t pf, unsigned int pos,
                           u64 vf_rlen[PCI_SRIOV_NUM_BARS]);

/*
 * The base address programmed in VF BAR @bar (both halves if it is 64-bit),
 * read now.  Returns 0 with *@base set, or -EINVAL (bar >= 6, or the upper
 * half of a 64-bit BAR, or an I/O BAR).
 */
int pci_sriov_vf_bar_base(pci_sbdf_t pf, unsigned int pos, unsigned int bar,
                          u64 *base);

/*
 * Pure: the SBDF of VF @n of @pf given First VF Offset @offset and VF
 * Stride @stride: routing ID = PF RID + offset + stride * n, carrying into
 * the bus number.  Returns 0, or -ERANGE when the routing ID would pass
 * bus 255.
 */
int pci_sriov_vf_rid(pci_sbdf_t pf, unsigned int offset, unsigned int stride,
                     unsigned int n, pci_sbdf_t *vf);

/*
 * The SBDF of VF @n of @pf under its current SR-IOV state (checks as
 * pci_sriov_vf_index(), plus n < NumVFs).
 */
int pci_sriov_vf_sbdf(pci_sbdf_t pf, unsigned int n, pci_sbdf_t *vf);

/*
 * Whether @vf is a VF of @pf right now.  Reads VF Enable, NumVFs, offset and
 * stride from @pf on every call.
 * Returns the VF index n (0 <= n < NumVFs), or
 *   -ENODEV  @pf has no SR-IOV capability;
 *   -ENXIO   VF Enable is clear or NumVFs is 0 (no VF exists);
 *   -EINVAL  the geometry is corrupt (offset 0, or stride 0 with NumVFs > 1:
 *            logged), or @vf is not one of the NumVFs VFs (other segment,
 *            below the first VF, off the stride, index >= NumVFs).
 * A NumVFs above TotalVFs counts as TotalVFs (logged): the VF BARs only
 * span TotalVFs VFs.
 */
int pci_sriov_vf_index(pci_sbdf_t pf, pci_sbdf_t vf);
/* The same with the capability at @pos (recorded), without a walk. */
int pci_sriov_vf_index_at(pci_sbdf_t pf, unsigned int pos, pci_sbdf_t vf);

#endif /* MHV_PCI_SRIOV_H */
