/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor side of the ACPI parser (arch/x86/acpi.c stays portable so
 * that host tests run it): the acpi_map() hook and the ACPI S5 power-off.
 *
 * acpi_map() reads through the direct map when it covers the whole range.
 * Firmware often keeps its tables in "reserved" memory (SeaBIOS on QEMU:
 * the top of RAM, E820 type 2), which the direct map holds only when the
 * 2 MiB page is shared with RAM; a range the direct map does not cover at
 * all is mapped with ioremap() (never freed: the tables are read once at
 * boot).  A range partly covered is refused rather than mapped twice with
 * different cache attributes; the parser then reports the table and skips
 * it.
 * @pre paging_init() has built the direct map.
 */
#include <mhv/acpi.h>
#include <mhv/bootinfo.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/shutdown.h>
#include <asm/io.h>
#include <asm/page.h>

/*
 * Whether the direct map holds the 2 MiB page at @pa: the rule of
 * map_directmap() in arch/x86/mm.c (a RAM, ACPI or NVS region overlaps it).
 */
static bool directmap_has_superpage(paddr_t pa)
{
    paddr_t s = ROUNDDOWN(pa, SUPERPAGE_SIZE), e = s + SUPERPAGE_SIZE;
    unsigned int i;

    if (e > DIRECTMAP_SIZE)
        return false;
    for (i = 0; i < bootinfo.nr_mem; i++) {
        const struct boot_mem_region *m = &bootinfo.mem[i];

        if (m->type != BOOT_MEM_RAM && m->type != BOOT_MEM_ACPI &&
            m->type != BOOT_MEM_NVS)
            continue;
        if (m->addr < e && s < m->addr + m->len)
            return true;
    }
    return false;
}

const void *acpi_map(paddr_t pa, size_t len)
{
    paddr_t end = pa + len, sp;
    unsigned int in = 0, out = 0;

    if (!len || end < pa)
        return NULL;
    /* The parser never asks for more than ACPI_MAX_TABLE_LEN at once. */
    for (sp = ROUNDDOWN(pa, SUPERPAGE_SIZE); sp < end; sp += SUPERPAGE_SIZE) {
        if (directmap_has_superpage(sp))
            in++;
        else
            out++;
    }
    if (!out)
        return __va(pa);
    if (in) {
        printk(LOG_WARNING "ACPI: 0x%lx+0x%zx is only partly in the direct "
               "map, not mapped\n", (unsigned long)pa, len);
        return NULL;
    }
    return ioremap(pa, len);
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
