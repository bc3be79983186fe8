/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SVM world switch (arch/x86/hvm/svm/entry.S) shares with C:
 * where each guest register lives in struct hvm_vcpu's gpr[] array
 * (x86 encoding order, enum hvm_gpr).
 */
#ifndef ASM_X86_HVM_SVM_SVM_ASM_H
#define ASM_X86_HVM_SVM_SVM_ASM_H

#define GPR_RAX     0
#define GPR_RCX     8
#define GPR_RDX     16
#define GPR_RBX     24
#define GPR_RSP     32
#define GPR_RBP     40
#define GPR_RSI     48
#define GPR_RDI     56
#define GPR_R8      64
#define GPR_R9      72
#define GPR_R10     80
#define GPR_R11     88
#define GPR_R12     96
#define GPR_R13     104
#define GPR_R14     112
#define GPR_R15     120

#ifndef __ASSEMBLY__
#include <mhv/types.h>

/*
 * Run the guest of @vmcb_pa until its next #VMEXIT; @host_pa is this
 * CPU's VMSAVE area for the host, @gprs the guest's registers (RAX and
 * RSP unused: they live in the VMCB).  @pre interrupts off, GIF set.
 */
void svm_vmrun(paddr_t vmcb_pa, paddr_t host_pa, u64 *gprs);
#endif

#endif /* ASM_X86_HVM_SVM_SVM_ASM_H */
