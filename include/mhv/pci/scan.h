/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bus scan (drivers/pci/scan.c).
 *
 * One function found by the scan.  VFs are never found by probing (their
 * vendor and device IDs read 0xffff): the scan reports them after their PF,
 * computed from the PF's SR-IOV state, with is_vf set and the IDs the PF
 * gives them (PF vendor, VF Device ID).
 */
#ifndef MHV_PCI_SCAN_H
#define MHV_PCI_SCAN_H

#include <mhv/types.h>
#include <mhv/sbdf.h>

struct pci_func {
    pci_sbdf_t sbdf;
    u16 vendor, device;
    u32 class;              /* base class << 16 | sub class << 8 | prog-if */
    u8 revision;
    u8 hdr_type;            /* PCI_HEADER_TYPE_* (multi-function bit masked) */
    bool multifunction;
    bool is_vf;
    pci_sbdf_t pf;          /* is_vf: the VF's PF */
    unsigned int vf_index;  /* is_vf: n in "VF n of pf" */
    u8 sec_bus, sub_bus;    /* bridges: secondary and subordinate bus */
};

/*
 * Called for every function found, in bus order; a non-zero return ends
 * the scan and is returned by pci_scan().
 */
typedef int (*pci_scan_cb_t)(const struct pci_func *f, void *ctx);

/*
 * Walk bus @start_bus of segment @seg and every bus reachable below it
 * through bridges, as the firmware numbered them.  Each bus is visited at
 * most once; a bridge whose secondary bus is not above its own bus, or
 * already visited, is reported with a warning and not followed.
 * Returns 0, or the first non-zero value returned by @cb.
 */
int pci_scan(u16 seg, unsigned int start_bus, pci_scan_cb_t cb, void *ctx);

/*
 * Fill @f for the (non-VF) function at @sbdf from its config space.
 * Returns 0, or -ENODEV when nothing answers there.
 */
int pci_func_read(pci_sbdf_t sbdf, struct pci_func *f);

/*
 * The one-line, lspci-style description of a function, without a trailing
 * newline, e.g.
 *   PCI 0000:01:00.0 [8086:10c9] class 020000 PF sriov total=8 offset=0x80 stride=2 vfbar0=16K vfbar3=16K
 * For a PF whose VF Enable and VF MSE are clear the VF BARs are sized (a
 * probe of the VF BAR registers).  Returns the length as snprintf() does.
 */
int pci_describe(const struct pci_func *f, char *buf, size_t size);

/*
 * printk the description at LOG_INFO, then the BARs and capabilities at
 * LOG_DEBUG.
 */
void pci_print_func(const struct pci_func *f);

/* "16K", "128K", "1M", "4G" or "32" (bytes) for a size; returns @buf. */
const char *pci_size_str(u64 size, char *buf, size_t len);

#endif /* MHV_PCI_SCAN_H */
