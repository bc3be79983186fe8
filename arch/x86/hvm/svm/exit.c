/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM exits: each exit code becomes one call of the vendor-neutral
 * handlers (<asm/hvm/hvm.h>); docs/hvm.md has the table of what each does.
 */
#include <asm/hvm/svm/svm.h>
#include <asm/hvm/domain.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <asm/cpu.h>

/*
 * An event whose delivery the exit cut short (the guest's IDT or stack
 * page was an NPF, say) is delivered again on the next entry, unless the
 * handler queues something else.  Software interrupts are not: the guest
 * executes INTn again, RIP was not advanced past it.
 */
static void requeue_interrupted_event(struct vmcb *vmcb)
{
    u32 info = vmcb->ctl.exit_int_info;

    vmcb->ctl.event_inj = 0;
    if (!(info & SVM_EVT_VALID))
        return;
    if ((info & SVM_EVT_TYPE_MASK) == SVM_EVT_TYPE_SOFT)
        return;
    vmcb->ctl.event_inj = info;
    vmcb->ctl.event_inj_err = vmcb->ctl.exit_int_info_err;
}

static void finish(struct vcpu *v, enum hvm_result r)
{
    if (r == HVM_DONE)
        hvm_skip_insn(v);
}

static void handle_io(struct vcpu *v, struct vmcb *vmcb)
{
    u64 info = vmcb->ctl.exit_info1;
    unsigned int size = (info >> SVM_IOIO_SIZE_SHIFT) & 7;

    /* Bits 4-6 say 1, 2 or 4 bytes, one bit each. */
    size = size == 4 ? 4 : size == 2 ? 2 : 1;
    /* EXITINFO2 holds the next RIP: plain IN/OUT need no decoding (the
     * handler moves RIP, queues an exception or stops the domain). */
    hvm_handle_io(v, (u16)(info >> SVM_IOIO_PORT_SHIFT), size,
                  info & SVM_IOIO_IN, info & SVM_IOIO_STR,
                  info & SVM_IOIO_REP, vmcb->ctl.exit_info2);
}

static void reflect_exception(struct vcpu *v, u8 vector)
{
    hvm_ops->inject(v, HVM_EVENT_EXCEPTION, vector,
                    vector == X86_EXC_AC ? 0 : HVM_NO_ERROR_CODE);
}

void svm_handle_exit(struct vcpu *v)
{
    struct svm_vcpu *sv = to_svm(v);
    struct vmcb *vmcb = sv->vmcb;
    u32 code = (u32)vmcb->ctl.exit_code;
    u64 info1 = vmcb->ctl.exit_info1;

    requeue_interrupted_event(vmcb);

    switch (code) {
    case SVM_EXIT_INTR:
        /* Taken when the run loop enabled interrupts. */
        hvm_count_exit(v, HVM_EXIT_INTR);
        return;
    case SVM_EXIT_NMI:
    case SVM_EXIT_SMI:
    case SVM_EXIT_INIT:
        /* The host's: NMIs were taken at STGI, the rest are not used. */
        hvm_count_exit(v, HVM_EXIT_OTHER);
        return;
    case SVM_EXIT_VINTR:
        hvm_count_exit(v, HVM_EXIT_VINTR);
        hvm_ops->request_window(v, false);
        return;
    case SVM_EXIT_IRET:
        /* Only while an injected NMI's handler runs (nmi_state). */
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_nmi_iret(v);
        return;
    case SVM_EXIT_CPUID:
        hvm_count_exit(v, HVM_EXIT_CPUID);
        finish(v, hvm_handle_cpuid(v));
        return;
    case SVM_EXIT_XSETBV:
        hvm_count_exit(v, HVM_EXIT_OTHER);
        finish(v, hvm_handle_xsetbv(v));
        return;
    case SVM_EXIT_HLT:
        hvm_count_exit(v, HVM_EXIT_HLT);
        hvm_handle_hlt(v);
        return;
    case SVM_EXIT_IOIO:
        hvm_count_exit(v, HVM_EXIT_IO);
        handle_io(v, vmcb);
        return;
    case SVM_EXIT_MSR:
        if (info1) {
            hvm_count_exit(v, HVM_EXIT_MSR_WRITE);
            finish(v, hvm_handle_wrmsr(v));
        } else {
            hvm_count_exit(v, HVM_EXIT_MSR_READ);
            finish(v, hvm_handle_rdmsr(v));
        }
        return;
    case SVM_EXIT_NPF:
        hvm_count_exit(v, HVM_EXIT_NPF);
        if (info1 & SVM_NPF_GUEST_PT) {
            hvm_domain_crash(v, "its page tables are outside its memory "
                             "(nested fault on a table walk at %#lx)",
                             vmcb->ctl.exit_info2);
            return;
        }
        hvm_handle_npf(v, vmcb->ctl.exit_info2, info1 & SVM_NPF_WRITE,
                       info1 & SVM_NPF_FETCH);
        return;
    case SVM_EXIT_DB:
    case SVM_EXIT_AC:
        hvm_count_exit(v, HVM_EXIT_EXCEPTION);
        reflect_exception(v, code - SVM_EXIT_EXCP_BASE);
        return;
    case SVM_EXIT_MC:
        hvm_count_exit(v, HVM_EXIT_EXCEPTION);
        hvm_domain_crash(v, "machine check while it ran");
        return;
    case SVM_EXIT_SHUTDOWN:
        hvm_count_exit(v, HVM_EXIT_SHUTDOWN);
        hvm_domain_crash(v, "triple fault (shutdown) at rip %#lx", v->arch.hvm->rip);
        return;
    case SVM_EXIT_VMRUN:
    case SVM_EXIT_VMMCALL:
    case SVM_EXIT_VMLOAD:
    case SVM_EXIT_VMSAVE:
    case SVM_EXIT_STGI:
    case SVM_EXIT_CLGI:
    case SVM_EXIT_SKINIT:
    case SVM_EXIT_INVLPGA:
        /* SVM is hidden (CPUID, EFER.SVME reads 0): #UD, as on a CPU
         * without it.  VMMCALL: no hypercall interface is offered. */
        hvm_count_exit(v, HVM_EXIT_SVM_INSN);
        hvm_inject_ud(v);
        return;
    case SVM_EXIT_MONITOR:
    case SVM_EXIT_MWAIT:
    case SVM_EXIT_MWAIT_COND:
    case SVM_EXIT_RSM:
        /* Not offered (CPUID) / not in SMM. */
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_inject_ud(v);
        return;
    case SVM_EXIT_RDPMC:
        /* No performance counters are offered. */
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_inject_gp(v);
        return;
    case SVM_EXIT_INVD:
    case SVM_EXIT_WBINVD:
        /* Caches are the host's: a no-op (never a real INVD, which would
         * throw away other guests' and mhv's dirty lines). */
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_skip_insn(v);
        return;
    case SVM_EXIT_INVALID:
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_domain_crash(v, "VMRUN refused its state (cr0 %#lx cr4 %#lx efer %#lx "
                         "cs attr %#x)", vmcb->save.cr0, vmcb->save.cr4,
                         vmcb->save.efer, vmcb->save.cs.attr);
        return;
    default:
        hvm_count_exit(v, HVM_EXIT_OTHER);
        hvm_domain_crash(v, "unexpected SVM exit %#x (info %#lx, %#lx)", code,
                         info1, vmcb->ctl.exit_info2);
        return;
    }
}
