/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 MSI messages: the address/data pair a device writes to raise a
 * vector on a CPU's local APIC (arch/x86/msi.c).  What a device does with
 * a message -- its MSI or MSI-X capability, its table -- is the
 * passthrough layer's (<mhv/passthrough/msi.h>); an interrupt remapping
 * unit may turn the message into its remappable form (iommu_setup_msi()).
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

#endif /* ASM_X86_MSI_H */
