/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An AML encoder (see <asm/hvm/aml.h>).  Opcodes and encodings as the
 * ACPI specification's AML grammar gives them (section 20.2).
 */
#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/lib.h>
#include <asm/hvm/aml.h>

#define AML_ZERO_OP         0x00
#define AML_ONE_OP          0x01
#define AML_NAME_OP         0x08
#define AML_BYTE_PREFIX     0x0a
#define AML_WORD_PREFIX     0x0b
#define AML_DWORD_PREFIX    0x0c
#define AML_QWORD_PREFIX    0x0e
#define AML_SCOPE_OP        0x10
#define AML_BUFFER_OP       0x11
#define AML_PACKAGE_OP      0x12
#define AML_EXT_OP_PREFIX   0x5b
#define AML_DEVICE_OP       0x82    /* after AML_EXT_OP_PREFIX */
#define AML_ROOT_CHAR       '\\'
#define AML_NAMESEG_LEN     4

/* Small resource descriptors: tag byte = type << 3 | length. */
#define RES_IRQ_NOFLAGS     (0x04 << 3 | 2)
#define RES_IO              (0x08 << 3 | 7)
#define RES_END_TAG         (0x0f << 3 | 1)
#define RES_IO_DECODE16     0x01

/*
 * Large resource descriptors: a tag byte, a 16-bit length, then the data.
 * The address space descriptors (Word, DWord, QWord) share one layout:
 * resource type, general flags, type-specific flags, then granularity,
 * minimum, maximum, translation offset and length, each 2, 4 or 8 bytes.
 */
#define RES_DWORD_ADDR      0x87
#define RES_WORD_ADDR       0x88
#define RES_QWORD_ADDR      0x8a
#define ADDR_TYPE_MEM       0
#define ADDR_TYPE_BUS       2
/* General flags: a producer (bit 0 clear) decoding positively (bit 1
 * clear) a range whose minimum and maximum are fixed. */
#define ADDR_MIN_FIXED      (1u << 2)
#define ADDR_MAX_FIXED      (1u << 3)
#define ADDR_MEM_RW         (1u << 0)   /* memory: read/write, non-cacheable */

void aml_init(struct aml *a, void *buf, size_t cap)
{
    memset(a, 0, sizeof(*a));
    a->buf = buf;
    a->cap = cap;
}

static void fail(struct aml *a, int err)
{
    if (!a->err)
        a->err = err;
}

static void put(struct aml *a, const void *src, size_t n)
{
    if (a->err)
        return;
    if (n > a->cap - a->len) {
        fail(a, -ENOSPC);
        return;
    }
    memcpy(a->buf + a->len, src, n);
    a->len += n;
}

static void put8(struct aml *a, u8 v)
{
    put(a, &v, 1);
}

/* An object goes into what is open: count it (a package's elements). */
static void note_item(struct aml *a)
{
    if (a->depth)
        a->open[a->depth - 1].items++;
}

static bool name_char(char c, bool lead)
{
    return (c >= 'A' && c <= 'Z') || c == '_' || (!lead && c >= '0' && c <= '9');
}

static void put_namestring(struct aml *a, const char *name)
{
    u8 seg[AML_NAMESEG_LEN] = { '_', '_', '_', '_' };
    unsigned int i;

    if (*name == AML_ROOT_CHAR)
        put8(a, *name++);
    for (i = 0; name[i]; i++) {
        if (i == AML_NAMESEG_LEN || !name_char(name[i], i == 0)) {
            fail(a, -EINVAL);
            return;
        }
        seg[i] = (u8)name[i];
    }
    if (!i) {
        fail(a, -EINVAL);
        return;
    }
    put(a, seg, sizeof(seg));
}

void aml_name_decl(struct aml *a, const char *name)
{
    put8(a, AML_NAME_OP);
    put_namestring(a, name);
}

static void put_le(struct aml *a, u64 v, unsigned int bytes)
{
    u8 b[8];

    for (unsigned int i = 0; i < bytes; i++)
        b[i] = (u8)(v >> (8 * i));
    put(a, b, bytes);
}

