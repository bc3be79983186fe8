/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running an HVM vCPU: the loop that enters the guest, injects its
 * interrupts and handles its exits, and the scheduler's hooks
 * (<asm/hvm/hvm.h>, <asm/hvm/vcpu.h>).
 *
 * The loop, on the vCPU's own CPU and stack (schedule() enters it fresh
 * each time it picks the vCPU):
 *
 *   interrupts off
 *   reschedule if asked, or if the vCPU is no longer runnable
 *   INIT/SIPI/NMI from the vLAPIC; an AP waiting for its SIPI blocks
 *   inject the highest pending vLAPIC interrupt if the guest can take it,
 *     else ask for the interrupt window
 *   enter the guest (interrupts stay pending across the world switch)
 *   interrupts on: the interrupt or IPI that ended the slice is taken here
 *   handle the exit
 *
 * Everything that makes a vCPU need attention sets its state first and
 * then kicks it (hvm_vcpu_kick()): the check above runs with interrupts
 * off, and an IPI that arrives after it ends the guest's slice at once, so
 * nothing pending waits for the next exit.
 */
#include <asm/hvm/vcpu.h>
#include <asm/hvm/domain.h>
#include <asm/hvm/spec_ctrl.h>
#include <mhv/domain.h>
#include <mhv/sched.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <asm/percpu.h>
#include <asm/irqflags.h>
#include <asm/cpu.h>
#include <asm/fpu.h>

const char *const hvm_exit_reason_names[HVM_NR_EXIT_REASONS] = {
    [HVM_EXIT_INTR] = "intr",
    [HVM_EXIT_VINTR] = "vintr",
    [HVM_EXIT_CPUID] = "cpuid",
    [HVM_EXIT_HLT] = "hlt",
    [HVM_EXIT_IO] = "io",
    [HVM_EXIT_MSR_READ] = "rdmsr",
    [HVM_EXIT_MSR_WRITE] = "wrmsr",
    [HVM_EXIT_NPF] = "npf",
    [HVM_EXIT_EXCEPTION] = "exception",
    [HVM_EXIT_SVM_INSN] = "svm-insn",
    [HVM_EXIT_SHUTDOWN] = "shutdown",
    [HVM_EXIT_OTHER] = "other",
};

void hvm_count_exit(struct vcpu *v, enum hvm_exit_reason r)
{
    v->arch.hvm->exits[r]++;
    v->arch.hvm->exits_total++;
}

/* ---------------------------------------------------------------- CPU state */

static inline u64 read_dr(unsigned int n)
{
    u64 val = 0;

    switch (n) {
    case 0: __asm__ volatile("mov %%db0, %0" : "=r"(val)); break;
    case 1: __asm__ volatile("mov %%db1, %0" : "=r"(val)); break;
    case 2: __asm__ volatile("mov %%db2, %0" : "=r"(val)); break;
    case 3: __asm__ volatile("mov %%db3, %0" : "=r"(val)); break;
    }
    return val;
}

static inline void write_dr(unsigned int n, u64 val)
{
    switch (n) {
    case 0: __asm__ volatile("mov %0, %%db0" :: "r"(val)); break;
    case 1: __asm__ volatile("mov %0, %%db1" :: "r"(val)); break;
    case 2: __asm__ volatile("mov %0, %%db2" :: "r"(val)); break;
    case 3: __asm__ volatile("mov %0, %%db3" :: "r"(val)); break;
    }
}

/*
 * What the world switch does not carry, switched when the vCPU comes to
 * its CPU and when it leaves it (the scheduler switches the FPU/SIMD
 * registers themselves, <asm/fpu.h>):
 *  - the breakpoint address registers (DR6 and DR7 are in the VMCB), so no
 *    guest reads another's;
 *  - XCR0: the guest's own while it is here, the hypervisor's whenever the
 *    scheduler may save FPU state (it must cover every component a guest
 *    may have used);
 *  - what the vendor loads before each entry (TSC_AUX), put back by
 *    vcpu_put() so that the next domain on the CPU does not read it.
 */
void hvm_vcpu_load(struct vcpu *v)
{
    hvm_spec_ctrl_vcpu_load(v);
    for (unsigned int i = 0; i < 4; i++)
        write_dr(i, v->arch.hvm->dr[i]);
    if (fpu_uses_xsave() && v->arch.hvm->xcr0 != fpu_xcr0())
        fpu_load_guest_xcr0(v->arch.hvm->xcr0);
}

void hvm_vcpu_put(struct vcpu *v)
{
    hvm_ops->vcpu_put(v);
    for (unsigned int i = 0; i < 4; i++) {
        v->arch.hvm->dr[i] = read_dr(i);
        write_dr(i, 0);
    }
    if (fpu_uses_xsave() && v->arch.hvm->xcr0 != fpu_xcr0())
        fpu_load_host_xcr0();
}

/* ---------------------------------------------------------------- events */

/*
 * INIT, SIPI and NMI from the vLAPIC (interrupts off).  A kick that comes
 * after the flag is cleared here sets it again: the vCPU does not sleep
 * on it (hvm_vcpu_has_work()).
 */
