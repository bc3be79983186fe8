/* SPDX-License-Identifier: GPL-2.0 */
/* Constants the test guests' assembly shares with their C. */
#ifndef HVMGUEST_GUEST_ASM_H
#define HVMGUEST_GUEST_ASM_H

#define GUEST_LOAD_ADDR         0x200000    /* link and preferred load address */
#define GUEST_ACPI_SLEEP_CTL    0x600       /* mhv's hardware-reduced ACPI */
#define GUEST_ACPI_S5           ((5 << 2) | (1 << 5))   /* SLP_TYP 5, SLP_EN */

#endif /* HVMGUEST_GUEST_ASM_H */
