/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM vCPU: the state mhv keeps for a hardware-virtualized vCPU beside
 * the vendor's control block (struct svm_vcpu behind @vendor).
 *
 * Life cycle (run_state): the boot vCPU starts RUNNING at the loader's
 * entry point; the others start WAIT_SIPI and run from the real-mode
 * vector of the first SIPI their vLAPIC reports after an INIT (as an AP on
 * a PC does).  A vCPU never changes physical CPU.
 *
 * Lock rules: everything here except the vLAPIC (its own lock) and the
 * exit counters (read by the control domain without a lock: a torn
 * statistic at worst) is touched only by the vCPU's own physical CPU,
 * while the vCPU runs there or is being torn down there.
 */
#ifndef ASM_X86_HVM_VCPU_H
#define ASM_X86_HVM_VCPU_H

#include <mhv/types.h>
#include <mhv/time.h>
#include <asm/hvm/hvm.h>
#include <asm/hvm/vlapic.h>

enum hvm_run_state {
    HVM_VCPU_RUNNING,       /* executes guest code */
    HVM_VCPU_WAIT_SIPI,     /* after INIT (or creation, for an AP) */
};

/*
 * NMI blocking, as a processor keeps it: delivering an NMI blocks the next
 * one until the handler's IRET has executed.  The IRET exit comes before
 * the instruction, so the block ends at the first later look at the vCPU
 * that finds RIP elsewhere (KVM does the same without NRIPS).  INIT opens.
 *
 *   OPEN --inject--> BLOCKED --IRET exit--> UNBLOCKING --RIP moved--> OPEN
 */
enum hvm_nmi_state {
    HVM_NMI_OPEN,           /* an NMI can be injected */
    HVM_NMI_BLOCKED,        /* its handler runs; IRET intercepted */
    HVM_NMI_UNBLOCKING,     /* the handler's IRET at nmi_iret_rip is about
                               to execute; intercept off */
};

struct hvm_vcpu {
    /* Guest registers, x86 order; RAX and RSP are copied to and from the
     * vendor's block around each entry (SVM keeps them in the VMCB). */
    u64 gpr[HVM_NR_GPRS];
    u64 rip, rflags;
    unsigned int id;                /* index in the domain = x2APIC ID */
    enum hvm_run_state run_state;
    struct vcpu *vcpu;              /* back */
    void *vendor;                   /* struct svm_vcpu */

    struct vlapic vlapic;
    struct timer vlapic_timer;      /* the vLAPIC's one timer (its CPU) */
    bool kicked;                    /* something arrived since the run loop
                                       last looked (atomic) */
    bool nmi_pending;               /* an NMI waits: for a free EVENTINJ,
                                       or for nmi_state to be OPEN */
    enum hvm_nmi_state nmi_state;
    u64 nmi_iret_rip;               /* UNBLOCKING: where the IRET is */

    /* Registers the world switch does not carry, switched when the vCPU
     * comes to or leaves its CPU (hvm_vcpu_load()/hvm_vcpu_put()). */
    u64 dr[4];
    u64 tsc_aux;
    u64 msr_pat;                    /* guest IA32_PAT (emulated) */
    u64 efer;                       /* guest-visible EFER (no SVME) */
    u64 xcr0;                       /* guest XCR0 */
    u64 nb_cfg;                     /* AMD NB_CFG: its CF8 extended-config bit */

    u64 exits[HVM_NR_EXIT_REASONS];
    u64 exits_total;
    u64 guest_tsc;                  /* TSC ticks spent in guest mode */
    u32 last_exit_code;             /* the vendor's, for crash reports */
};

/* ---- the kind's hooks (arch/x86/domain.c, the scheduler) ---- */

/* Set up @v, the domain's next vCPU (hvm_domain.nr_vcpus is its index). */
int hvm_vcpu_init(struct vcpu *v);
void hvm_vcpu_destroy(struct vcpu *v);
/* Its CPU switches to @v / away from @v: what the world switch does not
 * carry (the breakpoint registers, XCR0). */
void hvm_vcpu_load(struct vcpu *v);
void hvm_vcpu_put(struct vcpu *v);
/* Run @v, the vCPU this CPU runs now, on a fresh stack (never returns). */
void __noreturn hvm_vcpu_resume(struct vcpu *v);
/* Would @v have something to do if woken (an interrupt it can take, an
 * INIT, a SIPI)?  Under its runqueue lock. */
bool hvm_vcpu_has_work(struct vcpu *v);
/* The exit before an IRET that nmi_state intercepts (BLOCKED). */
void hvm_nmi_iret(struct vcpu *v);
/* @v is DOWN and has left its CPU for good; on that CPU.  True for the
 * domain's last vCPU. */
bool hvm_vcpu_reap(struct vcpu *v);

#endif /* ASM_X86_HVM_VCPU_H */