static void take_vlapic_events(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    u8 sipi_vector = 0;
    u32 ev;

    __atomic_store_n(&h->kicked, false, __ATOMIC_SEQ_CST);
    ev = vlapic_take_events(&h->vlapic, &sipi_vector);

    if (ev & VLAPIC_EV_INIT) {
        hvm_ops->vcpu_reset(v, false, 0);
        hvm_ops->request_window(v, false);
        hvm_ops->watch_iret(v, false);
        h->nmi_state = HVM_NMI_OPEN;
        h->run_state = HVM_VCPU_WAIT_SIPI;
    }
    if ((ev & VLAPIC_EV_SIPI) && h->run_state == HVM_VCPU_WAIT_SIPI) {
        hvm_ops->vcpu_reset(v, true, sipi_vector);
        h->run_state = HVM_VCPU_RUNNING;
    }
    if ((ev & VLAPIC_EV_NMI) && h->run_state == HVM_VCPU_RUNNING)
        h->nmi_pending = true;
    /* The handler's IRET has executed once RIP is elsewhere. */
    if (h->nmi_state == HVM_NMI_UNBLOCKING && h->rip != h->nmi_iret_rip)
        h->nmi_state = HVM_NMI_OPEN;
    /* An NMI waits for an event being re-delivered and for the previous
     * one's IRET; more NMIs meanwhile are one pending NMI, as on hardware. */
    if (h->nmi_pending && h->nmi_state == HVM_NMI_OPEN && !hvm_ops->event_queued(v)) {
        h->nmi_pending = false;
        h->nmi_state = HVM_NMI_BLOCKED;
        hvm_ops->watch_iret(v, true);
        hvm_ops->inject(v, HVM_EVENT_NMI, 2, HVM_NO_ERROR_CODE);
    }
}

void hvm_nmi_iret(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;

    ASSERT(h->nmi_state == HVM_NMI_BLOCKED);
    hvm_ops->watch_iret(v, false);
    h->nmi_state = HVM_NMI_UNBLOCKING;
    h->nmi_iret_rip = h->rip;
}

/*
 * An NMI that waits for its predecessor's IRET to have executed wants an
 * exit soon after it: the interrupt window, asked for only while the
 * handler runs with interrupts off (else the window would open before the
 * IRET, at the same RIP, again and again).  Otherwise, and where the IRET
 * returns with interrupts off, the next exit of any kind does.
 */
static bool nmi_waits_for_iret(const struct hvm_vcpu *h)
{
    return h->nmi_pending && h->nmi_state == HVM_NMI_UNBLOCKING &&
           h->rip == h->nmi_iret_rip && !(h->rflags & X86_EFLAGS_IF);
}

/* Inject the best pending interrupt, or ask for the window (interrupts off). */
static void inject_pending(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;
    int vector;

    vector = vlapic_pending_vector(&h->vlapic);
    if (vector < 0) {
        hvm_ops->request_window(v, nmi_waits_for_iret(h));
        return;
    }
    if (!hvm_ops->interrupt_allowed(v)) {
        hvm_ops->request_window(v, true);
        return;
    }
    vlapic_ack(&h->vlapic, (u8)vector);
    hvm_ops->inject(v, HVM_EVENT_EXTINT, (u8)vector, HVM_NO_ERROR_CODE);
    hvm_ops->request_window(v, nmi_waits_for_iret(h));
}

bool hvm_vcpu_has_work(struct vcpu *v)
{
    struct hvm_vcpu *h = v->arch.hvm;

    if (__atomic_load_n(&h->kicked, __ATOMIC_ACQUIRE))
        return true;
    if (h->run_state != HVM_VCPU_RUNNING)
        return false;
    /* HLT with interrupts off waits for NMI or INIT only, as on hardware. */
    return (h->rflags & X86_EFLAGS_IF) && vlapic_pending_vector(&h->vlapic) >= 0;
}

void hvm_vcpu_kick(struct vcpu *v)
{
    __atomic_store_n(&v->arch.hvm->kicked, true, __ATOMIC_RELEASE);
    vcpu_wake(v);
    /* Running (or about to run) elsewhere: an IPI ends its guest slice and
     * its loop sees what is pending before it enters again. */
    if (v->processor != smp_processor_id() && READ_ONCE(v->state) == VCPU_RUNNABLE)
        smp_send_event_check(v->processor);
}

/* ---------------------------------------------------------------- the loop */

void __noreturn reset_stack_and_call(void (*fn)(void));

/*
 * The vCPU's registers were loaded by the context switch (or are still
 * there); each round trip through the scheduler starts here again, on a
 * fresh stack.
 */
static void __noreturn run_loop(void)
{
    struct vcpu *v = current_vcpu();
    struct hvm_vcpu *h = v->arch.hvm;

    for (;;) {
        local_irq_disable();
        if (this_cpu()->need_resched || READ_ONCE(v->state) != VCPU_RUNNABLE)
            schedule();
        take_vlapic_events(v);
        if (h->run_state != HVM_VCPU_RUNNING) {
            local_irq_enable();
            vcpu_block(0);          /* until a SIPI (or INIT) */
        }
        inject_pending(v);
        hvm_ops->enter(v);
        local_irq_enable();
        hvm_ops->handle_exit(v);
    }
}

void hvm_vcpu_resume(struct vcpu *v)
{
    ASSERT(v == current_vcpu());
    reset_stack_and_call(run_loop);
}

enum hvm_result hvm_handle_hlt(struct vcpu *v)
{
    enum hvm_result r = hvm_skip_insn(v);

    if (r != HVM_DONE_NO_ADVANCE)
        return r;
    /* vcpu_block() looks at hvm_vcpu_has_work() under the runqueue lock:
     * an interrupt that came meanwhile keeps it running. */
    vcpu_block(0);
}

/* ---------------------------------------------------------------- death */

bool hvm_vcpu_reap(struct vcpu *v)
{
    struct domain *d = v->domain;

    /* On its own CPU: its vLAPIC timer can be stopped here and nowhere
     * else; its control block is not needed any more. */
    vlapic_destroy(&v->arch.hvm->vlapic);
    stop_timer(&v->arch.hvm->vlapic_timer);
    hvm_ops->vcpu_destroy(v);
    return __atomic_sub_fetch(&d->arch.hvm->live_vcpus, 1, __ATOMIC_ACQ_REL) == 0;
}
