/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __copy_user(dst, src, len): REP MOVSB covered by the exception table: a
 * fault resumes at the fixup, which returns the bytes not copied (0 on
 * success).  The _smap variant opens SMAP around the copy (STAC/CLAC,
 * which do not exist on CPUs without SMAP).
 */
        .macro COPY_USER name, smap
        .globl  \name
\name:
        mov     %rdx, %rcx
        .if \smap
        .byte   0x0f, 0x01, 0xcb        /* stac */
        .endif
1:      rep movsb
2:
        .if \smap
        .byte   0x0f, 0x01, 0xca        /* clac */
        .endif
        mov     %rcx, %rax
        ret
        .pushsection .ex_table, "a"
        .balign 8
        .quad   1b, 2b
        .popsection
        .endm

        .text
        COPY_USER __copy_user, 0
        COPY_USER __copy_user_smap, 1
