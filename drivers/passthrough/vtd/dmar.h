/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI DMAR table (Intel VT-d specification, chapter 8) parsed into a
 * plain structure, and the question it answers: which remapping unit
 * (DRHD) covers a PCI function.
 *
 * What it offers:
 *  - dmar_parse(): the DRHDs with their device scopes (endpoints, bridges
 *    = everything behind a root port, IOAPIC and HPET scopes kept for the
 *    record), INCLUDE_PCI_ALL, the RMRRs with their scopes, the table's
 *    host address width and flags (interrupt remapping, x2APIC opt-out);
 *  - dmar_find_unit(): the DRHD covering @sbdf: an endpoint scope naming
 *    it, else a bridge scope whose bus range holds its bus, else the
 *    INCLUDE_PCI_ALL unit of its segment.  VFs are looked up by their own
 *    requester id like any other function.
 *
 * Scope paths are resolved when asked (dmar_find_unit()) by reading the
 * bridges' secondary and subordinate bus numbers through the reader the
 * caller passes, so the parser needs no config access and runs in host
 * tests and the ACPI fuzzer.  A path longer than DMAR_MAX_PATH, a scope
 * whose length runs past its structure, a structure of length 0 or past
 * the table are reported (LOG_WARNING) and dropped; arrays have fixed
 * limits.  Physical memory is read only through acpi_map().
 *
 * Locking: dmar_parse() runs once at boot on the boot CPU; the result is
 * read-only afterwards.
 */
#ifndef MHV_VTD_DMAR_H
#define MHV_VTD_DMAR_H

#include <mhv/types.h>
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>

#define DMAR_MAX_UNITS      8
#define DMAR_MAX_SCOPES     32      /* per DRHD or RMRR */
#define DMAR_MAX_RMRRS      8
#define DMAR_MAX_PATH       8       /* (device, function) hops */

/* DMAR flags (byte 37). */
#define DMAR_FLAG_INTR_REMAP        (1u << 0)
#define DMAR_FLAG_X2APIC_OPT_OUT    (1u << 1)
#define DMAR_FLAG_DMA_CTRL_OPT_IN   (1u << 2)

/* DRHD flags. */
#define DRHD_FLAG_INCLUDE_PCI_ALL   (1u << 0)

/* Device scope types. */
#define DMAR_SCOPE_ENDPOINT     1
#define DMAR_SCOPE_BRIDGE       2
#define DMAR_SCOPE_IOAPIC       3
#define DMAR_SCOPE_HPET         4
#define DMAR_SCOPE_NAMESPACE    5

struct dmar_scope {
    u8 type;                /* DMAR_SCOPE_* */
    u8 enum_id;             /* IOAPIC id / HPET number */
    u8 start_bus;
    u8 path_len;            /* hops in path[] (>= 1) */
    struct { u8 dev, fn; } path[DMAR_MAX_PATH];
};

struct dmar_drhd {
    paddr_t reg_base;
    u16 segment;
    u8 flags;               /* DRHD_FLAG_* */
    unsigned int nr_scopes;
    struct dmar_scope scopes[DMAR_MAX_SCOPES];
};

struct dmar_rmrr {
    u16 segment;
    u64 base, limit;        /* inclusive limit */
    unsigned int nr_scopes;
    struct dmar_scope scopes[DMAR_MAX_SCOPES];
};

struct dmar_info {
    bool found;             /* a valid DMAR was parsed */
    u8 haw;                 /* host address width in bits (field + 1) */
    u8 flags;               /* DMAR_FLAG_* */
    unsigned int nr_drhds;
    struct dmar_drhd drhds[DMAR_MAX_UNITS];
    unsigned int nr_rmrrs;
    struct dmar_rmrr rmrrs[DMAR_MAX_RMRRS];
    unsigned int nr_dropped;    /* structures or scopes refused */
};

extern struct dmar_info dmar_info;

/*
 * Parse the DMAR at physical address @pa, @len bytes (checksum already
 * checked by the ACPI layer).  Resets dmar_info first.  0, or -EINVAL
 * (table too short or no usable DRHD), with a log line.
 */
int dmar_parse(paddr_t pa, u32 len);

/* Find the DMAR through the ACPI table list and parse it; -ENODEV if none. */
int dmar_init(void);

/*
 * Reads config byte @reg of the function at @sbdf (the bridge numbers of a
 * scope path).  The hypervisor passes pci_conf_read8.
 */
typedef u8 (*dmar_conf_read8_t)(pci_sbdf_t sbdf, unsigned int reg);

/*
 * Where scope @s points: an endpoint's SBDF in *@first (== *@last), or a
 * bridge's secondary..subordinate bus range as SBDFs (devfn 0 .. 0xff of
 * the last bus).  false when the path cannot be resolved (a bridge on the
 * way reads all-ones or has secondary bus 0).
 */
bool dmar_scope_resolve(const struct dmar_scope *s, u16 seg,
                        dmar_conf_read8_t rd, pci_sbdf_t *first,
                        pci_sbdf_t *last);

/* Index of the DRHD covering @sbdf, or -ENODEV. */
int dmar_find_unit(pci_sbdf_t sbdf, dmar_conf_read8_t rd);

/* Does RMRR @r name @sbdf? */
bool dmar_rmrr_covers(const struct dmar_rmrr *r, pci_sbdf_t sbdf,
                      dmar_conf_read8_t rd);

#endif /* MHV_VTD_DMAR_H */
