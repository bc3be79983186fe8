/* SPDX-License-Identifier: GPL-2.0 */
/* Exception handling and fault reports (arch/x86/traps.c). */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#include <asm/regs.h>

void do_trap(struct cpu_user_regs *regs);
void do_irq(struct cpu_user_regs *regs);

/* Print the registers, control registers and stack of a frame. */
void show_registers(const struct cpu_user_regs *regs);
/* Print a symbolised call trace starting at @rip with frame pointer @rbp. */
void show_call_trace(unsigned long rip, unsigned long rbp);
/* The one-line build banner: ----[ mhv-VERSION  x86_64  debug=y ]---- */
void print_banner_line(void);

/*
 * Exception fixups: an instruction that may fault on a guest address is
 * listed with the address to resume at (see copy_from_guest()).
 */
struct exception_entry {
    unsigned long insn, fixup;
};
unsigned long search_exception_table(unsigned long rip);

/*
 * Guest faults are handed to the domain layer; until domains exist a guest
 * fault is fatal.
 *
 * guest_fault(): an exception the guest raised, from the trap handler
 * (do_trap(), interrupts off).  Kills the domain, or -- a PV domain's page
 * fault on a BAR mapping it lost -- completes the access and returns, with
 * the interrupt flag as it was.
 * guest_crash(): the guest cannot go on (the way back to it found a state
 * it must not be entered with, a SYSCALL from compatibility mode): kills
 * the domain (the control domain's: powers off), never returns.
 */
void guest_fault(struct cpu_user_regs *regs, const char *what);
void __noreturn guest_crash(struct cpu_user_regs *regs, const char *what);

#endif /* ASM_X86_TRAPS_H */
