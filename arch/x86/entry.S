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

        .text
/* void reset_stack_and_call(void (*fn)(void)): fn on a fresh stack. */
        .globl  reset_stack_and_call
reset_stack_and_call:
        mov     %gs:CPUINFO_kernel_sp, %rsp
        sub     $REGS_SIZE, %rsp                /* keep the guest frame slot */
        xor     %ebp, %ebp
        call    *%rdi
        ud2
