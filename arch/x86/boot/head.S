/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot2 header and the 32-bit entry point.
 *
 * GRUB (BIOS or EFI) enters at `start` in 32-bit protected mode, paging off,
 * with EAX = Multiboot2 magic and EBX = physical address of the boot
 * information.  We build boot page tables that
 *   - identity-map the first 4 GiB (needed while we switch modes),
 *   - map the same 4 GiB at DIRECTMAP_VIRT,
 *   - map the first 1 GiB at KERNEL_VIRT_BASE (where the image is linked),
 * enter long mode, jump to the linked (high) addresses, set up the boot
 * CPU's stack and GS base and call __start_mhv(magic, mbi_pa).
 */
#include <asm/page.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/multiboot2.h>

#define PA(x)           ((x) - KERNEL_VIRT_BASE)

        .section .text.head, "ax", @progbits
        .code32

        .balign 8
mb2_header:
        .long   MB2_HEADER_MAGIC
        .long   MB2_ARCH_I386
        .long   mb2_header_end - mb2_header
        .long   -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

        /* Information request: optional, so a loader lacking one still boots. */
        .balign 8
1:      .short  1, 1
        .long   2f - 1b
        .long   1       /* command line */
        .long   3       /* modules */
        .long   4       /* basic meminfo */
        .long   6       /* memory map */
        .long   14      /* ACPI 1.0 RSDP */
        .long   15      /* ACPI 2.0 RSDP */
        .long   17      /* EFI memory map */
2:
        /* Entry address (physical): the ELF entry is a virtual address. */
        .balign 8
1:      .short  3, 0
        .long   2f - 1b
        .long   PA(start)
2:
        /* Page-align modules (domain images are mapped page by page). */
        .balign 8
        .short  6, 0
        .long   8
        /* End tag. */
        .balign 8
        .short  0, 0
        .long   8
mb2_header_end:

        .globl  start
start:
        cli
        cld
        mov     %eax, PA(boot_magic)
        mov     %ebx, PA(boot_mbi)
#ifdef CONFIG_BENCH
        /* Boot-time benchmark: the TSC at entry (common/bench.c). */
        rdtsc
        mov     %eax, PA(bench_entry_tsc)
        mov     %edx, PA(bench_entry_tsc) + 4
#endif
        mov     $PA(boot_stack_top), %esp

        /* Long mode available? */
        mov     $0x80000000, %eax
        cpuid
        cmp     $0x80000001, %eax
        jb      no_long_mode
        mov     $0x80000001, %eax
        cpuid
        bt      $29, %edx
        jnc     no_long_mode
        mov     %edx, %ebp                      /* keep: bit 20 = NX */

        /* boot_pd[0..2047]: 2 MiB pages covering 0..4 GiB. */
        mov     $PA(boot_pd), %ebx
        xor     %ecx, %ecx
1:      mov     %ecx, %eax
        shl     $21, %eax
        or      $(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE), %eax
        mov     %eax, (%ebx, %ecx, 8)
        mov     %ecx, %eax
        shr     $11, %eax                       /* bits 32+ of the address */
        mov     %eax, 4(%ebx, %ecx, 8)
        inc     %ecx
        cmp     $2048, %ecx
        jne     1b

        /* boot_pdpt_low[0..3] -> the four page directories. */
        mov     $PA(boot_pdpt_low), %edi
        mov     $PA(boot_pd) + (_PAGE_PRESENT | _PAGE_RW), %eax
        mov     %eax, 0(%edi)
        add     $4096, %eax
        mov     %eax, 8(%edi)
        add     $4096, %eax
        mov     %eax, 16(%edi)
        add     $4096, %eax
        mov     %eax, 24(%edi)

        /* boot_pdpt_high[510] -> first page directory (0..1 GiB). */
        mov     $PA(boot_pdpt_high), %edi
        movl    $PA(boot_pd) + (_PAGE_PRESENT | _PAGE_RW), 510*8(%edi)

        /* PML4: [0] identity, [256] direct map, [511] image. */
        mov     $PA(boot_pml4), %edi
        movl    $PA(boot_pdpt_low) + (_PAGE_PRESENT | _PAGE_RW), 0(%edi)
        movl    $PA(boot_pdpt_low) + (_PAGE_PRESENT | _PAGE_RW), 256*8(%edi)
        movl    $PA(boot_pdpt_high) + (_PAGE_PRESENT | _PAGE_RW), 511*8(%edi)

        /* PAE on, CR3, EFER.LME (+NXE), paging on. */
        mov     %cr4, %eax
        or      $X86_CR4_PAE, %eax
        mov     %eax, %cr4
        mov     $PA(boot_pml4), %eax
        mov     %eax, %cr3
        mov     $MSR_EFER, %ecx
        rdmsr
        or      $EFER_LME, %eax
        bt      $20, %ebp
        jnc     1f
        or      $EFER_NXE, %eax
1:      wrmsr
        mov     %cr0, %eax
        or      $(X86_CR0_PG | X86_CR0_PE | X86_CR0_WP | X86_CR0_NE), %eax
        mov     %eax, %cr0

        lgdt    PA(boot_gdt_ptr)
        ljmp    $0x08, $PA(start64)

no_long_mode:
        /* Say so on COM1 (if it is there) and stop. */
        mov     $PA(no_lm_msg), %esi
        mov     $0x3f8, %dx
1:      lodsb
        test    %al, %al
        jz      2f
        out     %al, %dx
        jmp     1b
2:      hlt
        jmp     2b

        .code64
start64:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        xor     %eax, %eax
        mov     %eax, %fs
        mov     %eax, %gs
        movabs  $high64, %rax
        jmp     *%rax

        .text
high64:
        movabs  $boot_stack_top, %rsp
        /* Boot CPU's per-CPU area: GS base, self pointer. */
        movabs  $cpu_info_array, %rbx
        mov     %rbx, CPUINFO_self(%rbx)
        movq    $0, CPUINFO_cpu_id(%rbx)
        mov     %rsp, CPUINFO_kernel_sp(%rbx)
        mov     %rbx, %rax
        mov     %rbx, %rdx
        shr     $32, %rdx
        mov     $MSR_GS_BASE, %ecx
        wrmsr
        mov     boot_magic(%rip), %edi          /* 1st argument: magic */
        mov     boot_mbi(%rip), %esi            /* 2nd argument: MBI address */
        xor     %ebp, %ebp                      /* end of the frame chain */
        call    __start_mhv
        ud2

        .section .rodata
no_lm_msg:
        .asciz  "mhv: this CPU has no long mode (x86-64); stopping.\r\n"

        .balign 8
boot_gdt:
        .quad   0
        .quad   0x00af9a000000ffff      /* 0x08: 64-bit code */
        .quad   0x00cf92000000ffff      /* 0x10: data */
boot_gdt_end:
        .balign 8
        .short  0
boot_gdt_ptr:
        .short  boot_gdt_end - boot_gdt - 1
        .long   PA(boot_gdt)

        .section .data
boot_magic:     .long 0
boot_mbi:       .long 0
#ifdef CONFIG_BENCH
        .balign 8
        .globl  bench_entry_tsc
bench_entry_tsc: .quad 0
#endif

        .section .bss.page_aligned, "aw", @nobits
        .balign 4096
        .globl  boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096
        .globl  boot_stack
boot_stack:     .skip STACK_SIZE
        .globl  boot_stack_top
boot_stack_top:
