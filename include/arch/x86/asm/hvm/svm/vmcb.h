/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AMD SVM virtual machine control block (AMD64 APM volume 2,
 * appendix B): a 4 KiB page per vCPU, the control area at offset 0 and
 * the guest state save area at 0x400.  Layout checked at build time.
 *
 * Only the fields mhv uses are named; the reserved gaps keep the
 * architectural offsets.  The per-CPU host save area (VM_HSAVE_PA) and the
 * area VMSAVE/VMLOAD use for the host have the same format.
 */
#ifndef ASM_X86_HVM_SVM_VMCB_H
#define ASM_X86_HVM_SVM_VMCB_H

#include <mhv/types.h>
#include <mhv/compiler.h>

/* ---- intercept word 0 (offset 0x0c) ---- */
#define SVM_INTERCEPT_INTR          (1u << 0)
#define SVM_INTERCEPT_NMI           (1u << 1)
#define SVM_INTERCEPT_SMI           (1u << 2)
#define SVM_INTERCEPT_INIT          (1u << 3)
#define SVM_INTERCEPT_VINTR         (1u << 4)
#define SVM_INTERCEPT_RDPMC         (1u << 15)
#define SVM_INTERCEPT_CPUID         (1u << 18)
#define SVM_INTERCEPT_RSM           (1u << 19)
#define SVM_INTERCEPT_IRET          (1u << 20)
#define SVM_INTERCEPT_INVD          (1u << 22)
#define SVM_INTERCEPT_PAUSE         (1u << 23)
#define SVM_INTERCEPT_HLT           (1u << 24)
#define SVM_INTERCEPT_INVLPGA       (1u << 26)
#define SVM_INTERCEPT_IOIO_PROT     (1u << 27)
#define SVM_INTERCEPT_MSR_PROT      (1u << 28)
#define SVM_INTERCEPT_TASK_SWITCH   (1u << 29)
#define SVM_INTERCEPT_SHUTDOWN      (1u << 31)

/* ---- intercept word 1 (offset 0x10) ---- */
#define SVM_INTERCEPT_VMRUN         (1u << 0)
#define SVM_INTERCEPT_VMMCALL       (1u << 1)
#define SVM_INTERCEPT_VMLOAD        (1u << 2)
#define SVM_INTERCEPT_VMSAVE        (1u << 3)
#define SVM_INTERCEPT_STGI          (1u << 4)
#define SVM_INTERCEPT_CLGI          (1u << 5)
#define SVM_INTERCEPT_SKINIT        (1u << 6)
#define SVM_INTERCEPT_RDTSCP        (1u << 7)
#define SVM_INTERCEPT_ICEBP         (1u << 8)
#define SVM_INTERCEPT_WBINVD        (1u << 9)
#define SVM_INTERCEPT_MONITOR       (1u << 10)
#define SVM_INTERCEPT_MWAIT         (1u << 11)
#define SVM_INTERCEPT_MWAIT_COND    (1u << 12)
#define SVM_INTERCEPT_XSETBV        (1u << 13)

/* ---- int_ctl (offset 0x60) ---- */
#define SVM_V_TPR_MASK              0xffULL
#define SVM_V_IRQ                   (1ULL << 8)
#define SVM_V_INTR_PRIO_SHIFT       16
#define SVM_V_IGN_TPR               (1ULL << 20)
#define SVM_V_INTR_MASKING          (1ULL << 24)
#define SVM_V_INTR_VECTOR_SHIFT     32

/* ---- int_state (offset 0x68) ---- */
#define SVM_INTERRUPT_SHADOW        (1ULL << 0)

/* ---- nested control (offset 0x90) ---- */
#define SVM_NP_ENABLE               (1ULL << 0)

/* ---- TLB control (offset 0x5c) ---- */
#define SVM_TLB_FLUSH_NOTHING       0
#define SVM_TLB_FLUSH_ALL           1   /* every ASID (the only one TCG honours) */

/* ---- EVENTINJ / EXITINTINFO ---- */
#define SVM_EVT_VECTOR_MASK         0xffu
#define SVM_EVT_TYPE_INTR           (0u << 8)
#define SVM_EVT_TYPE_NMI            (2u << 8)
#define SVM_EVT_TYPE_EXCEPTION      (3u << 8)
#define SVM_EVT_TYPE_SOFT           (4u << 8)
#define SVM_EVT_TYPE_MASK           (7u << 8)
#define SVM_EVT_ERROR_VALID         (1u << 11)
#define SVM_EVT_VALID               (1u << 31)

