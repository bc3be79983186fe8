/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Message-signalled interrupts into an HVM guest (arch/x86/hvm/msi.c):
 * which vCPU the destination of a message the guest programmed names, and
 * the delivery of the guest's vector to that vCPU's vLAPIC when the
 * device's interrupt arrives.  A device model (the virtual PCI bus) decides
 * which messages it accepts; the guest's message is never written to the
 * device, which sends the hypervisor's own (<asm/msi.h>).
 *
 * No lock: a vCPU's APIC ID is fixed at its creation, and the delivery
 * takes only the vLAPIC's own (IRQ-safe) lock.
 */
#ifndef ASM_X86_HVM_MSI_H
#define ASM_X86_HVM_MSI_H

#include <mhv/types.h>

struct domain;

/*
 * The vCPU an MSI destination names: @dest, from the message's 8-bit
 * destination field, an APIC ID (@logical false) or a logical destination.
 * The vCPU's index, or -ENOENT (no vCPU), -EINVAL (several: a broadcast,
 * 0xff in that field, or a logical set of more than one).
 */
int hvm_msi_dest_vcpu(struct domain *d, u32 dest, bool logical);
/*
 * Make @vector pending (fixed, edge) in the vLAPIC of @d's vCPU @vcpu and
 * kick it: woken if it sleeps, its guest slice ended by an IPI if it runs
 * on another CPU.  Interrupt context, interrupts off.  @pre @vcpu is an
 * index hvm_msi_dest_vcpu() returned; the domain's vCPUs exist (the device
 * that interrupts was taken from the domain before they go).
 */
void hvm_msi_inject(struct domain *d, unsigned int vcpu, u8 vector);

#endif /* ASM_X86_HVM_MSI_H */
