/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI static tables: discovery and parsing.
 *
 * acpi_init() finds the RSDP (the copy Multiboot2 hands over, else a scan of
 * the EBDA and of 0xE0000-0xFFFFF), walks the XSDT (the RSDT when there is
 * no usable XSDT), validates the checksum of every table and parses:
 *   MADT  LAPICs (xAPIC and x2APIC entries), IOAPICs, interrupt source
 *         overrides, NMI entries, the LAPIC MMIO address (64-bit override);
 *   MCFG  every ECAM segment and bus range;
 *   FADT  PM1a/PM1b control ports, PM timer port, SCI, boot flags, and from
 *         the DSDT the \_S5 sleep type (a byte scan, not an AML interpreter);
 *   HPET  the HPET MMIO address.
 * The results land in the plain structure `acpi_info` below.  Every other
 * table is only listed (acpi_table_find() returns where it lives).
 *
 * Corrupt firmware never crashes or hangs the parser: a bad checksum, a
 * truncated table or an entry whose length is 0 or runs past the table is
 * reported with a LOG_WARNING line and that table (or the rest of it) is
 * ignored.  Arrays have fixed limits (ACPI_MAX_*); entries beyond a limit
 * are counted, reported once per table and dropped.
 *
 * Physical memory is read only through acpi_map(), so the same parser runs
 * in the hypervisor (arch/x86/acpi_map.c: the direct map) and in host unit
 * tests (a fake physical memory).
 *
 * Locking: acpi_init() runs once on the boot CPU before any other CPU is
 * started; afterwards `acpi_info` and the table list are read-only and need
 * no lock.
 */
#ifndef MHV_ACPI_H
#define MHV_ACPI_H

#include <mhv/types.h>

/* Limits of the parsed arrays (entries beyond them are warned about). */
#define ACPI_MAX_LAPICS     256     /* xAPIC + x2APIC entries, disabled too */
#define ACPI_MAX_IOAPICS    16
#define ACPI_MAX_ISOS       16      /* interrupt source overrides: one per
                                       ISA IRQ at most */
#define ACPI_MAX_LAPIC_NMIS 256     /* firmware often lists one per CPU */
#define ACPI_MAX_NMI_SRCS   16
/* ECAM segment/bus-range entries: one range per PCI segment (Kconfig). */
#define ACPI_MAX_MCFG       CONFIG_PCI_MAX_SEGMENTS
#define ACPI_MAX_TABLES     64      /* tables listed by the XSDT/RSDT */
/* A table header claiming more than this is treated as corrupt. */
#define ACPI_MAX_TABLE_LEN  (16u << 20)

/*
 * MPS INTI flags, used by interrupt source overrides and NMI entries.
 * "Conforms" means: as the bus defines it (ISA: edge, active high).
 */
#define ACPI_INTI_POLARITY_MASK     0x3
#define ACPI_INTI_POLARITY_CONFORMS 0x0
#define ACPI_INTI_POLARITY_HIGH     0x1
#define ACPI_INTI_POLARITY_LOW      0x3
#define ACPI_INTI_TRIGGER_MASK      0xc
#define ACPI_INTI_TRIGGER_CONFORMS  0x0
#define ACPI_INTI_TRIGGER_EDGE      0x4
#define ACPI_INTI_TRIGGER_LEVEL     0xc

/* For an ISA source: level-triggered / active-low per @flags. */
static inline bool acpi_inti_is_level(u16 flags)
{
    return (flags & ACPI_INTI_TRIGGER_MASK) == ACPI_INTI_TRIGGER_LEVEL;
}
static inline bool acpi_inti_is_active_low(u16 flags)
{
    return (flags & ACPI_INTI_POLARITY_MASK) == ACPI_INTI_POLARITY_LOW;
}

/* A processor's local APIC (MADT type 0, or type 9 when x2apic is set). */
struct acpi_lapic {
    u32 apic_id;        /* (x2)APIC ID */
    u32 uid;            /* ACPI processor UID */
    bool enabled;       /* usable now */
    bool online_capable;/* disabled but may be brought online (ACPI 6.3) */
    bool x2apic;        /* came from an x2APIC entry */
};

/* An I/O APIC (MADT type 1). */
struct acpi_ioapic {
    u8 id;
    u32 gsi_base;       /* first GSI of its pins */
    paddr_t addr;       /* MMIO base */
};

/* Interrupt source override (MADT type 2): ISA @irq is wired to @gsi. */
struct acpi_iso {
    u8 bus;             /* 0: ISA */
    u8 irq;             /* bus-relative source */
    u32 gsi;
    u16 flags;          /* ACPI_INTI_* */
};

/* LAPIC NMI (MADT types 4 and 0xA): LINT@lint of processor @uid is NMI. */
#define ACPI_NMI_UID_ALL 0xffffffffu    /* every processor */
struct acpi_lapic_nmi {
    u32 uid;            /* ACPI processor UID or ACPI_NMI_UID_ALL */
    u16 flags;          /* ACPI_INTI_* */
    u8 lint;            /* 0 or 1 */
};

/* NMI source (MADT type 3): @gsi is an NMI. */
struct acpi_nmi_src {
    u32 gsi;
    u16 flags;          /* ACPI_INTI_* */
};

/*
 * One MCFG allocation.  As in the table, @base is the ECAM address of bus 0
 * of the segment even when @start_bus > 0: function (b, d, f) lives at
 * base + (b << 20 | d << 15 | f << 12), for start_bus <= b <= end_bus.
 */
struct acpi_mcfg_seg {
    paddr_t base;
    u16 segment;
    u8 start_bus;
    u8 end_bus;
};

/* Where a table lives (every table of the XSDT/RSDT, plus the DSDT). */
struct acpi_table_desc {
    char sig[5];        /* NUL-terminated signature */
    bool valid;         /* length and checksum good */
    paddr_t addr;
    u32 len;
};

/* PM1 control register: SLP_TYP in bits 10-12, SLP_EN is bit 13. */
#define ACPI_PM1_CNT_SLP_TYP_SHIFT  10
#define ACPI_PM1_CNT_SLP_EN         (1u << 13)
/* The value that enters sleep state @typ (S5 = soft off) when written. */
#define ACPI_PM1_CNT_SLEEP(typ) \
    ((u16)((((typ) & 7u) << ACPI_PM1_CNT_SLP_TYP_SHIFT) | ACPI_PM1_CNT_SLP_EN))

/* FADT IA-PC boot architecture flags (iapc_boot_arch). */
#define ACPI_IAPC_LEGACY_DEVICES    (1u << 0)
#define ACPI_IAPC_8042              (1u << 1)
#define ACPI_IAPC_NO_VGA            (1u << 2)
#define ACPI_IAPC_NO_MSI            (1u << 3)
#define ACPI_IAPC_NO_ASPM           (1u << 4)
#define ACPI_IAPC_NO_CMOS_RTC       (1u << 5)

struct acpi_info {
    /* RSDP */
    bool found;             /* an RSDP and a valid root table were found */
    u8 revision;            /* RSDP revision: 0 = ACPI 1.0, 2 = 2.0+ */
    bool use_xsdt;          /* the root table walked was the XSDT */
    char oem[7];            /* RSDP OEM ID, NUL-terminated */

    /* MADT ("APIC") */
    bool have_madt;
    paddr_t lapic_addr;     /* with the 64-bit override applied */
    bool pcat_compat;       /* dual 8259 PICs present (must be masked) */
    unsigned int nr_lapics;
    struct acpi_lapic lapics[ACPI_MAX_LAPICS];
    unsigned int nr_ioapics;
    struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
    unsigned int nr_isos;
    struct acpi_iso isos[ACPI_MAX_ISOS];
    unsigned int nr_lapic_nmis;
    struct acpi_lapic_nmi lapic_nmis[ACPI_MAX_LAPIC_NMIS];
    unsigned int nr_nmi_srcs;
    struct acpi_nmi_src nmi_srcs[ACPI_MAX_NMI_SRCS];

    /* MCFG */
    bool have_mcfg;
    unsigned int nr_mcfg;
    struct acpi_mcfg_seg mcfg[ACPI_MAX_MCFG];

    /* FADT ("FACP") and DSDT */
    bool have_fadt;
    u16 sci_irq;
    u16 pm1a_cnt;           /* PM1a control port, 0 when none */
    u16 pm1b_cnt;           /* PM1b control port, 0 when none */
    u16 pm_tmr;             /* PM timer port, 0 when none */
    bool pm_tmr_32bit;      /* the PM timer counts 32 bits (else 24) */
    u16 iapc_boot_arch;     /* ACPI_IAPC_* */
    u32 fadt_flags;
    paddr_t dsdt;           /* 0 when none */
    bool s5_found;          /* \_S5 package found in the DSDT */
    u8 s5_typ_a;            /* SLP_TYP for PM1a (0 when not found) */
    u8 s5_typ_b;            /* SLP_TYP for PM1b */

    /* HPET */
    paddr_t hpet_addr;      /* 0 when none */
};

/*
 * The parsed tables.  Written only by acpi_init() (boot CPU, before SMP),
 * read-only afterwards.
 */
extern struct acpi_info acpi_info;

/*
 * Find and parse the ACPI tables.
 * @rsdp: a copy of the RSDP (Multiboot2 tag 14 "ACPI old", 20 bytes, or tag
 *        15 "ACPI new", 36+ bytes), or NULL to scan the BIOS areas;
 * @rsdp_len: bytes readable at @rsdp.
 * A bad copy is reported and the BIOS areas are scanned instead.  Resets
 * `acpi_info` first, so it may be called again (host tests do).
 * Returns 0 when a root table was walked (individual tables may still have
 * been rejected: see the have_* flags), -ENODEV when there is no RSDP,
 * -EINVAL when neither the XSDT nor the RSDT is valid.
 * @pre boot CPU, no other CPU running.
 */
int acpi_init(const void *rsdp, size_t rsdp_len);

/*
 * The @n-th (0-based) valid table with signature @sig (4 characters), or
 * NULL.  The result points into a static list: read-only.
 */
const struct acpi_table_desc *acpi_table_find(const char *sig, unsigned int n);

/*
 * GSI and INTI flags of ISA IRQ @irq (0-15): the interrupt source override
 * for it when there is one, else the identity mapping with flags 0
 * (conforms: edge, active high).  @flags may be NULL.
 */
u32 acpi_isa_irq_to_gsi(unsigned int irq, u16 *flags);

/* The MCFG entry covering (@segment, @bus), or NULL. */
const struct acpi_mcfg_seg *acpi_mcfg_find(u16 segment, u8 bus);

/*
 * Hook: make @len bytes of physical memory at @pa readable and return their
 * address, or NULL when that is impossible (the parser then reports the
 * table and skips it).  Mappings are never released: the tables are read
 * once at boot.  The hypervisor's version is in arch/x86/acpi_map.c (the
 * direct map, else ioremap()); host tests provide their own
 * (tests/host/acpi_builder.c: a fake physical memory).
 */
const void *acpi_map(paddr_t pa, size_t len);

#endif /* MHV_ACPI_H */