/* ---- IOIO exit information 1 ---- */
#define SVM_IOIO_IN                 (1u << 0)
#define SVM_IOIO_STR                (1u << 2)
#define SVM_IOIO_REP                (1u << 3)
#define SVM_IOIO_SIZE_SHIFT         4       /* bits 4-6: 1, 2 or 4 bytes */
#define SVM_IOIO_ASIZE_SHIFT        7       /* bits 7-9: 16, 32, 64-bit addresses */
#define SVM_IOIO_SEG_SHIFT          10      /* bits 10-12: effective segment */
#define SVM_IOIO_PORT_SHIFT         16

/* ---- #NPF exit information 1 (a page-fault error code, plus) ---- */
#define SVM_NPF_PRESENT             (1ULL << 0)
#define SVM_NPF_WRITE               (1ULL << 1)
#define SVM_NPF_USER                (1ULL << 2)
#define SVM_NPF_RSVD                (1ULL << 3)
#define SVM_NPF_FETCH               (1ULL << 4)
#define SVM_NPF_FINAL_GPA           (1ULL << 32)    /* on the final address */
#define SVM_NPF_GUEST_PT            (1ULL << 33)    /* on a guest table access */

/* ---- exit codes ---- */
#define SVM_EXIT_CR0_READ           0x000
#define SVM_EXIT_CR0_WRITE          0x010
#define SVM_EXIT_EXCP_BASE          0x040
#define SVM_EXIT_DB                 (SVM_EXIT_EXCP_BASE + 1)
#define SVM_EXIT_AC                 (SVM_EXIT_EXCP_BASE + 17)
#define SVM_EXIT_MC                 (SVM_EXIT_EXCP_BASE + 18)
#define SVM_EXIT_INTR               0x060
#define SVM_EXIT_NMI                0x061
#define SVM_EXIT_SMI                0x062
#define SVM_EXIT_INIT               0x063
#define SVM_EXIT_VINTR              0x064
#define SVM_EXIT_RDTSC              0x06e
#define SVM_EXIT_RDPMC              0x06f
#define SVM_EXIT_CPUID              0x072
#define SVM_EXIT_RSM                0x073
#define SVM_EXIT_IRET               0x074
#define SVM_EXIT_INVD               0x076
#define SVM_EXIT_PAUSE              0x077
#define SVM_EXIT_HLT                0x078
#define SVM_EXIT_INVLPGA            0x07a
#define SVM_EXIT_IOIO               0x07b
#define SVM_EXIT_MSR                0x07c
#define SVM_EXIT_TASK_SWITCH        0x07d
#define SVM_EXIT_SHUTDOWN           0x07f
#define SVM_EXIT_VMRUN              0x080
#define SVM_EXIT_VMMCALL            0x081
#define SVM_EXIT_VMLOAD             0x082
#define SVM_EXIT_VMSAVE             0x083
#define SVM_EXIT_STGI               0x084
#define SVM_EXIT_CLGI               0x085
#define SVM_EXIT_SKINIT             0x086
#define SVM_EXIT_RDTSCP             0x087
#define SVM_EXIT_ICEBP              0x088
#define SVM_EXIT_WBINVD             0x089
#define SVM_EXIT_MONITOR            0x08a
#define SVM_EXIT_MWAIT              0x08b
#define SVM_EXIT_MWAIT_COND         0x08c
#define SVM_EXIT_XSETBV             0x08d
#define SVM_EXIT_NPF                0x400
/*
 * VMRUN refused the VMCB's state.  Architecturally -1 in the 64-bit exit
 * code; QEMU's TCG stores it as a 32-bit value (0x00000000ffffffff), so
 * only the low 32 bits are ever compared.
 */
#define SVM_EXIT_INVALID            0xffffffffu

/* A segment register as the VMCB holds it (attributes compressed). */
struct vmcb_seg {
    u16 sel;
    u16 attr;       /* type[3:0] S[4] DPL[6:5] P[7] AVL[8] L[9] D/B[10] G[11] */
    u32 limit;
    u64 base;
} __packed;

