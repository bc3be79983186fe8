/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An HVM test guest, laid out as a Linux bzImage so that mhv boots it
 * through the same path as a real kernel (the 64-bit boot protocol,
 * <asm/hvm/linux_boot.h>):
 *
 *   file 0x000  the boot sector: only the setup header's first bytes
 *               (setup_sects at 0x1f1) and the 0xaa55 signature matter
 *   file 0x200  the setup header ("HdrS", protocol 2.15, relocatable,
 *               64-bit, preferred address 2 MiB)
 *   file 0x400  the protected-mode part, loaded at 2 MiB (pref_address):
 *               +0x000 the 32-bit entry (unused: ud2), +0x200 the 64-bit
 *               entry, entered with paging on, RSI = boot_params
 *
 * The program is linked for 2 MiB and checks at its first instruction
 * that it was loaded there (the loader may choose otherwise if RAM is
 * short); then it sets up its stack and IDT and calls guest_main().
 */
#include <hvmguest/guest_asm.h>

        .section .setup, "a"
        .org    0x1f1
        .byte   1                       /* setup_sects: (1 + 1) * 512 bytes */
        .word   0                       /* root_flags */
        .long   _pm_syssize             /* syssize (guest.lds) */
        .word   0                       /* ram_size */
        .word   0                       /* vid_mode */
        .word   0                       /* root_dev */
        .word   0xaa55                  /* boot_flag */
        .org    0x200
        .byte   0xeb, 0x66              /* jump over the header */
        .ascii  "HdrS"
        .word   0x020f                  /* protocol 2.15 */
        .long   0                       /* realmode_swtch */
        .word   0                       /* start_sys_seg */
        .word   0                       /* kernel_version */
        .byte   0                       /* type_of_loader */
        .byte   0x01                    /* loadflags: LOADED_HIGH */
        .word   0                       /* setup_move_size */
        .long   0x100000                /* code32_start */
        .long   0                       /* ramdisk_image */
        .long   0                       /* ramdisk_size */
        .long   0                       /* bootsect_kludge */
        .word   0                       /* heap_end_ptr */
        .byte   0, 0                    /* ext_loader_ver, ext_loader_type */
        .long   0                       /* cmd_line_ptr */
        .long   0x7fffffff              /* initrd_addr_max */
        .long   GUEST_LOAD_ADDR         /* kernel_alignment: 2 MiB */
        .byte   1                       /* relocatable_kernel */
        .byte   21                      /* min_alignment: 2 MiB */
        .word   0x3                     /* xloadflags: KERNEL_64, ABOVE_4G */
        .long   2047                    /* cmdline_size */
        .long   0                       /* hardware_subarch */
        .quad   0                       /* hardware_subarch_data */
        .long   0                       /* payload_offset */
        .long   0                       /* payload_length */
        .quad   0                       /* setup_data */
        .quad   GUEST_LOAD_ADDR         /* pref_address */
        .long   _pm_init_size           /* init_size (guest.lds) */
        .long   0                       /* handover_offset */
        .long   0                       /* kernel_info_offset */
        .org    0x400

        .section .head, "ax"
        .code32
        .globl  _pm_start
_pm_start:
        ud2                             /* the 32-bit entry is not used */
        .org    0x200
        .code64
        .globl  entry64
entry64:
        cli
        lea     entry64(%rip), %rax
        mov     $entry64, %rcx
        cmp     %rax, %rcx
        jne     wrong_place
        lea     stack_top(%rip), %rsp
        mov     %rsi, %rdi              /* boot_params */
        push    $0                      /* an end for stack walks */
        call    guest_start
1:      cli
        hlt
        jmp     1b

/* Loaded elsewhere than linked: say so on COM1 and power off with a code. */
wrong_place:
        lea     wrong_msg(%rip), %rsi
        mov     $0x3f8, %dx
2:      lodsb
        test    %al, %al
        jz      3f
        outb    %al, %dx
        jmp     2b
3:      mov     $GUEST_ACPI_SLEEP_CTL, %dx
        mov     $GUEST_ACPI_S5, %al
        outb    %al, %dx
        jmp     1b
wrong_msg:
        .asciz  "hvmguest: not loaded at its link address\n"

/*
 * Exception and interrupt stubs: each pushes a zero error code where the
 * CPU pushes none, then its vector, and joins the common path, which
 * saves the registers as struct guest_frame and calls guest_trap().
 */
        .text
        .macro STUB v
        .balign 16
vec_stub_\v:
        .if !(((\v) == 8) || (((\v) >= 10) && ((\v) <= 14)) || ((\v) == 17))
        pushq   $0
        .endif
        pushq   $\v
        jmp     trap_common
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

trap_common:
        push    %rax
        push    %rcx
        push    %rdx
        push    %rbx
        push    %rbp
        push    %rsi
        push    %rdi
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, %rdi
        cld
        call    guest_trap
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rdi
        pop     %rsi
        pop     %rbp
        pop     %rbx
        pop     %rdx
        pop     %rcx
        pop     %rax
        add     $16, %rsp
        iretq

        .section .rodata
        .balign 8
        .globl  vec_stubs
vec_stubs:
        .macro STUBADDR v
        .quad   vec_stub_\v
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

        .bss
        .balign 4096
        .space  16384
        .globl  stack_top
stack_top:
