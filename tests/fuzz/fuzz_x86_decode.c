/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the instruction decoder (arch/x86/x86_decode.c), which reads
 * bytes a guest controls.
 *
 * Input: u8 mode (taken modulo 3: 16-, 32-, 64-bit code), then the
 * instruction bytes.
 *
 * Properties, beyond "no crash, no sanitizer report":
 *  - the result is 0, -EINVAL or -ERANGE;
 *  - an accepted instruction is 1..15 bytes and within what was given, its
 *    sizes are ones x86 has, its registers exist; decoding exactly its
 *    bytes gives the same result, one byte fewer gives -ERANGE;
 *  - -ERANGE only when fewer than 15 bytes were given, and never once the
 *    same bytes are followed by enough others;
 *  - the helpers compute on any accepted MMIO form.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/x86_decode.h>
#include "fuzz_host.h"

static bool size_ok(u8 v, bool allow8)
{
    return v == 1 || v == 2 || v == 4 || (allow8 && v == 8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct x86_insn insn, again;
    enum x86_mode mode;
    u8 padded[X86_INSN_MAX_LEN];
    u64 gpr[16];
    int rc;

    if (size < 1)
        return 0;
    mode = (enum x86_mode)(data[0] % 3);
    data++;
    size--;

    rc = x86_decode(data, size, mode, &insn);
    FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ERANGE, "rc %d", rc);

    if (rc == -ERANGE) {
        FUZZ_CHECK(size < X86_INSN_MAX_LEN, "-ERANGE with %zu bytes", size);
        memset(padded, 0x90, sizeof(padded));
        memcpy(padded, data, size);
        rc = x86_decode(padded, sizeof(padded), mode, &again);
        FUZZ_CHECK(rc != -ERANGE, "-ERANGE with 15 bytes");
        return 0;
    }
    if (rc)
        return 0;

    FUZZ_CHECK(insn.len >= 1 && insn.len <= X86_INSN_MAX_LEN && insn.len <= size,
               "len %u of %zu", insn.len, size);
    FUZZ_CHECK(insn.kind != X86_INSN_NONE &&
               strcmp(x86_insn_kind_name(insn.kind), "?"), "kind %d", insn.kind);
    FUZZ_CHECK(insn.addr_bytes == 2 || insn.addr_bytes == 4 ||
               (insn.addr_bytes == 8 && mode == X86_MODE_64),
               "addr_bytes %u in mode %d", insn.addr_bytes, mode);

    switch (insn.kind) {
    case X86_INSN_IN: case X86_INSN_OUT: case X86_INSN_INS: case X86_INSN_OUTS:
        FUZZ_CHECK(size_ok(insn.op_bytes, false), "io size %u", insn.op_bytes);
        break;
    default:
        if (!x86_insn_is_mmio(&insn))
            break;
        FUZZ_CHECK(size_ok(insn.op_bytes, mode == X86_MODE_64),
                   "op_bytes %u", insn.op_bytes);
        FUZZ_CHECK(insn.reg < 16 && (!insn.high8 || (insn.reg < 4 && insn.op_bytes == 1)),
                   "reg %u high8 %d", insn.reg, insn.high8);
        FUZZ_CHECK(insn.mem.base < 16 || insn.mem.base == X86_REG_NONE ||
                   (insn.mem.base == X86_REG_RIP && mode == X86_MODE_64),
                   "base %u", insn.mem.base);
        FUZZ_CHECK(insn.mem.index < 16 || insn.mem.index == X86_REG_NONE,
                   "index %u", insn.mem.index);
        FUZZ_CHECK(insn.mem.scale == 1 || insn.mem.scale == 2 ||
                   insn.mem.scale == 4 || insn.mem.scale == 8, "scale");
        if (insn.kind == X86_INSN_MOVZX || insn.kind == X86_INSN_MOVSX)
            FUZZ_CHECK(insn.dst_bytes > insn.op_bytes || insn.dst_bytes == 2,
                       "extend %u -> %u", insn.op_bytes, insn.dst_bytes);
        for (unsigned int i = 0; i < 16; i++)
            gpr[i] = 0x0101010101010101ull * (i + 1);
        (void)x86_insn_mem_offset(&insn, gpr, 0xfffffffffffffff0ull);
        if (x86_insn_is_load(&insn))
            (void)x86_insn_load_result(&insn, gpr[insn.reg], ~0ull);
        else
            FUZZ_CHECK(x86_insn_store_value(&insn, gpr) <=
                       (insn.op_bytes == 8 ? ~0ull : (1ull << (8 * insn.op_bytes)) - 1),
                       "store value wider than the access");
    }

    rc = x86_decode(data, insn.len, mode, &again);
    FUZZ_CHECK(rc == 0 && !memcmp(&insn, &again, sizeof(insn)),
               "exact-length decode differs (rc %d)", rc);
    rc = x86_decode(data, insn.len - 1, mode, &again);
    FUZZ_CHECK(rc == -ERANGE, "one byte short gave %d", rc);
    return 0;
}
