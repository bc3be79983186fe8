/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PCI configuration-space model for host unit tests.
 *
 * The model is the mechanism under the hypervisor's config accessors
 * (pci_conf_raw_read/write of <mhv/pci/ecam.h>; the accessors are the real
 * drivers/pci/access.c, with its checks), so the
 * real PCI, registry and MSI code runs against devices that a test builds
 * with the functions below.  It is linked into every host test; a test that
 * does not build devices just sees an empty machine (every read all-ones).
 *
 * Semantics modelled
 *  - Absent functions read all-ones; writes to them are dropped.
 *  - Every config byte has a write mask: a write changes only writable bits
 *    (vendor, device, class, header type, capability headers... are
 *    read-only).  BARs get their mask from their size, so writing all-ones
 *    and reading back gives the size mask with the type bits, as hardware
 *    does; an unimplemented BAR reads 0.
 *  - Bridges (header type 1): bus numbers and the memory, prefetchable and
 *    I/O window registers are writable.
 *  - SR-IOV PFs: Control (VFE, VFM, MSE, ARI bits), NumVFs, System Page Size
 *    and the VF BARs are writable; NumVFs is read-only while VF Enable is
 *    set.  Setting VF Enable creates NumVFs VFs (at most TotalVFs) at the
 *    routing IDs given by First VF Offset and VF Stride at that moment;
 *    clearing it destroys them.  A VF reads 0xffff as vendor and device ID,
 *    has the PF's class and revision, no BARs of its own (they come from the
 *    PF's VF BARs), a writable COMMAND, and optionally an MSI-X capability
 *    at 0x70 and a PCIe capability at 0xa0.
 *  - Misaligned accesses or accesses beyond 4 KiB read all-ones, are
 *    dropped, and are counted (pcim_get_stats()).
 *  - A PCIe function offers FLR: setting Device Control's FLR bit resets
 *    what software wrote (COMMAND, BARs, interrupt line, MSI/MSI-X enables,
 *    Device Control) and is counted.
 *  - Suspicious driver behaviour is counted too: all-ones written to a BAR
 *    while its decoding is enabled in COMMAND, VF BAR writes while VF
 *    Enable or VF MSE is set, NumVFs writes ignored because VF Enable is set.
 *
 * All accessors take one mutex: tests may drive the code from several
 * threads.  Building devices is meant for one thread.  A misuse of the
 * building API (two devices at one SBDF, a capability that does not fit)
 * aborts the test with a message on stderr.
 *
 * Typical use:
 *     pcim_reset();
 *     struct pcim_igb igb;
 *     pcim_igb_preset(&igb);           // root port 00:04.0, igb PF 01:00.0
 *     ... run code that calls pci_conf_*() ...
 *     pcim_enable_vfs(igb.pf_sbdf, 4); // VFs 01:10.0, 01:10.2, ...
 */
#ifndef TESTS_HOST_PCIMODEL_H
#define TESTS_HOST_PCIMODEL_H

#include <mhv/types.h>
#include <mhv/pci/access.h>
#include <mhv/sbdf.h>

struct pcim_dev;

/* Remove every device (VFs included), reset the statistics. */
void pcim_reset(void);

/* ------------------------------------------------------------ devices */

/* A type 0 function: vendor, device, class (base << 16 | sub << 8 | prog-if). */
struct pcim_dev *pcim_add_dev(pci_sbdf_t sbdf, u16 vendor, u16 device,
                              u32 class);
/* A PCI-to-PCI bridge (type 1, class 060400) with its bus numbers; the
 * windows start disabled (see pcim_set_window()). */
struct pcim_dev *pcim_add_bridge(pci_sbdf_t sbdf, u16 vendor, u16 device,
                                 u8 secondary, u8 subordinate);
/* Set the multi-function bit in the header type (for function 0). */
void pcim_set_multifunction(struct pcim_dev *d, bool on);
/* Replace the header type (e.g. 2 for a CardBus bridge, or garbage). */
void pcim_set_header_type(struct pcim_dev *d, u8 type);
void pcim_set_revision(struct pcim_dev *d, u8 rev);
/* Set COMMAND as firmware left it (e.g. PCI_COMMAND_MEMORY). */
void pcim_set_command(struct pcim_dev *d, u16 cmd);
/* A device that stops answering (@dead: config reads all-ones, writes
 * dropped) while it stays present, as one that never comes back from a
 * reset. */
