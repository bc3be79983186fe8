/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What keeps one guest's training of the branch predictors from steering
 * the hypervisor's or another guest's speculation (arch/x86/hvm/spec_ctrl.c
 * and svm/entry.S):
 *
 * - every #VMEXIT overwrites the return stack buffer with entries that
 *   point at a speculation trap before the host's first RET (the guest
 *   may have filled it with addresses of its choosing, and no processor
 *   empties it on #VMEXIT);
 * - a CPU that starts running a vCPU of another HVM domain than the last
 *   one it ran issues IBPB (the indirect-branch predictors forget what
 *   the other guest taught them), when the processor has the barrier.
 *
 * Not covered: PV domains among themselves and against HVM guests (they
 * run in ring 3 of the same address-space switch as before), STIBP and
 * the other sibling-thread controls.
 *
 * Lock rules: the last domain per CPU is touched only by its CPU with
 * interrupts off (the context switch).
 */
#ifndef ASM_X86_HVM_SPEC_CTRL_H
#define ASM_X86_HVM_SPEC_CTRL_H

#include <mhv/types.h>

struct vcpu;

/* Start of day: does the processor have IBPB?  Logs the policy. */
void hvm_spec_ctrl_init(void);
/* @v is about to run on this CPU (its context switch). */
void hvm_spec_ctrl_vcpu_load(const struct vcpu *v);

#endif /* ASM_X86_HVM_SPEC_CTRL_H */
