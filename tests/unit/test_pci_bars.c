/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BAR decoding and sizing on the config-space model: I/O, 32- and 64-bit
 * memory, prefetchable, unimplemented and unsizeable BARs, bridges, ROMs;
 * decoding is off in COMMAND while a BAR holds all-ones, and every
 * register (COMMAND included) reads as before afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/pci/access.h>
#include <mhv/pci/bars.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>
#include <mhv/errno.h>
#include "harness.h"
#include "pcimodel.h"

static const pci_sbdf_t dev_sbdf = { .sbdf = 0x00000300 };   /* 0000:03:00.0 */

static int setup(void **state)
{
    pcim_reset();
    host_log_clear();
    return 0;
}

/* Config dwords 0..0x3f, to compare before and after. */
static void snapshot(pci_sbdf_t sbdf, u32 regs[16])
{
    for (unsigned int i = 0; i < 16; i++)
        regs[i] = pci_conf_read32(sbdf, 4 * i);
}

static void test_igb_bars(void **state)
{
    struct pcim_igb igb;
    struct pci_bar b[PCI_NUM_BARS_NORMAL];
    struct pcim_stats st;
    u32 before[16], after[16];

    pcim_igb_preset(&igb);
    snapshot(igb.pf_sbdf, before);
    assert_int_equal(pci_read_bars(igb.pf_sbdf, b), 6);
    snapshot(igb.pf_sbdf, after);
    assert_memory_equal(before, after, sizeof(before));

    assert_int_equal(b[0].type, PCI_BAR_MEM);
    assert_int_equal(b[0].base, 0xfe800000);
    assert_int_equal(b[0].size, 128 * 1024);
    assert_false(b[0].is64);
    assert_false(b[0].prefetch);
    assert_int_equal(b[1].base, 0xfe820000);
    assert_int_equal(b[1].size, 128 * 1024);
    assert_int_equal(b[2].type, PCI_BAR_IO);
    assert_int_equal(b[2].base, 0xc000);
    assert_int_equal(b[2].size, 32);
    assert_int_equal(b[3].type, PCI_BAR_MEM);
    assert_true(b[3].is64);
    assert_int_equal(b[3].base, 0xfe840000);
    assert_int_equal(b[3].size, 16 * 1024);
    assert_int_equal(b[4].type, PCI_BAR_EMPTY);     /* upper half of BAR3 */
    assert_int_equal(b[5].type, PCI_BAR_EMPTY);
    assert_int_equal(b[5].size, 0);

    pcim_get_stats(&st);
    assert_int_equal(st.bar_sizing_while_decoding, 0);
    assert_false(host_log_contains("PCI:"));
}

static void test_read_bar_one(void **state)
{
    struct pcim_igb igb;
    struct pci_bar b;
    struct pcim_stats st;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_read_bar(igb.pf_sbdf, 3, &b), 2);
    assert_int_equal(b.size, 16 * 1024);
    assert_int_equal(pci_read_bar(igb.pf_sbdf, 2, &b), 1);
    assert_int_equal(b.type, PCI_BAR_IO);
    assert_int_equal(pci_read_bar(igb.pf_sbdf, 6, &b), -EINVAL);
    /* The root port has two BARs, both unimplemented. */
    assert_int_equal(pci_read_bar(igb.rp_sbdf, 1, &b), 1);
    assert_int_equal(b.size, 0);
    assert_int_equal(pci_read_bar(igb.rp_sbdf, 2, &b), -EINVAL);
    assert_int_equal(pci_read_bar(PCI_SBDF4(0, 7, 0, 0), 0, &b), -ENODEV);
    assert_int_equal(pci_conf_read16(igb.pf_sbdf, PCI_COMMAND),
                     PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    pcim_get_stats(&st);
    assert_int_equal(st.bar_sizing_while_decoding, 0);
}

