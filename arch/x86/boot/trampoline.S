/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Application-processor start-up code.  smpboot.c copies it to a free page
 * below 1 MiB and patches the marked slots; an AP woken by INIT-SIPI-SIPI
 * starts here in real mode at CS:IP = page:0, goes through protected mode
 * into long mode with the trampoline page table (the hypervisor's upper
 * half plus an identity map of the low 2 MiB) and jumps to ap_entry64 in
 * the hypervisor image.
 *
 * All addresses inside are offsets from trampoline_start (T(x)); the
 * absolute ones are patched in at copy time.
 */
#include <asm/cpu.h>
#include <asm/page.h>

#define T(x) ((x) - trampoline_start)

        .section .rodata.trampoline, "a"
        .code16
        .globl  trampoline_start
trampoline_start:
        cli
        cld
        mov     %cs, %ax
        mov     %ax, %ds
        lgdtl   T(tramp_gdt_ptr)
        mov     %cr0, %eax
        or      $X86_CR0_PE, %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp_pm_jump)

        .code32
        .globl  tramp_pm
tramp_pm:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        /* EBX = physical base of the trampoline (patched). */
        movl    $0, %ebx
        .globl  tramp_base_imm
tramp_base_imm = . - 4

        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     T(tramp_cr3)(%ebx), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      T(tramp_efer)(%ebx), %eax
        wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_WP | X86_CR0_NE), %eax
        mov     %eax, %cr0
        ljmpl   *T(tramp_lm_jump)(%ebx)

        .code64
        .globl  tramp_lm
tramp_lm:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        movabs  $ap_entry64, %rax
        jmp     *%rax

        .balign 8
        .globl  tramp_gdt
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff      /* 0x08: 32-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
        .quad   0x00af9a000000ffff      /* 0x18: 64-bit code */
tramp_gdt_end:
        .balign 8
        .short  0
        .globl  tramp_gdt_ptr
tramp_gdt_ptr:
        .short  tramp_gdt_end - tramp_gdt - 1
        .long   0                       /* patched: phys of tramp_gdt */
        .globl  tramp_pm_jump
tramp_pm_jump:
        .long   0                       /* patched: phys of tramp_pm */
        .short  0x08
        .globl  tramp_lm_jump
tramp_lm_jump:
        .long   0                       /* patched: phys of tramp_lm */
        .short  0x18
        .globl  tramp_cr3
tramp_cr3:
        .long   0                       /* patched */
        .globl  tramp_efer
tramp_efer:
        .long   0                       /* patched: LME (| NXE) */
        .globl  trampoline_end
trampoline_end:

        .text
/* 64-bit entry of an AP, on the trampoline page table. */
        .globl  ap_entry64
ap_entry64:
        /* smpboot.c published the CPU's cpu_info and stack. */
        mov     ap_boot_info(%rip), %rbx
        mov     %rbx, %rax
        mov     %rbx, %rdx
        shr     $32, %rdx
        mov     $MSR_GS_BASE, %ecx
        wrmsr
        mov     16(%rbx), %rsp                  /* cpu_info.kernel_sp */
        xor     %ebp, %ebp
        call    start_secondary
        ud2
