/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions: fixups for guest-memory accesses, and full reports for fatal
 * faults in the hypervisor (exception, error code, all registers, control
 * registers, a stack dump and a symbolised call trace).
 */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <mhv/symbols.h>
#include <mhv/stacktrace.h>
#include <asm/traps.h>
#include <asm/irqflags.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/apic.h>
#include <asm/stray_irq.h>
#include <asm/mce.h>

static const char *const trap_names[32] = {
    [0] = "#DE divide error", [1] = "#DB debug", [2] = "NMI",
    [3] = "#BP breakpoint", [4] = "#OF overflow", [5] = "#BR bound range",
    [6] = "#UD invalid opcode", [7] = "#NM device not available",
    [8] = "#DF double fault", [10] = "#TS invalid TSS",
    [11] = "#NP segment not present", [12] = "#SS stack fault",
    [13] = "#GP general protection", [14] = "#PF page fault",
    [16] = "#MF x87 error", [17] = "#AC alignment check",
    [18] = "#MC machine check", [19] = "#XM SIMD error",
    [20] = "#VE virtualisation", [21] = "#CP control protection",
};

void print_banner_line(void)
{
    printk(LOG_CRIT "----[ mhv-%s  x86_64  debug=%c ]----\n", MHV_VERSION,
#ifdef CONFIG_DEBUG
           'y'
#else
           'n'
#endif
           );
}

static bool kernel_text(unsigned long a)
{
    extern char _stext[], _etext[];

    return a >= (unsigned long)_stext && a < (unsigned long)_etext;
}

/* A frame pointer is followed only while it lies on a hypervisor stack. */
static bool plausible_frame(unsigned long rbp)
{
    return rbp >= KERNEL_VIRT_BASE && !(rbp & 7) && rbp < ~0UL - 16;
}

void show_call_trace(unsigned long rip, unsigned long rbp)
{
    unsigned int depth = 0;

    printk(LOG_CRIT "Call trace:\n");
    if (rip)
        printk(LOG_CRIT "   [<%016lx>] %pS\n", rip, (void *)rip);
    while (plausible_frame(rbp) && depth++ < 32) {
        unsigned long next = ((unsigned long *)rbp)[0];
        unsigned long ret = ((unsigned long *)rbp)[1];

        if (!kernel_text(ret))
            break;
        /* ret points after the call: show the call site's function. */
        printk(LOG_CRIT "   [<%016lx>] %pS\n", ret, (void *)(ret - 1));
        if (next <= rbp)
            break;
        rbp = next;
    }
}

void dump_stack(void)
{
    show_call_trace(0, (unsigned long)__builtin_frame_address(0));
}

void show_registers(const struct cpu_user_regs *r)
{
    printk(LOG_CRIT "CPU:    %u\n", smp_processor_id());
    printk(LOG_CRIT "RIP:    %04lx:[<%016lx>] %pS\n", r->cs, r->rip,
           guest_mode(r) ? NULL : (void *)r->rip);
    printk(LOG_CRIT "RFLAGS: %016lx   %s\n", r->rflags,
           guest_mode(r) ? "CONTEXT: guest" : "CONTEXT: hypervisor");
    printk(LOG_CRIT "rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
    printk(LOG_CRIT "rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
    printk(LOG_CRIT "rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
    printk(LOG_CRIT "r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
    printk(LOG_CRIT "r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
    printk(LOG_CRIT "r15: %016lx   cs: %04lx   ss: %04lx\n", r->r15, r->cs, r->ss);
    printk(LOG_CRIT "cr0: %016lx   cr4: %016lx\n", read_cr0(), read_cr4());
    printk(LOG_CRIT "cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());

    if (!guest_mode(r) && plausible_frame(r->rsp)) {
        const unsigned long *sp = (const unsigned long *)r->rsp;

        printk(LOG_CRIT "Stack dump (rsp %016lx):\n", r->rsp);
        for (unsigned int i = 0; i < 16; i += 4)
            printk(LOG_CRIT "   %016lx %016lx %016lx %016lx\n",
                   sp[i], sp[i + 1], sp[i + 2], sp[i + 3]);
    }
}

unsigned long search_exception_table(unsigned long rip)
{
    extern const struct exception_entry __ex_table_start[], __ex_table_end[];

    for (const struct exception_entry *e = __ex_table_start;
         e < __ex_table_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

__weak void guest_fault(struct cpu_user_regs *regs, const char *what)
{
    panic("guest fault (%s) with no domain layer", what);
}

__weak void guest_crash(struct cpu_user_regs *regs, const char *what)
{
    panic("guest crash (%s) with no domain layer", what);
}

static void __noreturn fatal_trap(const struct cpu_user_regs *r)
{
    unsigned int v = r->vector;
    const char *name = v < 32 && trap_names[v] ? trap_names[v] : "unknown";

    print_banner_line();
    printk(LOG_CRIT "FATAL TRAP: vector %u (%s), error code %04lx\n", v, name,
           r->error_code);
    if (v == TRAP_page_fault)
        printk(LOG_CRIT "Page fault at CR2 %016lx: %s %s, %s mode%s\n",
               read_cr2(), (r->error_code & 1) ? "protection violation on"
                                              : "not-present page,",
               (r->error_code & 2) ? "write" : (r->error_code & 16) ? "fetch" : "read",
               (r->error_code & 4) ? "user" : "supervisor",
               (r->error_code & 8) ? ", reserved bit" : "");
    show_registers(r);
    show_call_trace(r->rip, r->rbp);
    panic("FATAL TRAP: vector %u (%s)", v, name);
}

void do_trap(struct cpu_user_regs *regs)
{
    unsigned long fixup;

    /*
     * An external interrupt on an exception vector (a device MSI or an IPI
     * may name any vector from 16 on; the LAPIC refuses 0-15) is a stray
     * interrupt, not the exception: the LAPIC has it in service.  An
     * exception never sets an ISR bit, and a stray interrupt here is
     * acknowledged before interrupts are on again, so the bit is ours.  The
     * vectors whose exceptions push an error code (17, 21, 29, 30) cannot
     * raise them here (no CR0.AM, no CET, no SEV, no SVM): their stubs
     * push none (entry.S).
     */
    if (regs->vector >= 16 && regs->vector < 32 &&
        irq_vector_in_service(regs->vector)) {
        irq_stray(regs->vector, "external interrupt on exception vector");
        apic_eoi();
        return;
    }

    /*
     * NMIs (a stop request from smp_send_stop(), or a stray one) and the
     * machine-level exceptions that run on IST stacks are the hypervisor's
     * business whatever the CPU was running: never a guest's fault.
     */
    if (regs->vector == TRAP_nmi) {
        smp_nmi_stop_check();
        printk(LOG_WARNING "NMI received on CPU %u (ignored)\n", smp_processor_id());
        return;
    }
    if (regs->vector == TRAP_machine_check)
        do_machine_check(regs);
    if (regs->vector == TRAP_double_fault)
        fatal_trap(regs);

    if (guest_mode(regs)) {
        const unsigned int v = regs->vector;

        if ((v == TRAP_gp_fault || v == TRAP_no_segment) &&
            (regs->error_code & ~3UL) == (__GUEST_CS32 & ~3UL))
            guest_fault(regs, "far transfer to the 32-bit code selector "
                        "(no compatibility mode for domains)");
        else
            guest_fault(regs, v < 32 && trap_names[v] ? trap_names[v] : "exception");
        /* It returned: the access was answered, and the guest is entered
         * again from here with interrupts off, as the trap came. */
        ASSERT(!local_irq_is_enabled());
        return;
    }

    switch (regs->vector) {
    case TRAP_page_fault:
    case TRAP_gp_fault:
        /* A guest-memory access that faulted: resume at its fixup. */
        fixup = search_exception_table(regs->rip);
        if (fixup) {
            regs->rip = fixup;
            return;
        }
        break;
    }
    fatal_trap(regs);
}

/* SYSCALL from compatibility mode (entry.S, CSTAR): never a hypercall. */
void __noreturn do_compat_syscall(struct cpu_user_regs *regs);
void __noreturn do_compat_syscall(struct cpu_user_regs *regs)
{
    guest_crash(regs, "SYSCALL from compatibility mode");
}

/* Interrupts before the interrupt layer claims them (arch/x86/irq.c). */
__weak void do_irq(struct cpu_user_regs *regs)
{
    printk(LOG_WARNING "unexpected interrupt, vector %lu, on CPU %u\n",
           regs->vector, smp_processor_id());
}