struct vmcb_control {
    u16 cr_read, cr_write;          /* 0x000 */
    u16 dr_read, dr_write;          /* 0x004 */
    u32 exceptions;                 /* 0x008 */
    u32 intercept0;                 /* 0x00c */
    u32 intercept1;                 /* 0x010 */
    u32 intercept2;                 /* 0x014 */
    u8  rsvd0[0x3c - 0x18];
    u16 pause_threshold;            /* 0x03c */
    u16 pause_count;                /* 0x03e */
    u64 iopm_pa;                    /* 0x040 */
    u64 msrpm_pa;                   /* 0x048 */
    u64 tsc_offset;                 /* 0x050 */
    u32 asid;                       /* 0x058 */
    u8  tlb_control;                /* 0x05c */
    u8  rsvd1[3];
    u64 int_ctl;                    /* 0x060 */
    u64 int_state;                  /* 0x068 */
    u64 exit_code;                  /* 0x070 */
    u64 exit_info1;                 /* 0x078 */
    u64 exit_info2;                 /* 0x080 */
    u32 exit_int_info;              /* 0x088 */
    u32 exit_int_info_err;          /* 0x08c */
    u64 np_ctl;                     /* 0x090 */
    u64 avic_apic_bar;              /* 0x098 */
    u64 ghcb_pa;                    /* 0x0a0 */
    u32 event_inj;                  /* 0x0a8 */
    u32 event_inj_err;              /* 0x0ac */
    u64 n_cr3;                      /* 0x0b0 */
    u64 virt_ext;                   /* 0x0b8: LBR virtualization, V_VMSAVE_VMLOAD */
    u32 clean;                      /* 0x0c0 */
    u32 rsvd2;
    u64 next_rip;                   /* 0x0c8: never written by TCG (no NRIPS) */
    u8  insn_len;                   /* 0x0d0: decode assists (TCG: none) */
    u8  insn_bytes[15];
    u8  rsvd3[0x400 - 0x0e0];
} __packed;

struct vmcb_save {
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;  /* 0x000 */
    u8  rsvd0[0xcb - 0xa0];
    u8  cpl;                        /* 0x0cb */
    u32 rsvd1;
    u64 efer;                       /* 0x0d0 */
    u8  rsvd2[0x148 - 0xd8];
    u64 cr4;                        /* 0x148 */
    u64 cr3;                        /* 0x150 */
    u64 cr0;                        /* 0x158 */
    u64 dr7;                        /* 0x160 */
    u64 dr6;                        /* 0x168 */
    u64 rflags;                     /* 0x170 */
    u64 rip;                        /* 0x178 */
    u8  rsvd3[0x1d8 - 0x180];
    u64 rsp;                        /* 0x1d8 */
    u8  rsvd4[0x1f8 - 0x1e0];
    u64 rax;                        /* 0x1f8 */
    u64 star;                       /* 0x200 */
    u64 lstar;                      /* 0x208 */
    u64 cstar;                      /* 0x210 */
    u64 sfmask;                     /* 0x218 */
    u64 kernel_gs_base;             /* 0x220 */
    u64 sysenter_cs;                /* 0x228 */
    u64 sysenter_esp;               /* 0x230 */
    u64 sysenter_eip;               /* 0x238 */
    u64 cr2;                        /* 0x240 */
    u8  rsvd5[0x268 - 0x248];
    u64 g_pat;                      /* 0x268 */
    u64 dbgctl;                     /* 0x270 */
    u8  rsvd6[0xc00 - 0x278];
} __packed;

struct vmcb {
    struct vmcb_control ctl;
    struct vmcb_save save;
} __packed;

BUILD_BUG_ON(sizeof(struct vmcb_control) != 0x400);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, iopm_pa) != 0x40);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, int_ctl) != 0x60);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, exit_int_info) != 0x88);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, event_inj) != 0xa8);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_control, next_rip) != 0xc8);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, cpl) != 0xcb);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, efer) != 0xd0);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, cr4) != 0x148);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, rip) != 0x178);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, rsp) != 0x1d8);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, rax) != 0x1f8);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, cr2) != 0x240);
BUILD_BUG_ON(__builtin_offsetof(struct vmcb_save, g_pat) != 0x268);
BUILD_BUG_ON(sizeof(struct vmcb) != 4096);

/* Segment attributes in VMCB form from a descriptor's access/flags bits. */
#define VMCB_ATTR(type, s, dpl, p, l, db, g)                                 \
    ((u16)((type) | ((s) << 4) | ((dpl) << 5) | ((p) << 7) | ((l) << 9) |   \
           ((db) << 10) | ((g) << 11)))
#define VMCB_ATTR_L     (1u << 9)
#define VMCB_ATTR_DB    (1u << 10)

#endif /* ASM_X86_HVM_SVM_VMCB_H */
