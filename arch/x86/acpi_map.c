/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor side of the ACPI parser (arch/x86/acpi.c stays portable so
 * that host tests run it): the acpi_map() hook and the ACPI S5 power-off.
 *
 * acpi_map() reads through the direct map, which covers the 2 MiB ranges
 * holding RAM, ACPI and NVS memory (arch/x86/mm.c).  A range is accepted
 * only when every byte of it lies in the first MiB (the BIOS area, inside
 * the always-mapped first 2 MiB) or in a RAM/ACPI/NVS region of the boot
 * memory map; anything else (a corrupt pointer, a table in reserved or
 * device memory) is refused, and the parser reports the table and skips it
 * instead of faulting.
 * @pre paging_init() has built the direct map.
 */
#include <mhv/acpi.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/shutdown.h>
#include <asm/io.h>
#include <asm/page.h>

#define BIOS_AREA_END   0x100000

/* The end of the mapped run starting at @pa, or @pa when it is not mapped. */
static paddr_t mapped_run_end(paddr_t pa)
{
    unsigned int i;

    if (pa < BIOS_AREA_END)
        return BIOS_AREA_END;
    for (i = 0; i < bootinfo.nr_mem; i++) {
        const struct boot_mem_region *m = &bootinfo.mem[i];

        if (m->type != BOOT_MEM_RAM && m->type != BOOT_MEM_ACPI &&
            m->type != BOOT_MEM_NVS)
            continue;
        if (pa >= m->addr && pa - m->addr < m->len)
            return m->addr + m->len;
    }
    return pa;
}

const void *acpi_map(paddr_t pa, size_t len)
{
    paddr_t end = pa + len, cur = pa, next;

    if (!len || end < pa || end > DIRECTMAP_SIZE)
        return NULL;
    /* Regions are sorted and disjoint: at most nr_mem + 1 steps. */
    while (cur < end) {
        next = mapped_run_end(cur);
        if (next <= cur)
            return NULL;
        cur = next;
    }
    return __va(pa);
}

/*
 * ACPI S5: SLP_TYP then SLP_EN into PM1a (and PM1b) control, keeping the
 * register's other bits (SCI_EN).  QEMU exits with status 0.  Returns only
 * when the machine did not power off.
 */
void acpi_power_off(void)
{
    const struct acpi_info *ai = &acpi_info;
    u16 keep = (u16)~(ACPI_PM1_CNT_SLEEP(7));
    u16 a, b = 0;

    if (!ai->pm1a_cnt) {
        printk(LOG_WARNING "ACPI: no PM1a control port, cannot power off\n");
        return;
    }
    a = (inw(ai->pm1a_cnt) & keep) |
        (u16)((ai->s5_typ_a & 7u) << ACPI_PM1_CNT_SLP_TYP_SHIFT);
    if (ai->pm1b_cnt)
        b = (inw(ai->pm1b_cnt) & keep) |
            (u16)((ai->s5_typ_b & 7u) << ACPI_PM1_CNT_SLP_TYP_SHIFT);
    outw(ai->pm1a_cnt, a);
    if (ai->pm1b_cnt)
        outw(ai->pm1b_cnt, b);
    outw(ai->pm1a_cnt, a | ACPI_PM1_CNT_SLP_EN);
    if (ai->pm1b_cnt)
        outw(ai->pm1b_cnt, b | ACPI_PM1_CNT_SLP_EN);
    /* Give the chipset a moment to act. */
    for (volatile unsigned int i = 0; i < 10000000u; i++)
        ;
}
