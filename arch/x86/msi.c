/* SPDX-License-Identifier: GPL-2.0 */
/* x86 MSI messages (see <asm/msi.h>). */
#include <asm/msi.h>
#include <asm/percpu.h>
#include <mhv/errno.h>

void msi_compose_msg(unsigned int cpu, unsigned int vector, struct msi_msg *msg)
{
    u32 dest = per_cpu_info(cpu)->apic_id;

    /* Physical destination mode, no redirection hint; IDs above 255 go in
     * the extended destination bits (address bits 11:5), as x2APIC under
     * QEMU accepts. */
    msg->address_lo = MSI_ADDR_BASE | ((dest & 0xff) << MSI_ADDR_DEST_SHIFT) |
                      (((dest >> 8) & 0x7f) << 5);
    msg->address_hi = 0;
    msg->data = vector;         /* fixed delivery, edge, assert */
}

int msi_msg_decode(const struct msi_msg *msg, struct msi_target *t,
                   const char **why)
{
    u32 a = msg->address_lo;

    *why = NULL;
    if ((a & MSI_ADDR_WINDOW_MASK) != MSI_ADDR_BASE || msg->address_hi)
        *why = "address outside the interrupt window (a DMA write)";
    else if (a & MSI_ADDR_REMAPPABLE)
        *why = "remappable format";
    else if (a & MSI_ADDR_EXT_DEST_MASK)
        *why = "extended destination bits";
    if (*why)
        return -EINVAL;
    *t = (struct msi_target){
        .dest = (a >> MSI_ADDR_DEST_SHIFT) & 0xff,
        .logical = a & MSI_ADDR_DEST_LOGICAL,
        .redirect_hint = a & MSI_ADDR_REDIRECT_HINT,
        .vector = msg->data & MSI_DATA_VECTOR_MASK,
        .delivery = (msg->data >> MSI_DATA_DELIVERY_SHIFT) & 7,
        .level = msg->data & MSI_DATA_TRIGGER_LEVEL,
    };
    return 0;
}
