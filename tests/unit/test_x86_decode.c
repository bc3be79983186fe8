/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instruction decoder (arch/x86/x86_decode.c) on encodings made by the
 * host assembler (tests/unit/x86_decode_cases.S): every length is the
 * assembler's, every field what the instruction means; each accepted form
 * is also cut one byte short (-ERANGE) and followed by junk (same length);
 * the refused forms give -EINVAL.  Then the helpers that apply a decoded
 * MMIO access to the guest's registers.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/x86_decode.h>

struct asm_case {
    const u8 *code;
    const char *name;
    u32 len;
    u32 bits;
};
extern const struct asm_case x86_asm_cases[];

#define NONE X86_REG_NONE
#define RIP X86_REG_RIP

struct expect {
    const char *name;
    int rc;
    enum x86_insn_kind kind;
    u8 op, dst, addr;
    /* MOV forms */
    u8 reg;
    bool high8;
    u8 base, index, scale;
    s64 disp;
    u8 seg;
    u64 imm;
    /* I/O */
    bool port_imm;
    u8 port;
    bool rep;
    bool used;
};

#define K(n, k)             { .name = n, .kind = k }
#define IO(n, k, o, pi, p)  { .name = n, .kind = k, .op = o, .port_imm = pi, .port = p }
#define STR(n, k, o, a, b, sg, r) \
    { .name = n, .kind = k, .op = o, .addr = a, .base = b, .index = NONE, \
      .scale = 1, .seg = sg, .rep = r }
#define M(n, k, o, d, a, r, h, b, i, sc, ds, sg) \
    { .name = n, .kind = k, .op = o, .dst = d, .addr = a, .reg = r, \
      .high8 = h, .base = b, .index = i, .scale = sc, .disp = ds, .seg = sg }
#define LD(n, o, a, r, b, ds, sg) M(n, X86_INSN_MOV_LOAD, o, o, a, r, false, b, NONE, 1, ds, sg)
#define ST(n, o, a, r, b, ds, sg) M(n, X86_INSN_MOV_STORE, o, o, a, r, false, b, NONE, 1, ds, sg)
#define IMM(n, o, a, b, ds, im) \
    { .name = n, .kind = X86_INSN_MOV_STORE_IMM, .op = o, .addr = a, \
      .base = b, .index = NONE, .scale = 1, .disp = ds, .seg = X86_SEG_DS, .imm = im }
#define BAD(n)              { .name = n, .rc = -EINVAL }

enum { ES = X86_SEG_ES, SS = X86_SEG_SS, DS = X86_SEG_DS, FS = X86_SEG_FS, GS = X86_SEG_GS };

static struct expect expects[] = {
    K("cpuid", X86_INSN_CPUID), K("rdmsr", X86_INSN_RDMSR),
    K("wrmsr", X86_INSN_WRMSR), K("rdtsc", X86_INSN_RDTSC),
    K("rdtscp", X86_INSN_RDTSCP), K("rdpmc", X86_INSN_RDPMC),
    K("hlt", X86_INSN_HLT),
    { .name = "pause", .kind = X86_INSN_PAUSE, .rep = true },
    K("invd", X86_INSN_INVD), K("wbinvd", X86_INSN_WBINVD),
    K("xsetbv", X86_INSN_XSETBV), K("monitor", X86_INSN_MONITOR),
    K("mwait", X86_INSN_MWAIT), K("vmcall", X86_INSN_VMCALL),
    K("vmrun", X86_INSN_VMRUN), K("vmmcall", X86_INSN_VMMCALL),
    K("vmload", X86_INSN_VMLOAD), K("vmsave", X86_INSN_VMSAVE),
    K("stgi", X86_INSN_STGI), K("clgi", X86_INSN_CLGI),
    K("skinit", X86_INSN_SKINIT), K("invlpga", X86_INSN_INVLPGA),
    K("cpuid_66", X86_INSN_CPUID), K("vmmcall_rex", X86_INSN_VMMCALL),
    K("wrmsr_prefixes", X86_INSN_WRMSR), K("cpuid32", X86_INSN_CPUID),
    K("hlt16", X86_INSN_HLT), K("vmmcall16", X86_INSN_VMMCALL),
    K("rdmsr16_66", X86_INSN_RDMSR),

    IO("in_imm_al", X86_INSN_IN, 1, true, 0x80),
    IO("in_imm_ax", X86_INSN_IN, 2, true, 0x71),
    IO("in_imm_eax", X86_INSN_IN, 4, true, 0x42),
    IO("out_imm_al", X86_INSN_OUT, 1, true, 0x61),
    IO("in_dx_al", X86_INSN_IN, 1, false, 0),
    IO("in_dx_ax", X86_INSN_IN, 2, false, 0),
    IO("out_dx_eax", X86_INSN_OUT, 4, false, 0),
    IO("out_dx_rex", X86_INSN_OUT, 4, false, 0),
    IO("in32_dx_ax", X86_INSN_IN, 2, false, 0),
    IO("out32_imm_eax", X86_INSN_OUT, 4, true, 0xf4),
    IO("in16_dx_ax", X86_INSN_IN, 2, false, 0),
    IO("in16_dx_eax", X86_INSN_IN, 4, false, 0),
    IO("in16_imm_al", X86_INSN_IN, 1, true, 0x71),
    STR("insb", X86_INSN_INS, 1, 8, 7, ES, false),
    STR("insw", X86_INSN_INS, 2, 8, 7, ES, false),
    STR("outsl", X86_INSN_OUTS, 4, 8, 6, DS, false),
    STR("rep_outsb", X86_INSN_OUTS, 1, 8, 6, DS, true),
    STR("rep_insl_a32", X86_INSN_INS, 4, 4, 7, ES, true),
    STR("outsb_fs", X86_INSN_OUTS, 1, 8, 6, FS, false),
    STR("rep_insw16", X86_INSN_INS, 2, 2, 7, ES, true),

    LD("ld_rdi", 4, 8, 0, 7, 0, DS),
    ST("st_rdi", 4, 8, 0, 7, 0, DS),
    LD("ld_disp8", 4, 8, 1, 7, 0x10, DS),
    LD("ld_disp32", 4, 8, 2, 7, 0x12345, DS),
    LD("ld_negdisp", 4, 8, 0, 3, -0x20, DS),
    M("ld_sib", X86_INSN_MOV_LOAD, 4, 4, 8, 6, false, 0, 3, 4, 0, DS),
    LD("ld_rsp_r8d", 4, 8, 8, 4, 8, SS),
    LD("ld_r12", 4, 8, 0, 12, 0, DS),
    LD("ld_r13", 4, 8, 0, 13, 0, DS),
    LD("ld_rbp", 4, 8, 0, 5, 0, SS),
    M("ld_nobase", X86_INSN_MOV_LOAD, 4, 4, 8, 0, false, NONE, 1, 8, 0x100, DS),
    LD("ld_rip", 4, 8, 0, RIP, 0x1000, DS),
    IMM("st_rip_imm", 4, 8, RIP, 0x40, 0xdeadbeef),
    ST("st_q", 8, 8, 0, 7, 0, DS),
    LD("ld_q_r15", 8, 8, 15, 7, 0, DS),
    M("st_q_rex_all", X86_INSN_MOV_STORE, 8, 8, 8, 9, false, 10, 11, 2, 8, DS),
    ST("st_b", 1, 8, 0, 7, 0, DS),
    M("ld_b_ah", X86_INSN_MOV_LOAD, 1, 1, 8, 0, true, 7, NONE, 1, 0, DS),
    M("st_b_bh", X86_INSN_MOV_STORE, 1, 1, 8, 3, true, 6, NONE, 1, 3, DS),
    LD("ld_b_sil", 1, 8, 6, 7, 0, DS),
    ST("st_w", 2, 8, 0, 7, 0, DS),
    LD("ld_w_r9w", 2, 8, 9, 7, 0, DS),
    IMM("st_imm32", 4, 8, 7, 0, 0x12345678),
    IMM("st_imm64neg", 8, 8, 7, 8, 0xffffffffffffffffull),
    IMM("st_imm8", 1, 8, 7, 0, 0x5a),
    IMM("st_imm16", 2, 8, 7, 2, 0x1234),
    M("movzbl", X86_INSN_MOVZX, 1, 4, 8, 0, false, 7, NONE, 1, 0, DS),
    M("movzwl", X86_INSN_MOVZX, 2, 4, 8, 1, false, 7, NONE, 1, 4, DS),
    M("movzbq", X86_INSN_MOVZX, 1, 8, 8, 10, false, 7, NONE, 1, 0, DS),
    M("movzbw", X86_INSN_MOVZX, 1, 2, 8, 0, false, 7, NONE, 1, 0, DS),
    M("movsbl", X86_INSN_MOVSX, 1, 4, 8, 0, false, 7, NONE, 1, 0, DS),
    M("movswq", X86_INSN_MOVSX, 2, 8, 8, 0, false, 7, NONE, 1, 0, DS),
    M("movslq", X86_INSN_MOVSX, 4, 8, 8, 2, false, 7, NONE, 1, 0, DS),
    LD("movsxd32", 4, 8, 0, 7, 0, DS),
    LD("moffs_ld", 4, 8, 0, NONE, 0xfec00010, DS),
    ST("moffs_st_q", 8, 8, 0, NONE, 0xfee00300, DS),
    LD("moffs_ld_b", 1, 8, 0, NONE, 0xfec00000, DS),
    LD("ld_gs", 4, 8, 0, 0, 0x10, GS),
    LD("ld_a32", 4, 4, 0, 7, 0, DS),
    LD("ld_a32_rip", 4, 4, 0, RIP, 0x10, DS),
    { .name = "st_rep_ignored", .kind = X86_INSN_MOV_STORE, .op = 4, .dst = 4,
      .addr = 8, .base = 7, .index = NONE, .scale = 1, .seg = DS, .rep = true },

    LD("ld32_edi", 4, 4, 0, 7, 0, DS),
    LD("ld32_abs", 4, 4, 3, NONE, (s32)0xfec00010, DS),
    LD("ld32_moffs", 4, 4, 0, NONE, 0xfec00010, DS),
    ST("st32_w", 2, 4, 0, 3, 0, DS),
    M("st32_sib", X86_INSN_MOV_STORE, 4, 4, 4, 0, false, 3, 6, 2, 4, DS),
    M("ld32_a16", X86_INSN_MOV_LOAD, 4, 4, 2, 0, false, 3, 6, 1, 0, DS),
    M("ld16_bxsi", X86_INSN_MOV_LOAD, 2, 2, 2, 0, false, 3, 6, 1, 0, DS),
    LD("ld16_moffs", 2, 2, 0, NONE, 0x1234, DS),
    ST("st16_bp", 4, 2, 0, 5, 8, SS),
    IMM("st16_imm32", 4, 2, 7, 0, 1),
    LD("ld16_abs", 2, 2, 3, NONE, 0x1234, DS),
    LD("ld16_a32", 2, 4, 0, 0, 0, DS),

    BAD("bad_lock_mov"), BAD("bad_reg_form"), BAD("bad_movsb"),
    BAD("bad_nop"), BAD("bad_vex"), BAD("bad_arpl"), BAD("bad_dec32"),
    BAD("bad_c7_reg1"), BAD("bad_add_mem"), BAD("bad_xchg_mem"),
    BAD("bad_movzx_reg"), BAD("bad_0f01_other"), BAD("bad_too_long"),
};

static enum x86_mode mode_of(u32 bits)
{
    return bits == 16 ? X86_MODE_16 : bits == 32 ? X86_MODE_32 : X86_MODE_64;
}

static struct expect *find(const char *name)
{
    for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
        if (!strcmp(expects[i].name, name))
            return &expects[i];
    return NULL;
}

static void check_case(const struct asm_case *c, struct expect *e)
{
    struct x86_insn insn, again;
    u8 buf[32];
    int rc;

    e->used = true;
    rc = x86_decode(c->code, c->len, mode_of(c->bits), &insn);
    if (rc != e->rc)
        fail_msg("%s: rc %d, expected %d", c->name, rc, e->rc);
    if (e->rc)
        return;
    if (insn.len != c->len || insn.kind != e->kind)
        fail_msg("%s: len %u kind %s, expected %u %s", c->name, insn.len,
                 x86_insn_kind_name(insn.kind), c->len, x86_insn_kind_name(e->kind));
    if (insn.rep != e->rep)
        fail_msg("%s: rep %d", c->name, insn.rep);
    switch (e->kind) {
    case X86_INSN_IN: case X86_INSN_OUT:
        assert_int_equal(insn.op_bytes, e->op);
        assert_int_equal(insn.port_imm, e->port_imm);
        assert_int_equal(insn.port, e->port);
        break;
    case X86_INSN_INS: case X86_INSN_OUTS:
        assert_int_equal(insn.op_bytes, e->op);
        assert_int_equal(insn.addr_bytes, e->addr);
        assert_int_equal(insn.mem.base, e->base);
        assert_int_equal(insn.mem.seg, e->seg);
        break;
    default:
        if (!x86_insn_is_mmio(&insn))
            break;
        if (insn.op_bytes != e->op || insn.addr_bytes != e->addr ||
            insn.reg != e->reg || insn.high8 != e->high8 ||
            insn.mem.base != e->base || insn.mem.index != e->index ||
            insn.mem.scale != e->scale || insn.mem.disp != e->disp ||
            insn.mem.seg != e->seg || insn.imm != e->imm)
            fail_msg("%s: op %u addr %u reg %u h %d base %u idx %u sc %u "
                     "disp %lld seg %u imm %llx", c->name, insn.op_bytes,
                     insn.addr_bytes, insn.reg, insn.high8, insn.mem.base,
                     insn.mem.index, insn.mem.scale, (long long)insn.mem.disp,
                     insn.mem.seg, (unsigned long long)insn.imm);
        if (e->kind != X86_INSN_MOV_STORE_IMM)
            assert_int_equal(insn.dst_bytes, e->dst);
    }

    /* One byte short: the caller must fetch more. */
    assert_int_equal(x86_decode(c->code, c->len - 1, mode_of(c->bits), &again),
                     -ERANGE);
    /* Junk after the instruction changes nothing. */
    memset(buf, 0xcc, sizeof(buf));
    memcpy(buf, c->code, c->len);
    assert_int_equal(x86_decode(buf, sizeof(buf), mode_of(c->bits), &again), 0);
    assert_memory_equal(&insn, &again, sizeof(insn));
}

static void test_assembled_cases(void **state)
{
    const struct asm_case *c;
    unsigned int n = 0;

    for (c = x86_asm_cases; c->code; c++, n++) {
        struct expect *e = find(c->name);

        if (!e)
            fail_msg("no expectation for %s", c->name);
        check_case(c, e);
    }
    for (size_t i = 0; i < sizeof(expects) / sizeof(expects[0]); i++)
        if (!expects[i].used)
            fail_msg("expectation %s has no assembled case", expects[i].name);
    assert_true(n > 100);
}

static void test_truncation_and_limits(void **state)
{
    static const u8 cpuid[] = { 0x0f, 0xa2 };
    static const u8 prefixes14[15] = { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xf4 };
    struct x86_insn insn;

    assert_int_equal(x86_decode(cpuid, 0, X86_MODE_64, &insn), -ERANGE);
    assert_int_equal(x86_decode(cpuid, 1, X86_MODE_64, &insn), -ERANGE);
    assert_int_equal(insn.kind, X86_INSN_NONE);
    /* 13 prefixes and HLT: 14 bytes, legal. */
    assert_int_equal(x86_decode(prefixes14, 14, X86_MODE_64, &insn), 0);
    assert_int_equal(insn.len, 14);
    /* A REX followed by a legacy prefix is dropped: 48 66 ED is "in ax,dx". */
    {
        static const u8 b[] = { 0x48, 0x66, 0xed };

        assert_int_equal(x86_decode(b, 3, X86_MODE_64, &insn), 0);
        assert_int_equal(insn.op_bytes, 2);
    }
    /* REX.W before 89 (not REX.R): a 64-bit store of RAX. */
    {
        static const u8 b[] = { 0x66, 0x48, 0x89, 0x07 };

        assert_int_equal(x86_decode(b, 4, X86_MODE_64, &insn), 0);
        assert_int_equal(insn.op_bytes, 8);
    }
    assert_int_equal(x86_decode(cpuid, 2, (enum x86_mode)7, &insn), -EINVAL);
}

static const u64 gpr[16] = {
    0x1111111111111111ull, 0x2222222222222222ull, 0x3333333333333333ull,
    0x00000000aabbccddull, 0x8000, 0x9000, 0x10, 0xfec00000ull,
    8, 9, 10, 11, 12, 13, 14, 0xffffffffffffff80ull,
};

static const struct asm_case *case_named(const char *name)
{
    for (const struct asm_case *c = x86_asm_cases; c->code; c++)
        if (!strcmp(c->name, name))
            return c;
    fail_msg("no case %s", name);
    return NULL;
}

static struct x86_insn decode_named(const char *name)
{
    const struct asm_case *c = case_named(name);
    struct x86_insn insn;

    assert_int_equal(x86_decode(c->code, c->len, mode_of(c->bits), &insn), 0);
    return insn;
}

static void test_effective_address(void **state)
{
    struct x86_insn i;

    i = decode_named("ld_rdi");
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 0xfec00000ull);
    i = decode_named("ld_sib");        /* (%rax,%rbx,4) */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0),
                     0x1111111111111111ull + 4 * 0xaabbccddull);
    i = decode_named("ld_rip");        /* 0x1000(%rip) */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0x400000), 0x401000);
    i = decode_named("ld_negdisp");    /* -0x20(%rbx) */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 0xaabbccddull - 0x20);
    i = decode_named("ld_a32");        /* (%edi): truncated to 32 bits */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 0xfec00000ull);
    i = decode_named("ld32_abs");      /* disp32 sign-extended, then 32 bits */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 0xfec00010ull);
    i = decode_named("ld16_bxsi");     /* (%bx,%si) wraps at 64 KiB */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), (0xccdd + 0x10) & 0xffff);
    i = decode_named("st_q_rex_all");  /* 8(%r10,%r11,2) */
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 10 + 11 * 2 + 8);
    i = decode_named("moffs_ld");
    assert_int_equal(x86_insn_mem_offset(&i, gpr, 0), 0xfec00010ull);
}

static void test_store_values(void **state)
{
    struct x86_insn i;

    i = decode_named("st_rdi");        /* %eax */
    assert_int_equal(x86_insn_store_value(&i, gpr), 0x11111111);
    i = decode_named("st_q_rex_all");  /* %r9 */
    assert_int_equal(x86_insn_store_value(&i, gpr), 9);
    i = decode_named("st_b_bh");       /* %bh */
    assert_int_equal(x86_insn_store_value(&i, gpr), 0xcc);
    i = decode_named("st_w");
    assert_int_equal(x86_insn_store_value(&i, gpr), 0x1111);
    i = decode_named("st_imm64neg");
    assert_int_equal(x86_insn_store_value(&i, gpr), 0xffffffffffffffffull);
    i = decode_named("st_imm16");
    assert_int_equal(x86_insn_store_value(&i, gpr), 0x1234);
}

static void test_load_results(void **state)
{
    const u64 old = 0x0123456789abcdefull;
    struct x86_insn i;

    i = decode_named("ld_rdi");        /* 32-bit: zero-extends */
    assert_int_equal(x86_insn_load_result(&i, old, 0xfffffffff0000001ull), 0xf0000001ull);
    i = decode_named("ld_q_r15");
    assert_int_equal(x86_insn_load_result(&i, old, 0x8877665544332211ull),
                     0x8877665544332211ull);
    i = decode_named("ld_w_r9w");      /* 16-bit: keeps the rest */
    assert_int_equal(x86_insn_load_result(&i, old, 0xbeef), 0x0123456789abbeefull);
    i = decode_named("ld_b_ah");       /* AH: bits 15:8 */
    assert_int_equal(x86_insn_load_result(&i, old, 0x5a), 0x0123456789ab5aefull);
    i = decode_named("ld_b_sil");      /* SIL: bits 7:0 */
    assert_int_equal(x86_insn_load_result(&i, old, 0x5a), 0x0123456789abcd5aull);
    i = decode_named("movzbl");
    assert_int_equal(x86_insn_load_result(&i, old, 0x80), 0x80);
    i = decode_named("movzbw");        /* 16-bit destination keeps 63:16 */
    assert_int_equal(x86_insn_load_result(&i, old, 0x80), 0x0123456789ab0080ull);
    i = decode_named("movsbl");        /* sign-extends to 32, zero above */
    assert_int_equal(x86_insn_load_result(&i, old, 0x80), 0xffffff80ull);
    i = decode_named("movswq");
    assert_int_equal(x86_insn_load_result(&i, old, 0x8000), 0xffffffffffff8000ull);
    i = decode_named("movslq");
    assert_int_equal(x86_insn_load_result(&i, old, 0x80000000), 0xffffffff80000000ull);
    i = decode_named("movsxd32");      /* 63 without REX.W: a 32-bit move */
    assert_int_equal(x86_insn_load_result(&i, old, 0x80000000), 0x80000000ull);
    assert_true(x86_insn_is_load(&i));
    i = decode_named("st_imm8");
    assert_false(x86_insn_is_load(&i));
    assert_true(x86_insn_is_mmio(&i));
    i = decode_named("cpuid");
    assert_false(x86_insn_is_mmio(&i));
    assert_string_equal(x86_insn_kind_name(i.kind), "cpuid");
    assert_string_equal(x86_insn_kind_name((enum x86_insn_kind)999), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assembled_cases),
        cmocka_unit_test(test_truncation_and_limits),
        cmocka_unit_test(test_effective_address),
        cmocka_unit_test(test_store_values),
        cmocka_unit_test(test_load_results),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
