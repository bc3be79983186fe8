/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Segment descriptors, the TSS and the IDT.
 *
 * GDT layout (fixed: SYSCALL/SYSRET derive selectors from MSR_STAR):
 *   0x08 hypervisor code (64-bit)   0x10 hypervisor data
 *   0x18 SYSRET's 32-bit CS slot: a not-present DPL-0 data descriptor, so
 *        domains have no way into compatibility mode (desc.c)
 *   0x20 guest data    0x28 guest code (64-bit)
 *   0x30 TSS (16 bytes)
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

#define __HYPERVISOR_CS   0x08
#define __HYPERVISOR_DS   0x10
#define __GUEST_CS32      0x1b
#define __GUEST_DS        0x23
#define __GUEST_CS        0x2b
#define __TSS_SEL         0x30

#define IST_NONE  0
#define IST_DF    1
#define IST_NMI   2
#define IST_MCE   3
#define NR_IST    3

/* Exception vectors. */
#define TRAP_divide_error    0
#define TRAP_debug           1
#define TRAP_nmi             2
#define TRAP_int3            3
#define TRAP_overflow        4
#define TRAP_bounds          5
#define TRAP_invalid_op      6
#define TRAP_no_device       7
#define TRAP_double_fault    8
#define TRAP_invalid_tss    10
#define TRAP_no_segment     11
#define TRAP_stack_error    12
#define TRAP_gp_fault       13
#define TRAP_page_fault     14
#define TRAP_x87_error      16
#define TRAP_alignment_check 17
#define TRAP_machine_check  18
#define TRAP_simd_error     19
#define TRAP_virtualisation 20
#define TRAP_control_protection 21

#define FIRST_DYNAMIC_VECTOR 0x30
#define SPURIOUS_VECTOR      0xff

#ifndef __ASSEMBLY__
#include <mhv/types.h>

struct tss64 {
    u32 reserved0;
    u64 rsp[3];
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
} __attribute__((packed));

/* Load this CPU's GDT, TSS and the shared IDT; @cpu selects the tables. */
void load_cpu_descriptors(unsigned int cpu);
void idt_init(void);
/* The TSS of @cpu (its RSP0 is the stack used on entry from a guest). */
struct tss64 *cpu_tss(unsigned int cpu);
#endif

#endif /* ASM_X86_DESC_H */
