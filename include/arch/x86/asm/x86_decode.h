/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small x86 instruction decoder for the instructions the hypervisor must
 * skip or emulate on a guest's behalf.
 *
 * Without NRIPS (the CPU's "next RIP" on an exit) and decode assists, an
 * intercepted instruction's length and operands are the hypervisor's to
 * find.  This decoder knows exactly:
 *   - CPUID, RDMSR, WRMSR, RDTSC, RDTSCP, RDPMC, HLT, PAUSE, INVD, WBINVD,
 *     XSETBV, MONITOR, MWAIT, VMCALL and the SVM instructions (VMRUN,
 *     VMMCALL, VMLOAD, VMSAVE, STGI, CLGI, SKINIT, INVLPGA);
 *   - IN/OUT with an immediate port or DX, and INS/OUTS (with REP);
 *   - the data-movement forms drivers use on MMIO: MOV r/m<->reg (8, 16,
 *     32, 64 bits), MOV imm to r/m, MOV to/from moffs (A0-A3), MOVZX and
 *     MOVSX loads, with ModRM, SIB, displacement and RIP-relative operands.
 * Legacy prefixes (operand/address size, segment overrides, REP/REPNE),
 * REX (64-bit mode only) and the three code-segment sizes are handled.
 * Everything else -- LOCK on any of these, VEX/EVEX, register forms of
 * the MOVs where memory is required, string MOVs -- is refused with
 * -EINVAL: the caller then stops the guest with a reason rather than
 * guess.
 *
 * The decoder is pure: it reads only the bytes it is given and writes only
 * *out, so it needs no lock and is fuzzed on the host
 * (tests/fuzz/fuzz_x86_decode.c).
 */
#ifndef ASM_X86_X86_DECODE_H
#define ASM_X86_X86_DECODE_H

#include <mhv/types.h>

#define X86_INSN_MAX_LEN 15     /* architectural limit, prefixes included */

/* The default operand/address size of the code segment. */
enum x86_mode {
    X86_MODE_16,        /* real mode, virtual-8086, 16-bit protected mode */
    X86_MODE_32,        /* 32-bit protected mode and compatibility mode */
    X86_MODE_64,        /* 64-bit mode (CS.L = 1 with EFER.LMA) */
};

enum x86_insn_kind {
    X86_INSN_NONE = 0,
    /* Instructions whose only decode need is their length. */
    X86_INSN_CPUID,         /* 0F A2 */
    X86_INSN_RDMSR,         /* 0F 32 */
    X86_INSN_WRMSR,         /* 0F 30 */
    X86_INSN_RDTSC,         /* 0F 31 */
    X86_INSN_RDTSCP,        /* 0F 01 F9 */
    X86_INSN_RDPMC,         /* 0F 33 */
    X86_INSN_HLT,           /* F4 */
    X86_INSN_PAUSE,         /* F3 90 */
    X86_INSN_INVD,          /* 0F 08 */
    X86_INSN_WBINVD,        /* 0F 09 */
    X86_INSN_XSETBV,        /* 0F 01 D1 */
    X86_INSN_MONITOR,       /* 0F 01 C8 */
    X86_INSN_MWAIT,         /* 0F 01 C9 */
    X86_INSN_VMCALL,        /* 0F 01 C1 (Intel's; #UD on AMD) */
    X86_INSN_VMRUN,         /* 0F 01 D8 */
    X86_INSN_VMMCALL,       /* 0F 01 D9 */
    X86_INSN_VMLOAD,        /* 0F 01 DA */
    X86_INSN_VMSAVE,        /* 0F 01 DB */
    X86_INSN_STGI,          /* 0F 01 DC */
    X86_INSN_CLGI,          /* 0F 01 DD */
    X86_INSN_SKINIT,        /* 0F 01 DE */
    X86_INSN_INVLPGA,       /* 0F 01 DF */
    /* Port I/O: op_bytes, port_imm/port; INS/OUTS also addr_bytes, rep, seg. */
    X86_INSN_IN,            /* E4 E5 EC ED */
    X86_INSN_OUT,           /* E6 E7 EE EF */
    X86_INSN_INS,           /* 6C 6D */
    X86_INSN_OUTS,          /* 6E 6F */
    /* Memory data movement: op_bytes, reg/imm, mem. */
    X86_INSN_MOV_LOAD,      /* 8A 8B A0 A1: reg <- mem */
    X86_INSN_MOV_STORE,     /* 88 89 A2 A3: mem <- reg */
    X86_INSN_MOV_STORE_IMM, /* C6 /0, C7 /0: mem <- imm */
    X86_INSN_MOVZX,         /* 0F B6 0F B7: reg <- zero-extended mem */
    X86_INSN_MOVSX,         /* 0F BE 0F BF, 63 with REX.W: reg <- sign-extended mem */
};

/* Segment registers, in their encoding order. */
enum x86_seg { X86_SEG_ES, X86_SEG_CS, X86_SEG_SS, X86_SEG_DS, X86_SEG_FS, X86_SEG_GS };

#define X86_REG_NONE 0xff       /* no base or no index register */
#define X86_REG_RIP  0xfe       /* base of a RIP-relative operand */

/*
 * A memory operand: seg:[base + index * scale + disp] (base and index are
 * GPR numbers 0-15, X86_REG_NONE, or base X86_REG_RIP: relative to the
 * next instruction).  For moffs forms base and index are X86_REG_NONE and
 * disp is the absolute offset.  addr_bytes of the instruction truncates the
 * sum.
 */
struct x86_mem {
    u8 base;
    u8 index;
    u8 scale;           /* 1, 2, 4, 8 */
    u8 seg;             /* enum x86_seg: the override, else the default */
    s64 disp;
};

struct x86_insn {
    enum x86_insn_kind kind;
    u8 len;             /* bytes, prefixes included */
    u8 op_bytes;        /* IN/OUT/INS/OUTS and MOVs: bytes moved (1, 2, 4, 8) */
    u8 dst_bytes;       /* MOVZX/MOVSX: destination register size (2, 4, 8);
                           MOV_LOAD: op_bytes */
    u8 addr_bytes;      /* address size: 2, 4 or 8 */
    bool rep;           /* F3 or F2 prefix (meaningful for INS/OUTS) */
    /* IN/OUT */
    bool port_imm;      /* the port is the immediate below, else DX */
    u8 port;
    /* MOV forms */
    u8 reg;             /* GPR number 0-15 (REX.R applied); A0-A3: 0 */
    bool high8;         /* the register is bits 15:8 of GPR reg 0-3 (AH,
                           CH, DH, BH: a byte operand 4-7 without REX) */
    u64 imm;            /* MOV_STORE_IMM: the immediate, truncated to op_bytes */
    struct x86_mem mem; /* MOV forms and INS/OUTS (ES:rDI / seg:rSI) */
};

/*
 * Decode the instruction at @bytes (@avail bytes readable, at most
 * X86_INSN_MAX_LEN are looked at) in code-segment @mode.
 * Returns 0 with *@out filled, -EINVAL for a form this decoder does not
 * accept (unknown opcode, LOCK prefix, register operand where memory is
 * needed, longer than 15 bytes), -ERANGE when the instruction does not end
 * within @avail bytes (the caller fetched too little: the instruction
 * crosses into a page it must read too).
 */
int x86_decode(const u8 *bytes, size_t avail, enum x86_mode mode,
               struct x86_insn *out);

/* True for the kinds that move data between a register and memory. */
bool x86_insn_is_mmio(const struct x86_insn *insn);

/* True when the MOV form reads memory (MOV_LOAD, MOVZX, MOVSX). */
bool x86_insn_is_load(const struct x86_insn *insn);

/*
 * The effective address's offset (before segmentation) of insn->mem, given
 * the guest's 16 GPRs in encoding order (RAX, RCX, RDX, RBX, RSP, RBP, RSI,
 * RDI, R8-R15) and @next_rip = RIP + len.  Truncated to addr_bytes.
 */
u64 x86_insn_mem_offset(const struct x86_insn *insn, const u64 gpr[16],
                        u64 next_rip);

/*
 * For a store: the value the instruction writes (@gpr as above), the
 * immediate or the source register's low op_bytes (AH..BH when high8).
 */
u64 x86_insn_store_value(const struct x86_insn *insn, const u64 gpr[16]);

/*
 * For a load: the new value of destination register insn->reg, whose old
 * value is @old, after @val (op_bytes wide) is read.  Applies x86's rules:
 * a 32-bit destination zero-extends to 64 bits, 8- and 16-bit ones keep
 * the other bits (AH..BH: bits 15:8), MOVZX/MOVSX extend to dst_bytes.
 */
u64 x86_insn_load_result(const struct x86_insn *insn, u64 old, u64 val);

/* A short name for logs ("mov-load", "cpuid", ...). */
const char *x86_insn_kind_name(enum x86_insn_kind kind);

#endif /* ASM_X86_X86_DECODE_H */
