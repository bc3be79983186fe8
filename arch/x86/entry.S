/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception and interrupt entry.
 *
 * Each vector has a small stub that makes the frame uniform (a zero error
 * code where the CPU pushes none, then the vector number) and jumps to
 * common_entry, which saves the general registers as a struct
 * cpu_user_regs, switches GS when coming from a guest and calls
 * do_trap(regs) (exceptions) or do_irq(regs) (vectors 32-255).
 *
 * Error codes: only #DF and 10-14 push one.  #AC (17), #CP (21), #VC (29)
 * and #SX (30) also would, but cannot happen in mhv (CR0.AM is clear, CET
 * off, no SEV or SVM: cpu.c), while a device MSI or an IPI can deliver
 * those vectors as external interrupts, which push none: their stubs push
 * a zero like any interrupt's, and do_trap() tells interrupts from
 * exceptions by the LAPIC's ISR.
 *
 * NMI, #DF and #MC run on IST stacks and may interrupt the hypervisor
 * between a guest entry and its SWAPGS, so they decide from the GS base
 * itself (a hypervisor address is negative) instead of from the saved CS.
 */
#include <asm/regs.h>
#include <asm/desc.h>
#include <asm/cpu.h>
#include <asm/percpu.h>

        .text


        .macro STUB v
        .balign 16
entry_stub_\v:
        .if !(((\v) == 8) || (((\v) >= 10) && ((\v) <= 14)))
        pushq   $0
        .endif
        pushq   $\v
        .if ((\v) == 2) || ((\v) == 8) || ((\v) == 18)
        jmp     paranoid_entry
        .else
        jmp     common_entry
        .endif
        .endm

        .altmacro
        .macro STUBS from, to
        STUB \from
        .if \to-\from
        STUBS %(\from+1), \to
        .endif
        .endm

        STUBS 0, 63
        STUBS 64, 127
        STUBS 128, 191
        STUBS 192, 255

        .macro SAVE_REGS
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %rax
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        .endm

        .macro RESTORE_REGS
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbp
        pop     %rbx
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rax
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        .endm

common_entry:
        cld
        SAVE_REGS
        testb   $3, REGS_cs(%rsp)
        jz      1f
        swapgs
1:      mov     %rsp, %rdi
        /* A frame record so call traces walk through the trap. */
        push    REGS_rip(%rsp)
        push    %rbp
        mov     %rsp, %rbp
        cmpq    $32, REGS_vector(%rdi)
        jae     2f
        call    do_trap
        jmp     3f
2:      call    do_irq
3:      add     $16, %rsp
        .globl  ret_from_trap
ret_from_trap:
        testb   $3, REGS_cs(%rsp)
        jnz     return_to_guest
        RESTORE_REGS
        add     $16, %rsp               /* vector, error code */
        iretq

paranoid_entry:
        cld
        SAVE_REGS
        /* Hypervisor GS base is negative; anything else is a guest's. */
        mov     $MSR_GS_BASE, %ecx
        rdmsr
        xor     %ebx, %ebx
        test    %edx, %edx
        js      1f
        swapgs
        mov     $1, %ebx                /* remember to swap back */
1:      mov     %rsp, %rdi
        push    REGS_rip(%rsp)
        push    %rbp
        mov     %rsp, %rbp
        call    do_trap
        add     $16, %rsp
        test    %ebx, %ebx
        jz      2f
        swapgs
2:      RESTORE_REGS
        add     $16, %rsp
        iretq

/* void capture_regs(struct cpu_user_regs *regs): the caller's registers. */
        .globl  capture_regs
capture_regs:
        mov     %r15, REGS_r15(%rdi)
        mov     %r14, REGS_r14(%rdi)
        mov     %r13, REGS_r13(%rdi)
        mov     %r12, REGS_r12(%rdi)
        mov     %rbp, REGS_rbp(%rdi)
        mov     %rbx, REGS_rbx(%rdi)
        mov     %r11, REGS_r11(%rdi)
        mov     %r10, REGS_r10(%rdi)
        mov     %r9, REGS_r9(%rdi)
        mov     %r8, REGS_r8(%rdi)
        mov     %rax, REGS_rax(%rdi)
        mov     %rcx, REGS_rcx(%rdi)
        mov     %rdx, REGS_rdx(%rdi)
        mov     %rsi, REGS_rsi(%rdi)
        mov     %rdi, REGS_rdi(%rdi)
        movq    $-1, REGS_vector(%rdi)
        movq    $0, REGS_error(%rdi)
        mov     (%rsp), %rax
        mov     %rax, REGS_rip(%rdi)
        mov     %cs, %eax
        mov     %rax, REGS_cs(%rdi)
        pushf
        pop     %rax
        mov     %rax, REGS_rflags(%rdi)
        lea     8(%rsp), %rax
        mov     %rax, REGS_rsp(%rdi)
        mov     %ss, %eax
        mov     %rax, REGS_ss(%rdi)
        mov     REGS_rax(%rdi), %rax
        ret

        .section .rodata
        .balign 8
        .globl  entry_stubs
entry_stubs:
        .macro STUBADDR v
        .quad   entry_stub_\v
        .endm
        .macro STUBADDRS from, to
        STUBADDR \from
        .if \to-\from
        STUBADDRS %(\from+1), \to
        .endif
        .endm
        STUBADDRS 0, 63
        STUBADDRS 64, 127
        STUBADDRS 128, 191
        STUBADDRS 192, 255

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
        swapgs
        mov     %rsp, %gs:CPUINFO_user_sp
        mov     %gs:CPUINFO_kernel_sp, %rsp
        pushq   $__GUEST_DS
        pushq   %gs:CPUINFO_user_sp
        pushq   %r11
        pushq   $__GUEST_CS
        pushq   %rcx
        pushq   $0
        pushq   $HYPERCALL_VECTOR
        SAVE_REGS
        sti
        mov     %rsp, %rdi
        push    REGS_rip(%rsp)
        push    %rbp
        mov     %rsp, %rbp
        call    do_hypercall
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
        swapgs
        mov     %rsp, %gs:CPUINFO_user_sp
        mov     %gs:CPUINFO_kernel_sp, %rsp
        pushq   $__GUEST_DS
        pushq   %gs:CPUINFO_user_sp
        pushq   %r11
        pushq   $__GUEST_CS32
        pushq   %rcx
        pushq   $0
        pushq   $COMPAT_SYSCALL_VECTOR
        SAVE_REGS
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

/* void reset_stack_and_call(void (*fn)(void)): fn on a fresh stack. */
        .globl  reset_stack_and_call
reset_stack_and_call:
        mov     %gs:CPUINFO_kernel_sp, %rsp
        sub     $REGS_SIZE, %rsp                /* keep the guest frame slot */
        xor     %ebp, %ebp
        call    *%rdi
        ud2
