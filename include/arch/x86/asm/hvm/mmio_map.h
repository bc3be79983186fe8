/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device memory in an HVM guest's physical space: a range of a device's
 * BAR that a device model (the virtual PCI bus, <mhv/vpci/vpci.h>) maps
 * where the guest placed it, so that the guest's loads and stores reach
 * the device without an exit (arch/x86/hvm/mmio_map.c).
 *
 * A mapping is a GPMAP_MMIO range of the domain's memory map
 * (<mhv/gpmap.h>): the nested tables map it uncached and not executable,
 * the IOMMU leaves it out (a device's DMA reaches the guest's RAM only).
 * It is refused where the guest-physical space is not free -- RAM, another
 * mapping (the map's -EEXIST), the platform's own pages (the I/O APIC, the
 * interrupt window at 0xFEE00000, where a device's write is an MSI) -- or
 * beyond the guest's physical address width (what its CPUID reports).
 *
 * Lock: the records are guarded by d->mm_lock (the map's lock, taken
 * inside); callers may hold the locks that order before it (docs/
 * locking.md: the vpci lock).  The TLB flush of an unmap is a cross-CPU
 * call: interrupts on.
 */
#ifndef ASM_X86_HVM_MMIO_MAP_H
#define ASM_X86_HVM_MMIO_MAP_H

#include <mhv/types.h>

struct domain;

/*
 * Map guest-physical [@gpa, @gpa + @size) to host-physical @hpa (all
 * page-aligned, @size not 0).  0, or -EINVAL (not page-granular, empty,
 * wrapping, beyond the guest's width, over the platform's pages), -EEXIST
 * (over RAM or another mapping), -ENOMEM, -ESRCH (the domain's memory is
 * gone).  Nothing is logged: the caller says why it mapped.
 */
int hvm_mmio_map(struct domain *d, u64 gpa, u64 hpa, u64 size);
/*
 * Undo the hvm_mmio_map() of exactly [@gpa, @gpa + @size); every vCPU's
 * translation of it is gone when this returns.  A range that was not
 * mapped so is a bug of the caller (ASSERT; ignored in release builds).
 */
void hvm_mmio_unmap(struct domain *d, u64 gpa, u64 size);

#endif /* ASM_X86_HVM_MMIO_MAP_H */
