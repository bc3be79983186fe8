/* SPDX-License-Identifier: GPL-2.0 */
/* PV domains and vCPUs (see <asm/pv/domain.h>). */
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/hypercall.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <mhv/softirq.h>
#include <asm/domain.h>
#include <asm/pv/domain.h>
#include <asm/pv/mm.h>
#include <asm/pv/gaddr.h>
#include <asm/percpu.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/traps.h>
#include <public/mhv.h>

/* Switch stacks and continue at the guest frame @frame (pv/entry.S). */
void __noreturn reset_stack_and_jump_to_guest(struct cpu_user_regs *frame);

int pv_domain_create(struct domain *d)
{
    pv_gaddr_init(d);
    return pv_mm_create(d);
}

unsigned long pv_domain_destroy(struct domain *d)
{
    return pv_mm_destroy(d);
}

void pv_vcpu_init(struct vcpu *v, const struct vcpu_start *start)
{
    struct pv_vcpu *pv = &v->arch.pv;

    pv->cr3 = pv_mm_cr3(v->domain);
    pv->regs.rip = start->entry;
    pv->regs.rsp = start->stack;
    pv->regs.rdi = start->arg;
    pv->regs.cs = __GUEST_CS;
    pv->regs.ss = __GUEST_DS;
    pv->regs.rflags = X86_EFLAGS_IF | 0x2;
    pv->regs.vector = ~0UL;
}

struct cpu_user_regs *guest_regs(void)
{
    return (struct cpu_user_regs *)(this_cpu()->kernel_sp) - 1;
}

void pv_context_save(struct vcpu *prev)
{
    prev->arch.pv.regs = *guest_regs();
}

void pv_context_load(struct vcpu *next)
{
    *guest_regs() = next->arch.pv.regs;
    if (read_cr3() != next->arch.pv.cr3)
        write_cr3(next->arch.pv.cr3);
}

void pv_vcpu_resume(struct vcpu *v)
{
    reset_stack_and_jump_to_guest(guest_regs());
}

void guest_return_check(void)
{
    struct cpu_user_regs *frame = guest_regs();

    /*
     * Never leave for a non-canonical or hypervisor address: SYSRET would
     * fault in ring 0 and IRET would take its #GP with the guest's GS.
     * A domain whose next instruction is not in user space is broken:
     * crashed, never answered (guest_crash() does not return, so the
     * exit path after this CLI never runs with interrupts on).
     */
    if (unlikely(frame->rip >= MHV_USER_END))
        guest_crash(frame, "return to an address outside user space");
    /* A safe point: interrupts off, nothing held. */
    if (softirq_pending())
        do_softirq();
    if (this_cpu()->need_resched)
        schedule();
}

void pv_hypercall_restart(struct vcpu *v)
{
    /* RAX still holds the hypercall number (the handler never returned):
     * back over the 2-byte SYSCALL. */
    guest_regs()->rip -= 2;
}

void pv_do_hypercall(struct cpu_user_regs *regs)
{
    unsigned long args[5] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8 };

    regs->rax = do_hypercall(regs->rax, args);
}
