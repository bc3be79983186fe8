/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 MSI messages: the address/data pair a device writes to raise a
 * vector on a CPU's local APIC (arch/x86/msi.c): composed for one of the
 * hypervisor's vectors, or decoded as the LAPICs would read one a guest
 * programmed.  What a device does with a message -- its MSI or MSI-X
 * capability, its table -- is the passthrough layer's
 * (<mhv/passthrough/msi.h>); an interrupt remapping unit may turn the
 * message into its remappable form (iommu_setup_msi()).
 */
#ifndef ASM_X86_MSI_H
#define ASM_X86_MSI_H

#include <mhv/types.h>

struct msi_msg {
    u32 address_lo, address_hi, data;
};

/*
 * The compatibility-format message for @vector on @cpu: physical
 * destination, fixed delivery, edge.
 */
void msi_compose_msg(unsigned int cpu, unsigned int vector, struct msi_msg *msg);

/* The x86 message format (compatibility format, as a device sends it). */
#define MSI_ADDR_BASE               0xfee00000u
#define MSI_ADDR_WINDOW_MASK        0xfff00000u
#define MSI_ADDR_DEST_SHIFT         12          /* bits 19:12: destination */
#define MSI_ADDR_EXT_DEST_MASK      0x00000fe0u /* bits 11:5: extended dest */
#define MSI_ADDR_REMAPPABLE         0x00000010u /* interrupt format bit */
#define MSI_ADDR_REDIRECT_HINT      0x00000008u
#define MSI_ADDR_DEST_LOGICAL       0x00000004u
#define MSI_DATA_VECTOR_MASK        0x000000ffu
#define MSI_DATA_DELIVERY_SHIFT     8           /* bits 10:8 */
#define  MSI_DELIVERY_FIXED         0
#define  MSI_DELIVERY_LOWPRI        1
#define  MSI_DELIVERY_SMI           2
#define  MSI_DELIVERY_NMI           4
#define  MSI_DELIVERY_INIT          5
#define  MSI_DELIVERY_EXTINT        7
#define MSI_DATA_TRIGGER_LEVEL      0x00008000u

/* What a compatibility-format message asks for. */
struct msi_target {
    u32 dest;               /* APIC ID (physical) or logical destination */
    bool logical;           /* logical destination mode */
    bool redirect_hint;
    u8 vector;
    u8 delivery;            /* MSI_DELIVERY_* (3 bits) */
    bool level;             /* level-triggered */
};

/*
 * Decode @msg as the LAPICs would.  0, or -EINVAL with *@why naming what
 * makes it no interrupt message of that format: an address outside
 * 0xfee00000-0xfeefffff or above 4 GiB (to a device that is a memory
 * write), the remappable format, extended destination bits.  Whether the
 * vector, delivery mode and destination are acceptable is the caller's
 * policy.
 */
int msi_msg_decode(const struct msi_msg *msg, struct msi_target *t,
                   const char **why);

#endif /* ASM_X86_MSI_H */