void pcim_set_dead(struct pcim_dev *d, bool dead);
/* Remove one device (a surprise removal); a PF takes its VFs with it. */
void pcim_remove_dev(struct pcim_dev *d);
/* The device at @sbdf (VFs included), or NULL. */
struct pcim_dev *pcim_find(pci_sbdf_t sbdf);
pci_sbdf_t pcim_sbdf(const struct pcim_dev *d);

/* ------------------------------------------------------------ BARs */

#define PCIM_BAR_MEM32      0x0
#define PCIM_BAR_IO         0x1
#define PCIM_BAR_MEM64      0x2     /* uses this BAR and the next */
#define PCIM_BAR_PREFETCH   0x4

/*
 * Implement BAR @idx with @size bytes (a power of two, >= 16 for memory,
 * >= 4 for I/O; 0: unimplemented) of type @flags, programmed at @base.
 */
void pcim_set_bar(struct pcim_dev *d, unsigned int idx, u64 size,
                  unsigned int flags, u64 base);
/* An expansion ROM of @size bytes (0: none) at @base, disabled. */
void pcim_set_rom(struct pcim_dev *d, u32 size, u32 base);

/* ------------------------------------------------------------ bridges */

enum pcim_window { PCIM_WIN_MEM, PCIM_WIN_PREF };
/*
 * Program a bridge memory window to [base, limit] (1 MiB granules; a base
 * above the limit disables it).  The prefetchable window has 64-bit
 * registers.
 */
void pcim_set_window(struct pcim_dev *br, enum pcim_window which, u64 base,
                     u64 limit);
/* The window as the registers say now: false when disabled. */
bool pcim_get_window(struct pcim_dev *br, enum pcim_window which, u64 *base,
                     u64 *limit);

/* ------------------------------------------------------------ capabilities */

/*
 * Append a standard capability of @len bytes (header included) to the end
 * of the list, at the next free dword from 0x40 (or at @pos with _at).
 * Returns its offset.  The body is zero and read-only unless made writable
 * with pcim_set_wmask().
 */
unsigned int pcim_add_cap(struct pcim_dev *d, u8 id, unsigned int len);
unsigned int pcim_add_cap_at(struct pcim_dev *d, unsigned int pos, u8 id,
                             unsigned int len);
/* Extended capabilities, from 0x100 (version @ver). */
unsigned int pcim_add_ext_cap(struct pcim_dev *d, u16 id, u8 ver,
                              unsigned int len);
unsigned int pcim_add_ext_cap_at(struct pcim_dev *d, unsigned int pos, u16 id,
                                 u8 ver, unsigned int len);
/* Overwrite a capability's next pointer (to build loops, bad pointers). */
void pcim_set_cap_next(struct pcim_dev *d, unsigned int pos, u8 next);
void pcim_set_ext_cap_next(struct pcim_dev *d, unsigned int pos,
                           unsigned int next);

/* Ready-made capabilities; each returns its offset (pos 0: next free). */
unsigned int pcim_add_pm(struct pcim_dev *d, unsigned int pos);
unsigned int pcim_add_msi(struct pcim_dev *d, unsigned int pos, bool is64,
                          bool maskable, unsigned int log2_vectors);
unsigned int pcim_add_msix(struct pcim_dev *d, unsigned int pos,
                           unsigned int entries, u8 table_bir, u32 table_off,
                           u8 pba_bir, u32 pba_off);
unsigned int pcim_add_pcie(struct pcim_dev *d, unsigned int pos, u8 port_type);

/* ------------------------------------------------------------ SR-IOV */

struct pcim_sriov_cfg {
    unsigned int pos;           /* 0: next free extended slot */
    u16 total_vfs;
    u16 initial_vfs;            /* 0: same as total_vfs */
    u16 offset;                 /* First VF Offset */
    u16 stride;                 /* VF Stride */
    u16 vf_device;
    u32 sup_pgsz;               /* 0: 0x553 (4K, 8K, 64K, 256K, 1M, 4M) */
    struct {
        u64 size;               /* per VF; 0: unimplemented */
        unsigned int flags;     /* PCIM_BAR_*; MEM64 uses this slot and next */
    } vf_bar[PCI_SRIOV_NUM_BARS];
    /* MSI-X capability of each VF (0 entries: none). */
    u16 vf_msix_entries;
    u8 vf_msix_table_bir, vf_msix_pba_bir;
    u32 vf_msix_table_off, vf_msix_pba_off;
};

/* Give @pf an SR-IOV capability; returns its offset. */
unsigned int pcim_add_sriov(struct pcim_dev *pf, const struct pcim_sriov_cfg *cfg);

/* A generic SR-IOV PF endpoint at @sbdf: TotalVFs @total, First VF Offset
 * @offset, VF Stride @stride, one 64-bit prefetchable 16K VF BAR0 holding
 * the VFs' 3-entry MSI-X table (PBA at 0x2000). */
struct pcim_dev *pcim_add_sriov_pf(pci_sbdf_t sbdf, u16 total, u16 offset,
                                   u16 stride);
/* The VFs that exist now (VF Enable set) and VF @n of them, or NULL. */
unsigned int pcim_nr_vfs(struct pcim_dev *pf);
struct pcim_dev *pcim_vf(struct pcim_dev *pf, unsigned int n);
/*
 * What an OS does to enable VFs, through the accessors: write NumVFs = @n,
 * then Control |= VFE | MSE (VF BARs left as they are).  @n 0: clear VFE
 * and MSE, then write NumVFs 0.
 */
void pcim_enable_vfs(pci_sbdf_t pf, unsigned int n);

/* ------------------------------------------------------------ raw access */

/* Read/write config bytes directly, ignoring write masks and side effects. */
void pcim_poke8(struct pcim_dev *d, unsigned int reg, u8 val);
void pcim_poke16(struct pcim_dev *d, unsigned int reg, u16 val);
void pcim_poke32(struct pcim_dev *d, unsigned int reg, u32 val);
u32 pcim_peek32(struct pcim_dev *d, unsigned int reg);
/* Make the bits @mask of the @len (1, 2, 4) bytes at @reg writable (only). */
void pcim_set_wmask(struct pcim_dev *d, unsigned int reg, unsigned int len,
                    u32 mask);

/* ------------------------------------------------------------ statistics */

struct pcim_stats {
    unsigned long reads, writes;
    unsigned long absent_reads;             /* reads of absent functions */
    unsigned long bar_sizing_while_decoding;
    unsigned long vf_bar_writes_while_enabled;
    unsigned long numvfs_writes_ignored;    /* NumVFs written with VFE set */
    unsigned long vf_collisions;            /* VF routing ID already in use */
    unsigned long flrs;                     /* function-level resets done */
};
void pcim_get_stats(struct pcim_stats *st);

/* ------------------------------------------------------------ presets */

/*
 * The QEMU q35 + igb machine the QEMU tests boot (tools/mhv-run):
 *   00:00.0 host bridge [8086:29c0]
 *   00:04.0 PCIe root port [1b36:000c], buses 01-01,
 *           memory window 0xfe800000-0xfe9fffff,
 *           prefetchable window 0xfe000000-0xfe1fffff (64-bit registers, empty)
 *   01:00.0 igb PF [8086:10c9] class 020000:
 *           BAR0 128K @0xfe800000, BAR1 128K @0xfe820000, BAR2 I/O 32 @0xc000,
 *           BAR3 64-bit 16K @0xfe840000;
 *           PM 0x40, MSI 0x50 (64-bit, maskable, 1 vector),
 *           MSI-X 0x70 (10 entries, table BAR3+0, PBA BAR3+0x2000), PCIe 0xa0;
 *           AER 0x100, ARI 0x150, SR-IOV 0x160: TotalVFs 8, offset 0x80,
 *           stride 2, VF device 0x10ca, VF BAR0 and VF BAR3 16K 64-bit
 *           prefetchable (unassigned: base 0), VF MSI-X 3 entries,
 *           table BAR3+0, PBA BAR3+0x2000.
 * COMMAND has I/O, memory and bus master set on the bridge and the PF.
 */
struct pcim_igb {
    struct pcim_dev *host, *rp, *pf;
    pci_sbdf_t rp_sbdf, pf_sbdf;
    unsigned int sriov_pos;     /* 0x160 */
};
void pcim_igb_preset(struct pcim_igb *igb);

#define PCIM_IGB_MEM_BASE       0xfe800000ULL
#define PCIM_IGB_MEM_LIMIT      0xfe9fffffULL
#define PCIM_IGB_PREF_BASE      0xfe000000ULL
#define PCIM_IGB_PREF_LIMIT     0xfe1fffffULL

#endif /* TESTS_HOST_PCIMODEL_H */
