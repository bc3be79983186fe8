/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register frame saved on every entry into the hypervisor (exception,
 * interrupt or hypercall).  The layout is shared with entry.S (offsets
 * below); the tail is what the CPU pushes.
 */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#define REGS_r15      0
#define REGS_r14      8
#define REGS_r13     16
#define REGS_r12     24
#define REGS_rbp     32
#define REGS_rbx     40
#define REGS_r11     48
#define REGS_r10     56
#define REGS_r9      64
#define REGS_r8      72
#define REGS_rax     80
#define REGS_rcx     88
#define REGS_rdx     96
#define REGS_rsi    104
#define REGS_rdi    112
#define REGS_vector 120
#define REGS_error  128
#define REGS_rip    136
#define REGS_cs     144
#define REGS_rflags 152
#define REGS_rsp    160
#define REGS_ss     168
#define REGS_SIZE   176

#ifdef __ASSEMBLY__
/* Push and pop the general registers of the frame (entry.S, pv/entry.S). */
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
#endif

#ifndef __ASSEMBLY__
#include <mhv/types.h>

struct cpu_user_regs {
    u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    u64 rax, rcx, rdx, rsi, rdi;
    u64 vector, error_code;
    u64 rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct cpu_user_regs) == REGS_SIZE, "regs layout");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == REGS_rip, "regs rip");

static inline bool guest_mode(const struct cpu_user_regs *r)
{
    return (r->cs & 3) == 3;
}

/* Capture the caller's registers (for reports that are not traps). */
void capture_regs(struct cpu_user_regs *regs);
#endif

#endif /* ASM_X86_REGS_H */
