/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The x86 instruction decoder for intercepted instructions and MMIO
 * accesses (see <asm/x86_decode.h> for what it accepts and why).
 *
 * Decoding runs in three steps: legacy prefixes and REX, the opcode (one
 * byte or 0F + one byte, 0F 01 + one byte for the group-7 instructions),
 * then the ModRM/SIB/displacement/immediate tail of the forms that have
 * one.  Every byte is fetched through fetch(), which refuses to read past
 * @avail (-ERANGE) or past the 15-byte limit (-EINVAL).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/x86_decode.h>

struct dstate {
    const u8 *bytes;
    size_t avail;
    unsigned int pos;
    enum x86_mode mode;
    u8 rex;             /* 0 when absent */
    bool opsize, addrsize, lock, rep, seg_override;
    u8 seg;
};

#define REX_W 0x8
#define REX_R 0x4
#define REX_X 0x2
#define REX_B 0x1

static int fetch(struct dstate *s, u8 *b)
{
    if (s->pos >= X86_INSN_MAX_LEN)
        return -EINVAL;
    if (s->pos >= s->avail)
        return -ERANGE;
    *b = s->bytes[s->pos++];
    return 0;
}

/* Fetch an @n-byte little-endian value (n = 1, 2, 4 or 8). */
static int fetch_le(struct dstate *s, unsigned int n, u64 *v)
{
    u64 val = 0;
    unsigned int i;
    int rc;

    for (i = 0; i < n; i++) {
        u8 b;

        rc = fetch(s, &b);
        if (rc)
            return rc;
        val |= (u64)b << (8 * i);
    }
    *v = val;
    return 0;
}

static s64 sign_extend(u64 v, unsigned int bytes)
{
    unsigned int shift = 64 - 8 * bytes;

    return (s64)(v << shift) >> shift;
}

static u64 size_mask(unsigned int bytes)
{
    return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* Operand size of a non-byte form: REX.W, then 66, then the mode. */
static u8 op_size(const struct dstate *s)
{
    if (s->mode == X86_MODE_64 && (s->rex & REX_W))
        return 8;
    if (s->mode == X86_MODE_16)
        return s->opsize ? 4 : 2;
    return s->opsize ? 2 : 4;
}

static u8 addr_size(const struct dstate *s)
{
    switch (s->mode) {
    case X86_MODE_16:
        return s->addrsize ? 4 : 2;
    case X86_MODE_32:
        return s->addrsize ? 2 : 4;
    default:
        return s->addrsize ? 4 : 8;
    }
}

/* The default segment of a memory operand, unless overridden. */
static void set_seg(const struct dstate *s, struct x86_mem *m, u8 dflt)
{
    m->seg = s->seg_override ? s->seg : dflt;
}

/* 16-bit ModRM addressing: base and index of each r/m value. */
static const u8 modrm16_base[8]  = { 3, 3, 5, 5, 6, 7, 5, 3 };
static const u8 modrm16_index[8] = { 6, 7, 6, 7, X86_REG_NONE, X86_REG_NONE,
                                     X86_REG_NONE, X86_REG_NONE };

/*
 * Decode a ModRM byte that must name memory, with its SIB and displacement,
 * into out->mem; out->reg gets the reg field (REX.R applied).  *@reg_field
 * gets the raw 3-bit reg field (group opcodes).
 */
static int decode_modrm_mem(struct dstate *s, struct x86_insn *out,
                            u8 *reg_field)
{
    struct x86_mem *m = &out->mem;
    u8 modrm, mod, rm;
    u64 disp = 0;
    unsigned int disp_bytes = 0;
    int rc;

    rc = fetch(s, &modrm);
    if (rc)
        return rc;
    mod = modrm >> 6;
    rm = modrm & 7;
    *reg_field = (modrm >> 3) & 7;
    out->reg = *reg_field | ((s->rex & REX_R) ? 8 : 0);
    if (mod == 3)
        return -EINVAL;         /* a register operand: no memory access */

    m->base = X86_REG_NONE;
    m->index = X86_REG_NONE;
    m->scale = 1;

    if (out->addr_bytes == 2) {
        if (mod == 0 && rm == 6) {
            disp_bytes = 2;
        } else {
            m->base = modrm16_base[rm];
            m->index = modrm16_index[rm];
            disp_bytes = mod == 1 ? 1 : mod == 2 ? 2 : 0;
        }
        set_seg(s, m, m->base == 5 ? X86_SEG_SS : X86_SEG_DS);
    } else {
        if (rm == 4) {
            u8 sib, base, index;

            rc = fetch(s, &sib);
            if (rc)
                return rc;
            m->scale = 1u << (sib >> 6);
            index = ((sib >> 3) & 7) | ((s->rex & REX_X) ? 8 : 0);
            m->index = index == 4 ? X86_REG_NONE : index;
            base = sib & 7;
            if (base == 5 && mod == 0)
                disp_bytes = 4;
            else
                m->base = base | ((s->rex & REX_B) ? 8 : 0);
        } else if (rm == 5 && mod == 0) {
            disp_bytes = 4;
            if (s->mode == X86_MODE_64)
                m->base = X86_REG_RIP;
        } else {
            m->base = rm | ((s->rex & REX_B) ? 8 : 0);
        }
        if (mod == 1)
            disp_bytes = 1;
        else if (mod == 2)
            disp_bytes = 4;
        set_seg(s, m, (m->base == 4 || m->base == 5) ? X86_SEG_SS : X86_SEG_DS);
    }

    if (disp_bytes) {
        rc = fetch_le(s, disp_bytes, &disp);
        if (rc)
            return rc;
        m->disp = sign_extend(disp, disp_bytes);
    }
    return 0;
}

/* The 0F 01 group: the register forms this decoder knows. */
static int decode_0f01(struct dstate *s, struct x86_insn *out)
{
    u8 b;
    int rc = fetch(s, &b);

    if (rc)
        return rc;
    switch (b) {
    case 0xc1: out->kind = X86_INSN_VMCALL; break;
    case 0xc8: out->kind = X86_INSN_MONITOR; break;
    case 0xc9: out->kind = X86_INSN_MWAIT; break;
    case 0xd1: out->kind = X86_INSN_XSETBV; break;
    case 0xd8: out->kind = X86_INSN_VMRUN; break;
    case 0xd9: out->kind = X86_INSN_VMMCALL; break;
    case 0xda: out->kind = X86_INSN_VMLOAD; break;
    case 0xdb: out->kind = X86_INSN_VMSAVE; break;
    case 0xdc: out->kind = X86_INSN_STGI; break;
    case 0xdd: out->kind = X86_INSN_CLGI; break;
    case 0xde: out->kind = X86_INSN_SKINIT; break;
    case 0xdf: out->kind = X86_INSN_INVLPGA; break;
    case 0xf9: out->kind = X86_INSN_RDTSCP; break;
    default:
        return -EINVAL;
    }
    return 0;
}

static int decode_0f(struct dstate *s, struct x86_insn *out)
{
    u8 op, reg_field;
    int rc = fetch(s, &op);

    if (rc)
        return rc;
    switch (op) {
    case 0x01: return decode_0f01(s, out);
    case 0x08: out->kind = X86_INSN_INVD; return 0;
    case 0x09: out->kind = X86_INSN_WBINVD; return 0;
    case 0x30: out->kind = X86_INSN_WRMSR; return 0;
    case 0x31: out->kind = X86_INSN_RDTSC; return 0;
    case 0x32: out->kind = X86_INSN_RDMSR; return 0;
    case 0x33: out->kind = X86_INSN_RDPMC; return 0;
    case 0xa2: out->kind = X86_INSN_CPUID; return 0;
    case 0xb6: case 0xb7: case 0xbe: case 0xbf:
        out->kind = (op & 8) ? X86_INSN_MOVSX : X86_INSN_MOVZX;
        out->op_bytes = (op & 1) ? 2 : 1;
        out->dst_bytes = op_size(s);
        return decode_modrm_mem(s, out, &reg_field);
    default:
        return -EINVAL;
    }
}

/* IN/OUT/INS/OUTS: byte form for even opcodes, else 2 or 4 (no REX.W). */
static u8 io_size(const struct dstate *s, u8 op)
{
    if (!(op & 1))
        return 1;
    if (s->mode == X86_MODE_16)
        return s->opsize ? 4 : 2;
    return s->opsize ? 2 : 4;
}

static int decode_opcode(struct dstate *s, struct x86_insn *out, u8 op)
{
    u8 reg_field;
    u64 v;
    int rc;

    switch (op) {
    case 0x0f:
        return decode_0f(s, out);
    case 0xf4:
        out->kind = X86_INSN_HLT;
        return 0;
    case 0x90:
        if (!s->rep || (s->rex & REX_B))
            return -EINVAL;     /* NOP or XCHG r8, rAX: not intercepted */
        out->kind = X86_INSN_PAUSE;
        return 0;
    case 0xe4: case 0xe5: case 0xe6: case 0xe7:
        out->kind = (op & 2) ? X86_INSN_OUT : X86_INSN_IN;
        out->op_bytes = io_size(s, op);
        out->port_imm = true;
        return fetch(s, &out->port);
    case 0xec: case 0xed: case 0xee: case 0xef:
        out->kind = (op & 2) ? X86_INSN_OUT : X86_INSN_IN;
        out->op_bytes = io_size(s, op);
        return 0;
    case 0x6c: case 0x6d:
        out->kind = X86_INSN_INS;
        out->op_bytes = io_size(s, op);
        out->mem = (struct x86_mem){ .base = 7, .index = X86_REG_NONE,
                                     .scale = 1, .seg = X86_SEG_ES };
        return 0;
    case 0x6e: case 0x6f:
        out->kind = X86_INSN_OUTS;
        out->op_bytes = io_size(s, op);
        out->mem = (struct x86_mem){ .base = 6, .index = X86_REG_NONE,
                                     .scale = 1 };
        set_seg(s, &out->mem, X86_SEG_DS);
        return 0;
    case 0x88: case 0x89: case 0x8a: case 0x8b:
        out->kind = (op & 2) ? X86_INSN_MOV_LOAD : X86_INSN_MOV_STORE;
        out->op_bytes = (op & 1) ? op_size(s) : 1;
        return decode_modrm_mem(s, out, &reg_field);
    case 0x63:
        /* MOVSXD; outside 64-bit mode this is ARPL. */
        if (s->mode != X86_MODE_64)
            return -EINVAL;
        out->kind = (s->rex & REX_W) ? X86_INSN_MOVSX : X86_INSN_MOV_LOAD;
        out->op_bytes = (s->rex & REX_W) ? 4 : op_size(s);
        out->dst_bytes = op_size(s);
        return decode_modrm_mem(s, out, &reg_field);
    case 0xc6: case 0xc7:
        out->kind = X86_INSN_MOV_STORE_IMM;
        out->op_bytes = (op & 1) ? op_size(s) : 1;
        rc = decode_modrm_mem(s, out, &reg_field);
        if (rc)
            return rc;
        if (reg_field != 0)
            return -EINVAL;
        out->reg = 0;
        rc = fetch_le(s, out->op_bytes > 4 ? 4 : out->op_bytes, &v);
        if (rc)
            return rc;
        /* A 64-bit store takes a sign-extended 32-bit immediate. */
        out->imm = out->op_bytes == 8 ? (u64)sign_extend(v, 4) : v;
        return 0;
    case 0xa0: case 0xa1: case 0xa2: case 0xa3:
        out->kind = (op & 2) ? X86_INSN_MOV_STORE : X86_INSN_MOV_LOAD;
        out->op_bytes = (op & 1) ? op_size(s) : 1;
        out->reg = 0;
        out->mem = (struct x86_mem){ .base = X86_REG_NONE,
                                     .index = X86_REG_NONE, .scale = 1 };
        set_seg(s, &out->mem, X86_SEG_DS);
        rc = fetch_le(s, out->addr_bytes, &v);
        if (rc)
            return rc;
        out->mem.disp = (s64)v;
        return 0;
    default:
        return -EINVAL;
    }
}

int x86_decode(const u8 *bytes, size_t avail, enum x86_mode mode,
               struct x86_insn *out)
{
    struct dstate s = { .bytes = bytes, .avail = avail, .mode = mode };
    u8 b;
    int rc;

    memset(out, 0, sizeof(*out));
    if (mode != X86_MODE_16 && mode != X86_MODE_32 && mode != X86_MODE_64)
        return -EINVAL;

    for (;;) {
        rc = fetch(&s, &b);
        if (rc)
            return rc;
        switch (b) {
        case 0x66: s.opsize = true; s.rex = 0; continue;
        case 0x67: s.addrsize = true; s.rex = 0; continue;
        case 0xf0: s.lock = true; s.rex = 0; continue;
        case 0xf2: case 0xf3: s.rep = true; s.rex = 0; continue;
        case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
            s.seg_override = true;
            s.seg = b == 0x26 ? X86_SEG_ES : b == 0x2e ? X86_SEG_CS :
                    b == 0x36 ? X86_SEG_SS : b == 0x3e ? X86_SEG_DS :
                    b == 0x64 ? X86_SEG_FS : X86_SEG_GS;
            s.rex = 0;  /* a REX not right before the opcode is ignored */
            continue;
        }
        if (mode == X86_MODE_64 && (b & 0xf0) == 0x40) {
            s.rex = b;
            continue;
        }
        break;
    }

    /* LOCK makes every form known here #UD: refuse, do not emulate. */
    if (s.lock)
        return -EINVAL;

    out->addr_bytes = addr_size(&s);
    out->rep = s.rep;
    rc = decode_opcode(&s, out, b);
    if (rc) {
        out->kind = X86_INSN_NONE;
        return rc;
    }
    if (out->kind == X86_INSN_MOV_LOAD || out->kind == X86_INSN_MOV_STORE) {
        out->dst_bytes = out->op_bytes;
        /* Byte registers 4-7 without REX are AH, CH, DH, BH. */
        if (out->op_bytes == 1 && !s.rex && out->reg >= 4 && out->reg < 8) {
            out->reg -= 4;
            out->high8 = true;
        }
    }
    out->len = (u8)s.pos;
    return 0;
}

bool x86_insn_is_mmio(const struct x86_insn *insn)
{
    switch (insn->kind) {
    case X86_INSN_MOV_LOAD:
    case X86_INSN_MOV_STORE:
    case X86_INSN_MOV_STORE_IMM:
    case X86_INSN_MOVZX:
    case X86_INSN_MOVSX:
        return true;
    default:
        return false;
    }
}

bool x86_insn_is_load(const struct x86_insn *insn)
{
    return insn->kind == X86_INSN_MOV_LOAD || insn->kind == X86_INSN_MOVZX ||
           insn->kind == X86_INSN_MOVSX;
}

u64 x86_insn_mem_offset(const struct x86_insn *insn, const u64 gpr[16],
                        u64 next_rip)
{
    const struct x86_mem *m = &insn->mem;
    u64 ea = (u64)m->disp;

    if (m->base == X86_REG_RIP)
        ea += next_rip;
    else if (m->base < 16)
        ea += gpr[m->base];
    if (m->index < 16)
        ea += gpr[m->index] * m->scale;
    return ea & size_mask(insn->addr_bytes);
}

u64 x86_insn_store_value(const struct x86_insn *insn, const u64 gpr[16])
{
    u64 v;

    if (insn->kind == X86_INSN_MOV_STORE_IMM)
        return insn->imm & size_mask(insn->op_bytes);
    v = gpr[insn->reg & 15];
    if (insn->high8)
        v >>= 8;
    return v & size_mask(insn->op_bytes);
}

/* Write @val into a register of @bytes, x86 style. */
static u64 merge_reg(u64 old, u64 val, unsigned int bytes)
{
    if (bytes >= 4)
        return bytes == 4 ? (val & 0xffffffffull) : val;
    return (old & ~size_mask(bytes)) | (val & size_mask(bytes));
}

u64 x86_insn_load_result(const struct x86_insn *insn, u64 old, u64 val)
{
    val &= size_mask(insn->op_bytes);
    switch (insn->kind) {
    case X86_INSN_MOVSX:
        return merge_reg(old, (u64)sign_extend(val, insn->op_bytes),
                         insn->dst_bytes);
    case X86_INSN_MOVZX:
        return merge_reg(old, val, insn->dst_bytes);
    default:
        if (insn->high8)
            return (old & ~0xff00ull) | (val << 8);
        return merge_reg(old, val, insn->op_bytes);
    }
}

const char *x86_insn_kind_name(enum x86_insn_kind kind)
{
    static const char *const names[] = {
        [X86_INSN_NONE] = "none",
        [X86_INSN_CPUID] = "cpuid", [X86_INSN_RDMSR] = "rdmsr",
        [X86_INSN_WRMSR] = "wrmsr", [X86_INSN_RDTSC] = "rdtsc",
        [X86_INSN_RDTSCP] = "rdtscp", [X86_INSN_RDPMC] = "rdpmc",
        [X86_INSN_HLT] = "hlt", [X86_INSN_PAUSE] = "pause",
        [X86_INSN_INVD] = "invd", [X86_INSN_WBINVD] = "wbinvd",
        [X86_INSN_XSETBV] = "xsetbv", [X86_INSN_MONITOR] = "monitor",
        [X86_INSN_MWAIT] = "mwait", [X86_INSN_VMCALL] = "vmcall",
        [X86_INSN_VMRUN] = "vmrun", [X86_INSN_VMMCALL] = "vmmcall",
        [X86_INSN_VMLOAD] = "vmload", [X86_INSN_VMSAVE] = "vmsave",
        [X86_INSN_STGI] = "stgi", [X86_INSN_CLGI] = "clgi",
        [X86_INSN_SKINIT] = "skinit", [X86_INSN_INVLPGA] = "invlpga",
        [X86_INSN_IN] = "in", [X86_INSN_OUT] = "out",
        [X86_INSN_INS] = "ins", [X86_INSN_OUTS] = "outs",
        [X86_INSN_MOV_LOAD] = "mov-load", [X86_INSN_MOV_STORE] = "mov-store",
        [X86_INSN_MOV_STORE_IMM] = "mov-store-imm",
        [X86_INSN_MOVZX] = "movzx", [X86_INSN_MOVSX] = "movsx",
    };

    if ((unsigned int)kind < sizeof(names) / sizeof(names[0]) && names[kind])
        return names[kind];
    return "?";
}
