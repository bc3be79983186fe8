/* SPDX-License-Identifier: GPL-2.0 */
/*
 * acpi_map() for the hypervisor: ACPI tables are read through the direct
 * map.  They live in RAM (ACPI reclaim/NVS, or the BIOS area below 1 MiB),
 * which the direct map must cover; anything beyond the direct map is
 * refused and the parser then reports the table and skips it.
 */
#include <mhv/acpi.h>
#include <asm/page.h>

const void *acpi_map(paddr_t pa, size_t len)
{
    if (!len || pa + len < pa || pa + len > DIRECTMAP_SIZE)
        return NULL;
    return __va(pa);
}
