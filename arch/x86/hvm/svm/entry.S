/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SVM world switch.
 *
 * void svm_vmrun(paddr_t vmcb_pa, paddr_t host_area_pa, u64 gprs[16])
 *
 * @pre interrupts off, GIF set.  Runs the guest of @vmcb_pa until its next
 * #VMEXIT and returns with interrupts off and GIF set again.
 *
 *   CLGI                 no interrupt, NMI or SMI from here on
 *   VMSAVE host area     the host's FS/GS/TR/LDTR (hidden parts included),
 *                        KERNEL_GS_BASE, STAR/LSTAR/CSTAR/SFMASK, SYSENTER
 *   VMLOAD guest VMCB    the same registers of the guest
 *   STI                  RFLAGS.IF = 1 is what VMRUN saves as the host's:
 *                        with V_INTR_MASKING and the INTR intercept, a
 *                        physical interrupt then ends the guest's slice
 *                        (#VMEXIT(INTR)) instead of waiting for it
 *   load guest GPRs (RAX and RSP come from the VMCB), VMRUN
 *   ... guest ...        #VMEXIT: host RSP/RAX/RFLAGS/CRs back, GIF = 0
 *   VMSAVE guest VMCB, store guest GPRs
 *   refill the RSB       32 calls whose return addresses are a speculation
 *                        trap: the guest may have filled the return stack
 *                        buffer with addresses of its choosing, which the
 *                        host's next RETs would be predicted to
 *   VMLOAD host area
 *   CLI; STGI            the interrupt that ended the slice (if any) stays
 *                        pending until the caller enables interrupts
 *
 * Between VMLOAD guest and VMLOAD host, %gs and the TSS are the guest's:
 * nothing here may take an interrupt or an exception, which GIF=0 and the
 * absence of memory accesses other than to the stack and @gprs ensure.
 */
#include <asm/hvm/svm/svm_asm.h>

#define VMRUN   .byte 0x0f, 0x01, 0xd8
#define VMLOAD  .byte 0x0f, 0x01, 0xda
#define VMSAVE  .byte 0x0f, 0x01, 0xdb
#define STGI    .byte 0x0f, 0x01, 0xdc
#define CLGI    .byte 0x0f, 0x01, 0xdd

#define RSB_ENTRIES     32

        .text
        .globl  svm_vmrun
svm_vmrun:
        push    %rbp
        mov     %rsp, %rbp
        push    %rbx
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        push    %rsi                    /* 16(%rsp): host area */
        push    %rdx                    /*  8(%rsp): gprs */
        push    %rdi                    /*  0(%rsp): vmcb */

        CLGI
        mov     %rsi, %rax
        VMSAVE
        mov     (%rsp), %rax
        VMLOAD
        sti

        mov     %rdx, %rax
        mov     GPR_RCX(%rax), %rcx
        mov     GPR_RDX(%rax), %rdx
        mov     GPR_RBX(%rax), %rbx
        mov     GPR_RBP(%rax), %rbp
        mov     GPR_RSI(%rax), %rsi
        mov     GPR_RDI(%rax), %rdi
        mov     GPR_R8(%rax), %r8
        mov     GPR_R9(%rax), %r9
        mov     GPR_R10(%rax), %r10
        mov     GPR_R11(%rax), %r11
        mov     GPR_R12(%rax), %r12
        mov     GPR_R13(%rax), %r13
        mov     GPR_R14(%rax), %r14
        mov     GPR_R15(%rax), %r15
        mov     (%rsp), %rax
        VMRUN
        /* #VMEXIT: RAX = the VMCB's address again (the host's RAX). */
        VMSAVE
        push    %rcx
        mov     16(%rsp), %rcx          /* gprs */
        mov     %rdx, GPR_RDX(%rcx)
        mov     %rbx, GPR_RBX(%rcx)
        mov     %rbp, GPR_RBP(%rcx)
        mov     %rsi, GPR_RSI(%rcx)
        mov     %rdi, GPR_RDI(%rcx)
        mov     %r8, GPR_R8(%rcx)
        mov     %r9, GPR_R9(%rcx)
        mov     %r10, GPR_R10(%rcx)
        mov     %r11, GPR_R11(%rcx)
        mov     %r12, GPR_R12(%rcx)
        mov     %r13, GPR_R13(%rcx)
        mov     %r14, GPR_R14(%rcx)
        mov     %r15, GPR_R15(%rcx)
        popq    GPR_RCX(%rcx)

        /* Refill the RSB before the first RET (<asm/hvm/spec_ctrl.h>):
         * two calls per round, their returns never taken but trapped. */
        mov     $(RSB_ENTRIES / 2), %ecx
1:      call    2f
3:      pause
        lfence
        jmp     3b
2:      call    4f
5:      pause
        lfence
        jmp     5b
4:      dec     %ecx
        jnz     1b
        add     $(RSB_ENTRIES * 8), %rsp

        mov     16(%rsp), %rax
        VMLOAD
        cli
        STGI

        add     $24, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret
