/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD SVM: the vendor half of HVM (struct hvm_vendor_ops in
 * <asm/hvm/hvm.h>), internal to arch/x86/hvm/svm/.
 *
 * What SVM gives here is what QEMU's TCG emulates, and nothing more is
 * assumed: nested paging; no NRIPS (instruction lengths come from mhv's
 * decoder), no decode assists, no VMCB clean bits (every field is written
 * as it must be before each VMRUN), no flush-by-ASID (TLB_CONTROL 1,
 * "flush everything", is the only flush used).
 *
 * Per CPU: EFER.SVME, a host save area (VM_HSAVE_PA) and a page VMSAVE and
 * VMLOAD use for the host's hidden state, and an ASID allocator.
 * Per vCPU: a VMCB (struct svm_vcpu).  Shared by every vCPU: the I/O
 * permission map (every port intercepted) and the MSR permission map
 * (everything intercepted but the short list in svm.c).
 */
#ifndef ASM_X86_HVM_SVM_SVM_H
#define ASM_X86_HVM_SVM_SVM_H

#include <mhv/types.h>
#include <mhv/cpumask.h>
#include <asm/hvm/svm/vmcb.h>
#include <asm/hvm/svm/npt.h>
#include <asm/hvm/vcpu.h>
#include <mhv/sched.h>

#define MSR_VM_CR           0xc0010114u
#define  VM_CR_SVMDIS       (1ull << 4)
#define MSR_VM_HSAVE_PA     0xc0010117u
#define EFER_SVME           (1ull << 12)
#define EFER_LMA            (1ull << 10)

struct svm_vcpu {
    struct vmcb *vmcb;
    paddr_t vmcb_pa;
    u32 asid;
    u64 asid_generation;            /* of the CPU's allocator when taken */
    u64 flush_generation;           /* the domain's, at its last flush */
    bool window;                    /* interrupt window requested */
};

/* The domain's vendor part (hvm_domain.p2m). */
struct svm_domain {
    struct npt npt;
    /* Bumped when translations were removed (svm_p2m_flush()); a vCPU
     * whose own copy is older flushes its TLB as it enters. */
    u64 flush_generation;
    /* The CPUs its vCPUs run on (an HVM vCPU never changes CPU): the
     * only ones where a vCPU of the domain can be in guest mode. */
    cpumask_t cpus;
};

/* ASIDs (asid.c): give @s a valid ASID on this CPU before VMRUN; returns
 * true when the TLB must be flushed for it (TLB_CONTROL). */
void svm_asid_init_cpu(unsigned int nr_asids);
bool svm_asid_assign(struct svm_vcpu *s);

/* Exit handling (exit.c). */
void svm_handle_exit(struct vcpu *v);

static inline struct svm_vcpu *to_svm(struct vcpu *v)
{
    return v->arch.hvm->vendor;
}

#endif /* ASM_X86_HVM_SVM_SVM_H */
