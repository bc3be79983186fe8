/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domain entry point.  The hypervisor enters at _start in ring 3 with RSP
 * at the top of the domain's stack and RDI holding the start_info pointer
 * (include/public/mhv.h).  Nothing else is set up: align the stack as the
 * C ABI wants it, end the frame-pointer chain and hand over to C
 * (runtime_start() in start.c, which calls main() and shuts the domain
 * down with its result).  It never returns.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl    %ebp, %ebp
    andq    $-16, %rsp
    call    runtime_start
1:  hlt                     /* not reached; faults in ring 3 if it is */
    jmp     1b
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
