/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PV guest entry and exit: SYSCALL (a hypercall), SYSCALL from
 * compatibility mode (an attack), and the way back to ring 3 that every
 * entry from a PV guest leaves by (ret_from_trap in entry.S comes here
 * too).
 */
#include <asm/regs.h>
#include <asm/desc.h>
#include <asm/cpu.h>
#include <asm/percpu.h>

/*
 * After SYSCALL (RCX = guest RIP, R11 = guest RFLAGS, RSP the guest's):
 * on this CPU's stack, the frame an interrupt from ring 3 with code
 * segment \cs would have built, marked with \vector, and the registers.
 */
        .macro SYSCALL_FRAME cs, vector
        swapgs
        mov     %rsp, %gs:CPUINFO_user_sp
        mov     %gs:CPUINFO_kernel_sp, %rsp
        pushq   $__GUEST_DS
        pushq   %gs:CPUINFO_user_sp
        pushq   %r11
        pushq   \cs
        pushq   %rcx
        pushq   $0
        pushq   \vector
        SAVE_REGS
        .endm

/*
 * SYSCALL from a guest (hypercall): RCX = guest RIP, R11 = guest RFLAGS,
 * RSP still the guest's; FMASK cleared IF, DF, TF and AC.  Build the same
 * frame an interrupt from ring 3 would (vector HYPERCALL_VECTOR marks it),
 * run the hypercall with interrupts on, and leave through the common
 * return path.
 */
#define HYPERCALL_VECTOR 0x100
        .text
        .globl  syscall_entry
syscall_entry:
        SYSCALL_FRAME $__GUEST_CS, $HYPERCALL_VECTOR
        sti
        mov     %rsp, %rdi
        push    REGS_rip(%rsp)
        push    %rbp
        mov     %rsp, %rbp
        call    pv_do_hypercall
        add     $16, %rsp
        jmp     return_to_guest

/*
 * SYSCALL from compatibility mode (AMD's CSTAR; Intel raises #UD): same
 * registers as above but a 32-bit guest.  Domains have no compatibility
 * mode code segment (desc.c), so this is never a hypercall: build the
 * frame like a fault from ring 3 and crash the domain (do_compat_syscall
 * does not return).  RSP is the guest's: it is never used here.
 */
#define COMPAT_SYSCALL_VECTOR 0x101
        .globl  syscall_compat_entry
syscall_compat_entry:
        SYSCALL_FRAME $__GUEST_CS32, $COMPAT_SYSCALL_VECTOR
        mov     %rsp, %rdi
        push    REGS_rip(%rsp)
        push    %rbp
        mov     %rsp, %rbp
        call    do_compat_syscall
        ud2

/*
 * Leave to the guest whose frame is at RSP (the top of this CPU's stack).
 * Reschedules first if asked (which may switch to another vCPU's frame).
 * SYSRET when the frame came from SYSCALL and RIP is a canonical user
 * address (SYSRET to a non-canonical RIP would fault in ring 0), IRET
 * otherwise.
 */
        .globl  return_to_guest
return_to_guest:
        cli
        call    guest_return_check
        cmpq    $HYPERCALL_VECTOR, REGS_vector(%rsp)
        jne     iret_to_guest
        mov     REGS_rip(%rsp), %rcx
        mov     %rcx, %r11
        shr     $47, %r11
        jnz     iret_to_guest
        RESTORE_REGS
        mov     16(%rsp), %rcx                  /* RIP */
        mov     32(%rsp), %r11                  /* RFLAGS */
        mov     40(%rsp), %rsp                  /* guest RSP */
        swapgs
        sysretq
iret_to_guest:
        RESTORE_REGS
        add     $16, %rsp
        swapgs
        iretq

/* void reset_stack_and_jump_to_guest(struct cpu_user_regs *frame) */
        .globl  reset_stack_and_jump_to_guest
reset_stack_and_jump_to_guest:
        mov     %rdi, %rsp
        jmp     return_to_guest