static void test_probe_with_decode_on_is_counted(void **state)
{
    /* The model notices a careless probe: proves the check above means something. */
    struct pcim_igb igb;
    struct pci_bar b;
    struct pcim_stats st;

    pcim_igb_preset(&igb);
    assert_int_equal(pci_bar_probe(igb.pf_sbdf, PCI_BASE_ADDRESS_0, true, &b), 1);
    assert_int_equal(b.size, 128 * 1024);
    pcim_get_stats(&st);
    assert_int_equal(st.bar_sizing_while_decoding, 1);
    assert_int_equal(pci_conf_read32(igb.pf_sbdf, PCI_BASE_ADDRESS_0), 0xfe800000);
}

static void test_bar_kinds(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x030000);
    struct pci_bar b[PCI_NUM_BARS_NORMAL];

    pcim_set_bar(d, 0, 16, PCIM_BAR_MEM32, 0xf0000010);
    pcim_set_bar(d, 1, 8ULL << 30, PCIM_BAR_MEM64 | PCIM_BAR_PREFETCH, 0x400000000ULL);
    pcim_set_bar(d, 3, 256, PCIM_BAR_IO, 0x1000);
    pcim_set_bar(d, 4, 1U << 31, PCIM_BAR_MEM32 | PCIM_BAR_PREFETCH, 0x80000000);
    pcim_set_command(d, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);

    assert_int_equal(pci_read_bars(dev_sbdf, b), 6);
    assert_int_equal(b[0].size, 16);
    assert_int_equal(b[0].base, 0xf0000010);
    assert_true(b[1].is64);
    assert_true(b[1].prefetch);
    assert_int_equal(b[1].size, 8ULL << 30);
    assert_int_equal(b[1].base, 0x400000000ULL);
    assert_int_equal(b[2].type, PCI_BAR_EMPTY);
    assert_int_equal(b[3].type, PCI_BAR_IO);
    assert_int_equal(b[3].size, 256);
    assert_int_equal(b[3].base, 0x1000);
    assert_true(b[4].prefetch);
    assert_false(b[4].is64);
    assert_int_equal(b[4].size, 1U << 31);
    assert_int_equal(b[5].size, 0);
    assert_int_equal(pci_conf_read32(dev_sbdf, PCI_BAR_REG(2)), 0x4);  /* upper: 0x4_0000_0000 */
    assert_int_equal(pci_conf_read16(dev_sbdf, PCI_COMMAND),
                     PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
}

static void test_io_16bit_decoder(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x030000);
    struct pci_bar b;

    pcim_set_bar(d, 0, 64, PCIM_BAR_IO, 0x2000);
    pcim_set_wmask(d, PCI_BASE_ADDRESS_0, 4, 0x0000ffc0);  /* bits 31:16 read 0 */
    assert_int_equal(pci_read_bar(dev_sbdf, 0, &b), 1);
    assert_int_equal(b.size, 64);
    assert_int_equal(b.base, 0x2000);
}

static void test_unsizeable(void **state)
{
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x030000);
    struct pci_bar b[PCI_NUM_BARS_NORMAL];

    /* BAR0: a size mask with a hole. */
    pcim_set_bar(d, 0, 4096, PCIM_BAR_MEM32, 0xf0000000);
    pcim_set_wmask(d, PCI_BASE_ADDRESS_0, 4, 0xff0ff000);
    /* BAR1: the reserved memory type 3. */
    pcim_poke32(d, PCI_BAR_REG(1), 0x6);
    pcim_set_wmask(d, PCI_BAR_REG(1), 4, 0xfffff000);
    /* BAR2: sizes fine. */
    pcim_set_bar(d, 2, 4096, PCIM_BAR_MEM32, 0xf0001000);
    /* BAR5: 64-bit in the last register. */
    pcim_poke32(d, PCI_BAR_REG(5), 0x4);
    pcim_set_wmask(d, PCI_BAR_REG(5), 4, 0xfffff000);

    assert_int_equal(pci_read_bars(dev_sbdf, b), 6);
    assert_int_equal(b[0].size, 0);
    assert_true(host_log_contains("PCI: 0000:03:00.0: BAR at 0x10 cannot be sized"));
    assert_int_equal(b[1].size, 0);
    assert_true(host_log_contains("BAR at 0x14 has the reserved memory type"));
    assert_int_equal(b[2].size, 4096);
    assert_int_equal(b[2].base, 0xf0001000);
    assert_int_equal(b[5].size, 0);
    assert_true(host_log_contains("64-bit BAR at 0x24 has no upper register"));
    /* Values restored even for the bad ones. */
    assert_int_equal(pci_conf_read32(dev_sbdf, PCI_BAR_REG(0)), 0xf0000000);
    assert_int_equal(pci_conf_read32(dev_sbdf, PCI_BAR_REG(1)), 0x6);
}