/* The shortest encoding of @v into @out (10 bytes at most); its length. */
static unsigned int encode_integer(u64 v, u8 *out)
{
    unsigned int n;

    if (v <= 1) {
        out[0] = v ? AML_ONE_OP : AML_ZERO_OP;
        return 1;
    }
    if (v <= 0xff)
        out[0] = AML_BYTE_PREFIX, n = 1;
    else if (v <= 0xffff)
        out[0] = AML_WORD_PREFIX, n = 2;
    else if (v <= 0xffffffffu)
        out[0] = AML_DWORD_PREFIX, n = 4;
    else
        out[0] = AML_QWORD_PREFIX, n = 8;
    for (unsigned int i = 0; i < n; i++)
        out[1 + i] = (u8)(v >> (8 * i));
    return 1 + n;
}

void aml_integer(struct aml *a, u64 v)
{
    u8 enc[10];

    put(a, enc, encode_integer(v, enc));
    note_item(a);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * A compressed EISA ID: the three letters as 5-bit values ('A' = 1) in
 * bits 14:0 of a big-endian 16-bit word, then the four hex digits as two
 * bytes, stored in that byte order.
 */
void aml_eisaid(struct aml *a, const char *id)
{
    u8 b[4];
    u16 letters = 0;
    unsigned int i;

    if (strnlen(id, 8) != 7) {
        fail(a, -EINVAL);
        return;
    }
    for (i = 0; i < 3; i++) {
        if (id[i] < 'A' || id[i] > 'Z') {
            fail(a, -EINVAL);
            return;
        }
        letters = (u16)(letters << 5 | (id[i] - 'A' + 1));
    }
    b[0] = (u8)(letters >> 8);
    b[1] = (u8)letters;
    for (i = 0; i < 4; i++) {
        int d = hex_digit(id[3 + i]);

        if (d < 0) {
            fail(a, -EINVAL);
            return;
        }
        if (i % 2 == 0)
            b[2 + i / 2] = (u8)(d << 4);
        else
            b[2 + i / 2] |= (u8)d;
    }
    put8(a, AML_DWORD_PREFIX);
    put(a, b, sizeof(b));
    note_item(a);
}

static void open_obj(struct aml *a, enum aml_kind kind)
{
    if (a->err)
        return;
    if (a->depth == AML_MAX_DEPTH) {
        fail(a, -EINVAL);
        return;
    }
    note_item(a);
    a->open[a->depth].kind = kind;
    a->open[a->depth].start = a->len;
    a->open[a->depth].items = 0;
    a->depth++;
}

void aml_scope_begin(struct aml *a, const char *name)
{
    put8(a, AML_SCOPE_OP);
    open_obj(a, AML_SCOPE);
    put_namestring(a, name);
}

void aml_device_begin(struct aml *a, const char *name)
{
    put8(a, AML_EXT_OP_PREFIX);
    put8(a, AML_DEVICE_OP);
    open_obj(a, AML_DEVICE);
    put_namestring(a, name);
}

void aml_package_begin(struct aml *a)
{
    put8(a, AML_PACKAGE_OP);
    open_obj(a, AML_PACKAGE);
    put8(a, 0);                 /* NumElements, set by aml_end() */
}

void aml_resource_template_begin(struct aml *a)
{
    put8(a, AML_BUFFER_OP);
    open_obj(a, AML_RESOURCE_TEMPLATE);
}

/*
 * PkgLength of contents of @n bytes: the count includes its own 1 to 4
 * bytes.  One byte holds up to 63 in bits 5:0; longer forms give the
 * number of following bytes in bits 7:6, the low nibble in bits 3:0 and
 * the rest, 8 bits a byte, after it: at most 28 bits in 4 bytes.
 * Returns its length, 0 if too large.
 */
static unsigned int encode_pkglen(size_t n, u8 *out)
{
    unsigned int bytes;
    size_t total;

    if (n + 1 <= 0x3f) {
        out[0] = (u8)(n + 1);
        return 1;
    }
    for (bytes = 2; bytes <= 4; bytes++) {
        total = n + bytes;
        if (total < ((size_t)1 << (4 + 8 * (bytes - 1))))
            break;
    }
    if (bytes > 4)
        return 0;
    out[0] = (u8)((bytes - 1) << 6 | (total & 0xf));
    for (unsigned int i = 1; i < bytes; i++)
        out[i] = (u8)(total >> (4 + 8 * (i - 1)));
    return bytes;
}

/* Insert @n bytes at offset @at, moving what follows. */
static void insert(struct aml *a, size_t at, const u8 *src, size_t n)
{
    if (a->err)
        return;
    if (n > a->cap - a->len) {
        fail(a, -ENOSPC);
        return;
    }
    memmove(a->buf + at + n, a->buf + at, a->len - at);
    memcpy(a->buf + at, src, n);
    a->len += n;
}

/* The end tag: its checksum makes the template's bytes sum to zero. */
static void put_end_tag(struct aml *a, size_t start)
{
    u8 sum = RES_END_TAG;

    if (a->err)
        return;
    for (size_t i = start; i < a->len; i++)
        sum += a->buf[i];
    put8(a, RES_END_TAG);
    put8(a, (u8)-sum);
}

void aml_end(struct aml *a)
{
    u8 prefix[4 + 10];
    unsigned int n = 0, p;
    size_t start, len;

    if (a->err)
        return;
    if (!a->depth) {
        fail(a, -EINVAL);
        return;
    }
    start = a->open[a->depth - 1].start;
    switch (a->open[a->depth - 1].kind) {
    case AML_PACKAGE:
        if (a->open[a->depth - 1].items > 0xff) {
            fail(a, -EINVAL);
            return;
        }
        a->buf[start] = (u8)a->open[a->depth - 1].items;
        break;
    case AML_RESOURCE_TEMPLATE:
        put_end_tag(a, start);
        /* A buffer's contents begin with its size, an integer. */
        n = encode_integer(a->len - start, prefix + 4);
        break;
    case AML_SCOPE:
    case AML_DEVICE:
        break;
    }
    if (a->err)
        return;
    len = a->len - start + n;
    p = encode_pkglen(len, prefix);
    if (!p) {
        fail(a, -EINVAL);
        return;
    }
    memmove(prefix + p, prefix + 4, n);
    insert(a, start, prefix, p + n);
    if (!a->err)
        a->depth--;
}

static bool in_template(struct aml *a)
{
    if (a->depth && a->open[a->depth - 1].kind == AML_RESOURCE_TEMPLATE)
        return true;
    fail(a, -EINVAL);
    return false;
}

void aml_res_io16(struct aml *a, u16 min, u16 max, u8 align, u8 len)
{
    if (!in_template(a))
        return;
    if (max < min) {
        fail(a, -EINVAL);
        return;
    }
    put8(a, RES_IO);
    put8(a, RES_IO_DECODE16);
    put_le(a, min, 2);
    put_le(a, max, 2);
    put8(a, align);
    put8(a, len);
}

void aml_res_irq(struct aml *a, unsigned int irq)
{
    if (!in_template(a))
        return;
    if (irq > 15) {
        fail(a, -EINVAL);
        return;
    }
    put8(a, RES_IRQ_NOFLAGS);
    put_le(a, 1u << irq, 2);
}

/* An address space descriptor of @width bytes per field for [min, min + len). */
static void addr_space(struct aml *a, u8 tag, unsigned int width, u8 type,
                       u8 type_flags, u64 min, u64 len)
{
    put8(a, tag);
    put_le(a, 3 + 5 * width, 2);
    put8(a, type);
    put8(a, ADDR_MIN_FIXED | ADDR_MAX_FIXED);
    put8(a, type_flags);
    put_le(a, 0, width);                /* granularity: no alignment asked */
    put_le(a, min, width);
    put_le(a, min + len - 1, width);
    put_le(a, 0, width);                /* translation offset */
    put_le(a, len, width);
}

void aml_res_bus_range(struct aml *a, u16 min, u16 max)
{
    if (!in_template(a))
        return;
    if (max < min || max > 0xff) {
        fail(a, -EINVAL);
        return;
    }
    addr_space(a, RES_WORD_ADDR, 2, ADDR_TYPE_BUS, 0, min, (u64)max - min + 1);
}

void aml_res_mem_window(struct aml *a, u64 base, u64 len)
{
    if (!in_template(a))
        return;
    if (!len || base + len - 1 < base) {
        fail(a, -EINVAL);
        return;
    }
    if (base + len - 1 <= 0xffffffffull)
        addr_space(a, RES_DWORD_ADDR, 4, ADDR_TYPE_MEM, ADDR_MEM_RW, base, len);
    else
        addr_space(a, RES_QWORD_ADDR, 8, ADDR_TYPE_MEM, ADDR_MEM_RW, base, len);
}

int aml_finish(struct aml *a)
{
    if (!a->err && a->depth)
        fail(a, -EINVAL);
    return a->err ? a->err : (int)a->len;
}
