/* SPDX-License-Identifier: GPL-2.0 */
/* x86 MSI messages (see <asm/msi.h>). */
#include <asm/msi.h>
#include <asm/percpu.h>

#define MSI_ADDR_BASE 0xfee00000u

void msi_compose_msg(unsigned int cpu, unsigned int vector, struct msi_msg *msg)
{
    u32 dest = per_cpu_info(cpu)->apic_id;

    /* Physical destination mode, no redirection hint; IDs above 255 go in
     * the extended destination bits (address bits 11:5), as x2APIC under
     * QEMU accepts. */
    msg->address_lo = MSI_ADDR_BASE | ((dest & 0xff) << 12) | (((dest >> 8) & 0x7f) << 5);
    msg->address_hi = 0;
    msg->data = vector;         /* fixed delivery, edge, assert */
}