static void test_64bit_upper_hardwired(void **state)
{
    /* A 64-bit BAR whose upper register ignores writes decodes below 4G. */
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x030000);
    struct pci_bar b;

    pcim_set_bar(d, 0, 16384, PCIM_BAR_MEM64, 0xfe000000);
    pcim_set_wmask(d, PCI_BAR_REG(1), 4, 0);
    assert_int_equal(pci_read_bar(dev_sbdf, 0, &b), 2);
    assert_int_equal(b.size, 16384);
    assert_true(b.is64);
}

static void test_bridge_and_rom(void **state)
{
    struct pcim_dev *br = pcim_add_bridge(PCI_SBDF4(0, 0, 1, 0), 0x8086, 0x1234, 1, 1);
    struct pcim_dev *d = pcim_add_dev(dev_sbdf, 0x1234, 0x5678, 0x030000);
    struct pci_bar b[PCI_NUM_BARS_NORMAL], rom;

    pcim_set_bar(br, 0, 4096, PCIM_BAR_MEM64, 0xfd000000);
    pcim_set_rom(br, 2048, 0xfd100000);
    pcim_set_rom(d, 64 * 1024, 0xfeb00000);
    assert_int_equal(pci_read_bars(PCI_SBDF4(0, 0, 1, 0), b), 2);
    assert_int_equal(b[0].size, 4096);
    assert_true(b[0].is64);
    assert_int_equal(pci_read_rom(PCI_SBDF4(0, 0, 1, 0), &rom), 1);
    assert_int_equal(rom.size, 2048);
    assert_int_equal(rom.base, 0xfd100000);
    assert_int_equal(pci_read_rom(dev_sbdf, &rom), 1);
    assert_int_equal(rom.size, 64 * 1024);
    assert_int_equal(rom.base, 0xfeb00000);
    assert_int_equal(pci_conf_read32(dev_sbdf, PCI_ROM_ADDRESS), 0xfeb00000);
    pcim_set_rom(d, 0, 0);
    assert_int_equal(pci_read_rom(dev_sbdf, &rom), 1);
    assert_int_equal(rom.type, PCI_BAR_EMPTY);
}

static void test_absent(void **state)
{
    struct pci_bar b[PCI_NUM_BARS_NORMAL];

    assert_int_equal(pci_read_bars(dev_sbdf, b), -ENODEV);
    assert_int_equal(b[0].type, PCI_BAR_EMPTY);
    assert_int_equal(pci_bar_probe(dev_sbdf, PCI_BASE_ADDRESS_0, true, &b[0]), -ENODEV);
}

static void test_num_bars(void **state)
{
    assert_int_equal(pci_num_bars(0x00), 6);
    assert_int_equal(pci_num_bars(0x80), 6);
    assert_int_equal(pci_num_bars(0x01), 2);
    assert_int_equal(pci_num_bars(0x02), 1);
    assert_int_equal(pci_num_bars(0x7f), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_igb_bars, setup),
        cmocka_unit_test_setup(test_read_bar_one, setup),
        cmocka_unit_test_setup(test_probe_with_decode_on_is_counted, setup),
        cmocka_unit_test_setup(test_bar_kinds, setup),
        cmocka_unit_test_setup(test_io_16bit_decoder, setup),
        cmocka_unit_test_setup(test_unsizeable, setup),
        cmocka_unit_test_setup(test_64bit_upper_hardwired, setup),
        cmocka_unit_test_setup(test_bridge_and_rom, setup),
        cmocka_unit_test_setup(test_absent, setup),
        cmocka_unit_test_setup(test_num_bars, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
