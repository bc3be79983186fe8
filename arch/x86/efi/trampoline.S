/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-off from mhv.efi to the hypervisor's Multiboot2 entry.
 *
 * After ExitBootServices the loader copies [mhv_tramp_start, mhv_tramp_end)
 * into a page of its own below 4 GiB (EfiLoaderCode) and calls the copy:
 *
 *     void handoff(const struct handoff_args *a);    (SysV: %rdi, < 4 GiB)
 *
 * It runs in UEFI's 64-bit long mode with UEFI's identity-mapped page
 * tables and leaves it for the state Multiboot2 promises:
 *   - load its own GDT (32-bit flat code 0x08, flat data 0x10) and stack,
 *   - far-return into the 32-bit code segment (compatibility mode),
 *   - clear CR0.PG (long mode ends), EFER.LME and CR4.PAE,
 *   - load flat data segments,
 *   - if the image had to be staged (its physical range was still firmware
 *     boot-services memory), copy it into place now: with paging off, no
 *     page table, GDT or stack of the firmware's is needed any more, so the
 *     copy may overwrite them,
 *   - EAX = 0x36d76289, EBX = boot information, jump to the 32-bit entry.
 *
 * Position-independent: every address it needs is computed from %rip or
 * passed in the argument block.  Interrupts stay off throughout.
 */

#define HA_ENTRY        0
#define HA_MBI          4
#define HA_COPY_DST     8
#define HA_COPY_SRC     12
#define HA_COPY_LEN     16

#define MB2_BOOTLOADER_MAGIC    0x36d76289
#define MSR_EFER        0xc0000080
#define EFER_LME        (1 << 8)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)
#define CR4_PCIDE       (1 << 17)

        .section .text, "ax", @progbits
        .code64
        .balign 16
        .globl  mhv_tramp_start
mhv_tramp_start:
        cli
        cld
        mov     %edi, %ebp                      /* argument block, < 4 GiB */

        /* CR0.PG cannot be cleared while CR4.PCIDE is set. */
        mov     %cr4, %rax
        and     $~CR4_PCIDE, %rax
        mov     %rax, %cr4

        lea     tramp_stack_top(%rip), %rsp
        lea     tramp_gdt(%rip), %rax
        mov     %rax, tramp_gdtr + 2(%rip)
        lgdt    tramp_gdtr(%rip)

        /* Far return to 32-bit code: compatibility mode. */
        lea     prot32(%rip), %rax
        pushq   $0x08
        push    %rax
        lretq

        .code32
prot32:
        mov     $0x10, %eax
        mov     %eax, %ds
        mov     %eax, %es
        mov     %eax, %ss
        mov     %eax, %fs
        mov     %eax, %gs

        /* Leave long mode: paging off (LMA clears), then LME and PAE. */
        mov     %cr0, %eax
        and     $~CR0_PG, %eax
        mov     %eax, %cr0
        jmp     1f                              /* serialise, as the SDM shows */
1:      mov     $MSR_EFER, %ecx
        rdmsr
        and     $~EFER_LME, %eax
        wrmsr
        mov     %cr4, %eax
        and     $~CR4_PAE, %eax
        mov     %eax, %cr4

        /* A staged image goes into place (source and target never overlap). */
        mov     HA_COPY_LEN(%ebp), %ecx
        test    %ecx, %ecx
        jz      2f
        mov     HA_COPY_SRC(%ebp), %esi
        mov     HA_COPY_DST(%ebp), %edi
        rep movsb

2:      mov     HA_ENTRY(%ebp), %edx
        mov     HA_MBI(%ebp), %ebx
        mov     $MB2_BOOTLOADER_MAGIC, %eax
        xor     %ecx, %ecx
        xor     %esi, %esi
        xor     %edi, %edi
        xor     %ebp, %ebp
        jmp     *%edx

        .balign 8
tramp_gdt:
        .quad   0
        .quad   0x00cf9a000000ffff              /* 0x08: 32-bit code, flat */
        .quad   0x00cf92000000ffff              /* 0x10: data, flat */
tramp_gdt_end:
        .balign 8
        .short  0, 0, 0
tramp_gdtr:
        .short  tramp_gdt_end - tramp_gdt - 1
        .quad   0                               /* base: set at run time */

        .balign 16
        .skip   256
tramp_stack_top:
        .globl  mhv_tramp_end
mhv_tramp_end:

        .section .note.GNU-stack, "", @progbits
