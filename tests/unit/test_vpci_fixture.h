/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixture of the virtual PCI bus tests (tests/unit/test_vpci_*.c):
 * the real drivers/vpci/ on the real registry, interrupt layer and PCI
 * core, against the config-space model's igb (test_msi_fixture.h) and a
 * model of what the HVM side provides (struct vpci_guest_ops):
 *
 *  - a guest, d1, with VG_NR_VCPUS vCPUs whose APIC IDs are 0, 1, ...
 *    (logical destinations: bit n is vCPU n), RAM at [0, 1 GiB) and
 *    [4 GiB, 5 GiB), the interrupt window at 0xfee00000, and a 40-bit
 *    guest-physical space; map_mmio refuses whatever touches those or an
 *    existing mapping, and records the rest, which tests look at;
 *  - injections recorded (vCPU, vector), as the vLAPIC would take them.
 *
 * Every test starts with an empty registry and an empty bus on d1, and
 * ends -- after d1's devices are released, which revokes their slots --
 * with no mapping left, no pirq, every vector free and the heap back at
 * its start (msi_check_clean()).
 */
#ifndef TESTS_UNIT_TEST_VPCI_FIXTURE_H
#define TESTS_UNIT_TEST_VPCI_FIXTURE_H

#include <mhv/types.h>
#include <mhv/vpci/vpci.h>
#include "test_msi_fixture.h"

#define VG                  D1
#define VG_NR_VCPUS         2
#define VG_RAM_LO_END       0x40000000ULL
#define VG_RAM_HI           0x100000000ULL
#define VG_RAM_HI_END       0x140000000ULL
#define VG_GPA_LIMIT        (1ULL << 40)
/* The host bridge's window: wider than the real platform's on purpose, over
 * the high RAM and the interrupt window, so that both the bus's window check
 * and the map's own refusals are reached. */
#define VG_WINDOW_BASE      0x80000000ULL
#define VG_WINDOW_SIZE      0x280000000ULL
/* Where the tests' guest puts the VF BARs: slot s at VG_BAR0(s)/VG_BAR3(s). */
#define VG_BAR0(s)          (0xc0000000ULL + (s) * 0x100000ULL)
#define VG_BAR3(s)          (VG_BAR0(s) + 0x10000ULL)
#define VG_TABLE(s)         VG_BAR3(s)              /* table at BAR3 + 0 */
#define VG_PBA(s)           (VG_BAR3(s) + 0x2000)   /* PBA at BAR3 + 0x2000 */

extern const struct vpci_guest_ops vg_ops;

int vg_test_setup(void **state);
int vg_test_teardown(void **state);
#define VPCI_TEST(fn) cmocka_unit_test_setup_teardown(fn, vg_test_setup, vg_test_teardown)

/* The igb with @nr_vfs VFs registered (d0's); d1 has a virtual bus. */
void vg_igb_up(unsigned int nr_vfs);
/* VF @vf given to d1 and shown on its bus; returns the slot (asserts > 0). */
unsigned int vg_assign(unsigned int vf);

/* d1's vCPU, the one running the tests' guest accesses (host_current_vcpu). */
extern struct vcpu vg_vcpu;

/* Let time pass until no reset step is armed; returns the steps run. */
unsigned int vg_run_resets(void);
/* d1's vCPU was queued to wait for a reset: it waits (the reset runs to
 * its end), then resumes, with nothing applied to its state. */
void vg_wait_reset(void);
/* How many times vg_cfg_write() waited for a reset it asked for. */
extern unsigned long vg_reset_waits;

/* Config access through the type-1 ports, as the guest does it (a write
 * that asks for a reset waits for it: vg_wait_reset()). */
u32 vg_cfg_read(unsigned int slot, unsigned int reg, unsigned int size);
void vg_cfg_write(unsigned int slot, unsigned int reg, unsigned int size, u32 val);
/* The same for any bus/device/function. */
u32 vg_cfg_read_bdf(unsigned int bus, unsigned int dev, unsigned int fn,
                    unsigned int reg, unsigned int size);

/* A guest MMIO access that missed its nested page tables; asserts the bus
 * claimed it. */
u64 vg_mmio_read(u64 gpa, unsigned int size);
void vg_mmio_write(u64 gpa, unsigned int size, u64 val);

/* Place BAR0 and BAR3 (64-bit) of @slot at VG_BAR0/VG_BAR3 and turn on
 * memory decoding and bus mastering, as Linux's PCI code does. */
void vg_place_bars(unsigned int slot);

/* An MSI-X entry of @slot written as Linux does (dword writes). */
void vg_entry_write(unsigned int slot, unsigned int entry, u32 addr_lo, u32 addr_hi,
                    u32 data, u32 ctrl);
/* A physical-destination, fixed, edge message to APIC ID @dest. */
#define VG_MSG_ADDR(dest)   (0xfee00000u | ((u32)(dest) << 12))
/* The Linux sequence: MSI-X on with all masked, entry @e programmed for
 * vCPU @vcpu / @vector, the function mask lifted, the entry unmasked. */
void vg_msix_up(unsigned int slot, unsigned int e, unsigned int vcpu, u8 vector);

/* The map_mmio model: does d1 map exactly [gpa, gpa + size) to hpa?
 * What does @gpa map to (0: nothing)?  How many mappings are there? */
bool vg_maps(u64 gpa, u64 hpa, u64 size);
u64 vg_hpa_of(u64 gpa);
unsigned int vg_nr_maps(void);
/* Every mapping now: up to @max (gpa, hpa, size) triples into @out. */
unsigned int vg_maps_list(u64 out[][3], unsigned int max);
/* Every mapping lies inside the BAR0/BAR3 of one of VFs 0..@nr_vfs-1 on
 * the host, off its MSI-X table and PBA pages, and off the guest's RAM and
 * interrupt window. */
void vg_check_maps_confined(unsigned int nr_vfs);

/* The injection log. */
extern unsigned long vg_injects;
extern unsigned int vg_last_vcpu;
extern u8 vg_last_vector;

/* d1's counters now. */
struct vpci_stats vg_stats(void);

/* The pirq d1 has for real MSI-X entry @entry of @sbdf, or -1. */
int vg_pirq_of(pci_sbdf_t sbdf, unsigned int entry);

#endif /* TESTS_UNIT_TEST_VPCI_FIXTURE_H */
