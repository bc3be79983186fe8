/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv.efi's firmware-independent parts, on the host:
 *   - config.c: every directive, comments, CRLF, BOM, each error with its
 *     line, onerror= honoured even when a later line is bad;
 *   - image.c: synthetic Multiboot2 ELF images (entry tag, ELF entry,
 *     required header tags, segments above 4 GiB, overlaps, truncation);
 *   - mbi.c: the Multiboot2 information it builds, walked tag by tag as the
 *     hypervisor walks it (alignment, sizes, the E820 conversion with
 *     sorting and merging, the EFI map copy), overflow, and the check that
 *     a staged image's target range is free after ExitBootServices.
 * Runs under ASan/UBSan: no input may make them read out of bounds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../arch/x86/efi/config.h"
#include "../../arch/x86/efi/image.h"
#include <asm/multiboot2.h>
#include "../../arch/x86/efi/mbi.h"

/* ------------------------------------------------------------ config */

static struct mhv_cfg cfg;
static struct cfg_error err;

static int parse(const char *text)
{
    return cfg_parse(text, strlen(text), &cfg, &err);
}

static void test_cfg_full(void **state)
{
    const char *text =
        "\xef\xbb\xbf# mhv.cfg\r\n"
        "options=loglvl=debug   # trailing comment\r\n"
        "\r\n"
        "  options = selftest=boot\n"
        "hypervisor=/boot/mhv-debug\n"
        "dom0=dom0.elf script=1\n"
        "module=script.mhv script\n"
        "domain=domu.elf\n"
        "domain=sub/other.elf  name=two   x=1\n"
        "module=data.bin\n"
        "onerror=shutdown";

    assert_int_equal(parse(text), 0);
    assert_string_equal(cfg.options, "loglvl=debug selftest=boot");
    assert_string_equal(cfg.hypervisor, "/boot/mhv-debug");
    assert_true(cfg.has_dom0);
    assert_int_equal(cfg.onerror, CFG_ONERROR_SHUTDOWN);
    assert_int_equal(cfg.nr_modules, 5);
    assert_string_equal(cfg.modules[0].path, "dom0.elf");
    assert_string_equal(cfg.modules[0].string, "dom0 script=1");
    assert_int_equal(cfg.modules[0].line, 6);
    assert_string_equal(cfg.modules[1].path, "script.mhv");
    assert_string_equal(cfg.modules[1].string, "script");
    assert_string_equal(cfg.modules[2].string, "domu");
    assert_string_equal(cfg.modules[3].path, "sub/other.elf");
    assert_string_equal(cfg.modules[3].string, "domu name=two   x=1");
    assert_string_equal(cfg.modules[4].string, "");
}

static void test_cfg_defaults(void **state)
{
    assert_int_equal(parse(""), 0);
    assert_string_equal(cfg.hypervisor, "mhv");
    assert_string_equal(cfg.options, "");
    assert_int_equal(cfg.nr_modules, 0);
    assert_int_equal(cfg.onerror, CFG_ONERROR_RETURN);
    assert_int_equal(parse("# only a comment\n\n   \n"), 0);
    /* '#' inside a word is not a comment. */
    assert_int_equal(parse("options=a#b\n"), 0);
    assert_string_equal(cfg.options, "a#b");
    /* Keys are case-insensitive. */
    assert_int_equal(parse("OPTIONS=x\nOnError=REBOOT\n"), 0);
    assert_int_equal(cfg.onerror, CFG_ONERROR_REBOOT);
    assert_string_equal(cfg_onerror_name(CFG_ONERROR_REBOOT), "reboot");
    assert_string_equal(cfg_onerror_name(CFG_ONERROR_RETURN), "return");
}

struct bad_case {
    const char *text;
    unsigned int line;
    const char *msg_part;
    const char *key;
};

static void test_cfg_errors(void **state)
{
    static const struct bad_case cases[] = {
        { "options=x\nbogus=1\n", 2, "unknown directive", "bogus" },
        { "just words\n", 1, "expected KEY=VALUE", "" },
        { "=value\n", 1, "expected KEY=VALUE", "" },
        { "dom0=\n", 1, "missing file name", "dom0" },
        { "module=a*b.elf\n", 1, "FAT does not allow", "module" },
        { "dom0=a.elf\ndom0=b.elf\n", 2, "second dom0", "dom0" },
        { "module=x\ndom0=a.elf\n", 2, "before every module", "dom0" },
        { "domain=u.elf\n", 1, "needs a dom0", "domain" },
        { "hypervisor=a\nhypervisor=b\n", 2, "second hypervisor", "hypervisor" },
        { "hypervisor=mhv loglvl=debug\n", 1, "one file name", "hypervisor" },
        { "onerror=explode\n", 1, "return, shutdown or reboot", "onerror" },
        { "options=\x01\n", 1, "control character", "" },
        { "options=caf\xc3\xa9\n", 1, "not printable ASCII", "" },
    };
    unsigned int i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (parse(cases[i].text) != -1)
            fail_msg("case %u accepted: %s", i, cases[i].text);
        assert_int_equal(err.line, cases[i].line);
        if (!strstr(err.msg, cases[i].msg_part))
            fail_msg("case %u: message \"%s\" lacks \"%s\"", i, err.msg,
                     cases[i].msg_part);
        assert_string_equal(err.key, cases[i].key);
    }
}

static void test_cfg_limits(void **state)
{
    static char text[8192];
    char *p = text;
    unsigned int i;

    /* 16 modules fit, the 17th is refused on its own line. */
    for (i = 0; i < CFG_MAX_MODULES + 1; i++)
        p += sprintf(p, "module=m%u.bin\n", i);
    assert_int_equal(parse(text), -1);
    assert_int_equal(err.line, CFG_MAX_MODULES + 1);
    assert_non_null(strstr(err.msg, "at most 16"));

    /* options: 1023 characters fit, 1024 do not. */
    memcpy(text, "options=", 8);
    memset(text + 8, 'a', 1023);
    text[8 + 1023] = '\0';
    assert_int_equal(parse(text), 0);
    assert_int_equal(strlen(cfg.options), 1023);
    memcpy(text, "options=x\noptions=", 18);
    memset(text + 18, 'a', 1022);       /* "x" + " " + 1022 = 1024 */
    text[18 + 1022] = '\0';
    assert_int_equal(parse(text), -1);
    assert_int_equal(err.line, 2);

    /* A module string of 255 characters fits ("domu " + 250). */
    memcpy(text, "dom0=d.elf\ndomain=u.elf ", 24);
    memset(text + 24, 'b', 250);
    text[24 + 250] = '\0';
    assert_int_equal(parse(text), 0);
    assert_int_equal(strlen(cfg.modules[1].string), 255);
    text[24 + 250] = 'b';
    text[24 + 251] = '\0';
    assert_int_equal(parse(text), -1);
    assert_non_null(strstr(err.msg, "module string too long"));

    /* A file name of 256 characters does not fit. */
    memcpy(text, "module=", 7);
    memset(text + 7, 'f', 256);
    text[7 + 256] = '\0';
    assert_int_equal(parse(text), -1);
    assert_non_null(strstr(err.msg, "file name too long"));
}

static void test_cfg_onerror_survives_errors(void **state)
{
    /* The bad line comes first; onerror= later in the file still counts. */
    assert_int_equal(parse("bogus=1\nonerror=reboot\n"), -1);
    assert_int_equal(cfg.onerror, CFG_ONERROR_REBOOT);
    /* A NUL byte is refused with its line; the length is what counts. */
    assert_int_equal(cfg_parse("onerror=shutdown\nop\0tions=x\n", 27, &cfg, &err), -1);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "NUL"));
    assert_int_equal(cfg.onerror, CFG_ONERROR_SHUTDOWN);
}

static void test_cfg_no_overread(void **state)
{
    /* The buffer is exactly the text: no NUL after it for the parser. */
    static const char text[] = "dom0=a.elf x";
    char *copy = malloc(sizeof(text) - 1);
    size_t cut;

    memcpy(copy, text, sizeof(text) - 1);
    for (cut = 0; cut <= sizeof(text) - 1; cut++)
        cfg_parse(copy, cut, &cfg, &err);      /* ASan checks each length */
    assert_int_equal(cfg_parse(copy, sizeof(text) - 1, &cfg, &err), 0);
    assert_string_equal(cfg.modules[0].string, "dom0 x");
    free(copy);
}

/* ------------------------------------------------------------ image */

#define IMG_SIZE    0x3000
#define VBASE       0xffffffff80200000ull
#define PBASE       0x200000ull

struct ehdr {
    uint8_t  ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static uint8_t img_buf[IMG_SIZE];
static struct mhv_image img;
static const char *why;
static uint64_t detail;

static struct phdr *phdr(unsigned int i)
{
    return (struct phdr *)(img_buf + 64 + i * sizeof(struct phdr));
}

/* Put a Multiboot2 header at 0x1000 (as the linked image would have in
 * .text.head) with the given tags after the fixed part. */
static void put_header(const uint32_t *tags, size_t tag_bytes)
{
    uint32_t *h = (uint32_t *)(img_buf + 0x1000);
    uint32_t len = 16 + tag_bytes;

    h[0] = MB2_HEADER_MAGIC;
    h[1] = 0;
    h[2] = len;
    h[3] = -(MB2_HEADER_MAGIC + len);
    memcpy(h + 4, tags, tag_bytes);
}

/* A two-segment image: text at 2 MiB (file 0x1000..0x2000), data+bss at
 * 2 MiB + 0x1000 (file 0x2000..0x2800, 0x2000 in memory), header entry tag. */
static void make_image(void)
{
    struct ehdr *e = (struct ehdr *)img_buf;
    static const uint32_t tags[] = {
        1 | (1 << 16), 16, MB2_TAG_CMDLINE, MB2_TAG_MMAP,  /* info request, optional */
        3, 12, PBASE + 0x58, 0,                           /* entry address + pad */
        6, 8,                                             /* module align */
        0, 8,                                             /* end */
    };

    memset(img_buf, 0, sizeof(img_buf));
    memcpy(e->ident, "\x7f" "ELF", 4);
    e->ident[4] = 2;
    e->ident[5] = 1;
    e->type = 2;
    e->machine = 62;
    e->entry = VBASE + 0x58;
    e->phoff = 64;
    e->phentsize = sizeof(struct phdr);
    e->phnum = 2;
    *phdr(0) = (struct phdr){ 1, 5, 0x1000, VBASE, PBASE, 0x1000, 0x1000, 0x1000 };
    *phdr(1) = (struct phdr){ 1, 6, 0x2000, VBASE + 0x1000, PBASE + 0x1000,
                              0x800, 0x2000, 0x1000 };
    put_header(tags, sizeof(tags));
    memset(img_buf + 0x1100, 0xcc, 0x100);     /* some "code" */
    memset(img_buf + 0x2000, 0xdd, 0x800);     /* "data" */
}

static void test_image_good(void **state)
{
    static uint8_t mem[0x3000];

    make_image();
    assert_int_equal(image_parse(img_buf, sizeof(img_buf), &img, &why, &detail), 0);
    assert_int_equal(img.lo, PBASE);
    assert_int_equal(img.hi, PBASE + 0x3000);
    assert_int_equal(img.entry, PBASE + 0x58);
    assert_true(img.entry_from_header);
    assert_int_equal(img.nr_segs, 2);

    memset(mem, 0xee, sizeof(mem));
    image_place(&img, img_buf, mem);
    assert_int_equal(mem[0x100], 0xcc);
    assert_int_equal(mem[0x1000], 0xdd);
    assert_int_equal(mem[0x17ff], 0xdd);
    assert_int_equal(mem[0x1800], 0);          /* BSS zeroed */
    assert_int_equal(mem[0x2fff], 0);
}

static void test_image_elf_entry(void **state)
{
    static const uint32_t tags[] = { 0, 8 };    /* header without entry tag */

    make_image();
    put_header(tags, sizeof(tags));
    ((struct ehdr *)img_buf)->entry = VBASE + 0x123;
    assert_int_equal(image_parse(img_buf, sizeof(img_buf), &img, &why, &detail), 0);
    assert_false(img.entry_from_header);
    assert_int_equal(img.entry, PBASE + 0x123);
}

static void expect_bad(const char *part)
{
    assert_int_equal(image_parse(img_buf, sizeof(img_buf), &img, &why, &detail), -1);
    assert_non_null(why);
    if (!strstr(why, part))
        fail_msg("\"%s\" lacks \"%s\"", why, part);
}

static void test_image_bad(void **state)
{
    static const uint32_t need_fb[] = { 5, 20, 0, 0, 0, 0, 0, 8 };      /* required */
    static const uint32_t need_tag[] = { 1, 12, 21, 0, 0, 8 };          /* required */
    static const uint32_t opt_fb[] = { 5 | (1 << 16), 20, 0, 0, 0, 0, 3, 12,
                                       PBASE + 0x10, 0, 0, 8 };
    static const uint32_t no_end[] = { 4, 12, 0, 0 };
    static const uint32_t bad_size[] = { 3, 0x4000 };

    make_image();
    img_buf[0] = 0;
    expect_bad("not an ELF");

    make_image();
    ((struct ehdr *)img_buf)->machine = 3;
    expect_bad("x86-64");

    make_image();
    ((struct ehdr *)img_buf)->phnum = 200;
    expect_bad("program header");

    make_image();
    ((struct ehdr *)img_buf)->phoff = IMG_SIZE - 8;
    expect_bad("run past the end");

    make_image();
    phdr(1)->filesz = 0x10000;
    phdr(1)->memsz = 0x10000;
    expect_bad("past the end of the file");

    make_image();
    phdr(1)->filesz = 0x3000;
    expect_bad("exceeds its memory size");

    make_image();
    phdr(1)->paddr = 0xfffff000;
    expect_bad("above 4 GiB");

    make_image();
    phdr(1)->paddr = PBASE + 0x800;
    expect_bad("overlap");

    make_image();
    phdr(0)->type = 0;
    phdr(1)->type = 0;
    expect_bad("no PT_LOAD");

    make_image();
    put_header(need_fb, sizeof(need_fb));
    expect_bad("does not implement");
    assert_int_equal(detail, 5);

    make_image();
    put_header(need_tag, sizeof(need_tag));
    expect_bad("does not provide");
    assert_int_equal(detail, 21);

    make_image();
    put_header(no_end, sizeof(no_end));
    expect_bad("no end tag");

    make_image();
    put_header(bad_size, sizeof(bad_size));
    expect_bad("malformed");

    /* An optional framebuffer tag is fine; an entry outside the segments is not. */
    make_image();
    put_header(opt_fb, sizeof(opt_fb));
    assert_int_equal(image_parse(img_buf, sizeof(img_buf), &img, &why, &detail), 0);
    ((uint32_t *)(img_buf + 0x1000))[4 + 8] = 0x100000;
    expect_bad("not inside a loaded segment");

    /* No header at all; and one whose checksum is wrong is not a header. */
    make_image();
    memset(img_buf + 0x1000, 0, 16);
    expect_bad("no Multiboot2 header");
    make_image();
    ((uint32_t *)(img_buf + 0x1000))[3] ^= 1;
    expect_bad("no Multiboot2 header");
}

static void test_image_truncated(void **state)
{
    size_t n;

    /* Every prefix of a good image is refused or parsed, never overread. */
    make_image();
    for (n = 0; n < 0x2800; n += 7) {      /* 0x2800: end of the last segment */
        uint8_t *copy = malloc(n ? n : 1);

        memcpy(copy, img_buf, n);
        if (image_parse(copy, n, &img, &why, &detail) == 0)
            fail_msg("a %zu-byte prefix was accepted", n);
        free(copy);
    }
}

/* ------------------------------------------------------------ mbi */

static uint8_t mbi_buf[8192] __attribute__((aligned(8)));

/* A small EFI map, out of order, with neighbours of one E820 type. */
static struct efi_mdesc efi_map[] = {
    { EFI_MT_CONVENTIONAL,  0, 0x100000, 0, 0x100, 0xf },   /* 1M-2M */
    { EFI_MT_BS_CODE,       0, 0x0,      0, 0x9f,  0xf },   /* 0-636K */
    { EFI_MT_LOADER_DATA,   0, 0x200000, 0, 0x200, 0xf },   /* 2M-4M */
    { 0 /* reserved */,     0, 0x9f000,  0, 0x61,  0 },     /* 636K-1M */
    { EFI_MT_ACPI_RECLAIM,  0, 0x400000, 0, 0x10,  0xf },
    { EFI_MT_ACPI_NVS,      0, 0x410000, 0, 0x10,  0xf },
    { EFI_MT_BS_DATA,       0, 0x420000, 0, 0x1e0, 0xf },   /* -> 0x600000 */
    { 6 /* runtime data */, 0, 0x600000, 0, 0x10,  0xf },
    { EFI_MT_CONVENTIONAL,  0, 0x610000, 0, 0,     0xf },   /* empty: dropped */
    { EFI_MT_UNUSABLE,      0, 0x700000, 0, 1,     0 },
};

struct walked {
    const uint8_t *tag[32];
    unsigned int n;
};

/* Walk the tags as arch/x86/boot/multiboot2.c does, checking the framing. */
static struct walked walk(const uint8_t *mbi, size_t total)
{
    struct walked w = { .n = 0 };
    size_t off = 8;
    uint32_t size;

    memcpy(&size, mbi, 4);
    assert_int_equal(size, total);
    assert_int_equal(total % 8, 0);
    for (;;) {
        uint32_t type, tsz;

        assert_true(off + 8 <= total);
        memcpy(&type, mbi + off, 4);
        memcpy(&tsz, mbi + off + 4, 4);
        assert_true(tsz >= 8 && off + tsz <= total);
        w.tag[w.n++] = mbi + off;
        if (type == MB2_TAG_END) {
            assert_int_equal(tsz, 8);
            assert_int_equal(off + 8, total);
            return w;
        }
        off += (tsz + 7) & ~7u;
    }
}

static uint32_t tag_type(const uint8_t *t)
{
    return ((const uint32_t *)t)[0];
}

static void test_mbi_layout(void **state)
{
    struct mbi_builder b;
    static const uint8_t rsdp[36] = "RSD PTR ";
    struct walked w;
    const struct mb2_mmap_entry *e;
    size_t mark, total;
    uint32_t n;

    mbi_init(&b, mbi_buf, sizeof(mbi_buf));
    mbi_add_string(&b, MB2_TAG_CMDLINE, "loglvl=debug");
    mbi_add_string(&b, MB2_TAG_LOADER_NAME, "mhv.efi");
    mbi_add_module(&b, 0x1000000, 0x1000123, "dom0 script=1");
    mbi_add_acpi(&b, false, rsdp, 20);
    mbi_add_acpi(&b, true, rsdp, 36);
    mbi_add_efi64(&b, 0x1f000000);
    mark = mbi_mark(&b);

    /* Twice, as after a stale map key: the second build replaces the first. */
    mbi_add_memory(&b, efi_map, sizeof(efi_map), sizeof(efi_map[0]), 1);
    assert_true(mbi_finish(&b) > 0);
    mbi_rewind(&b, mark);
    mbi_add_memory(&b, efi_map, sizeof(efi_map), sizeof(efi_map[0]), 1);
    total = mbi_finish(&b);
    assert_true(total > 0);
    assert_true(total <= mbi_mark(&b) + mbi_memory_room(10, sizeof(efi_map[0])));

    w = walk(mbi_buf, total);
    assert_int_equal(w.n, 10);
    assert_int_equal(tag_type(w.tag[0]), MB2_TAG_CMDLINE);
    assert_string_equal((const char *)w.tag[0] + 8, "loglvl=debug");
    assert_int_equal(((const uint32_t *)w.tag[0])[1], 8 + 13);
    assert_string_equal((const char *)w.tag[1] + 8, "mhv.efi");
    assert_int_equal(tag_type(w.tag[2]), MB2_TAG_MODULE);
    assert_int_equal(((const uint32_t *)w.tag[2])[2], 0x1000000);
    assert_int_equal(((const uint32_t *)w.tag[2])[3], 0x1000123);
    assert_string_equal((const char *)w.tag[2] + 16, "dom0 script=1");
    assert_int_equal(tag_type(w.tag[3]), MB2_TAG_ACPI_OLD);
    assert_int_equal(((const uint32_t *)w.tag[3])[1], 28);
    assert_int_equal(tag_type(w.tag[4]), MB2_TAG_ACPI_NEW);
    assert_int_equal(((const uint32_t *)w.tag[4])[1], 44);
    assert_memory_equal(w.tag[4] + 8, rsdp, 36);
    assert_int_equal(tag_type(w.tag[5]), MB2_TAG_EFI64);
    assert_int_equal(*(const uint64_t *)(w.tag[5] + 8), 0x1f000000);

    /* Tag 6: sorted, merged, E820 types. */
    assert_int_equal(tag_type(w.tag[6]), MB2_TAG_MMAP);
    assert_int_equal(((const uint32_t *)w.tag[6])[2], 24);   /* entry size */
    n = (((const uint32_t *)w.tag[6])[1] - 16) / 24;
    e = (const struct mb2_mmap_entry *)(w.tag[6] + 16);
    assert_int_equal(n, 8);
    assert_int_equal(e[0].addr, 0);
    assert_int_equal(e[0].len, 0x9f000);
    assert_int_equal(e[0].type, MB2_MEM_AVAILABLE);
    assert_int_equal(e[1].addr, 0x9f000);
    assert_int_equal(e[1].type, MB2_MEM_RESERVED);
    assert_int_equal(e[2].addr, 0x100000);             /* conventional + loader */
    assert_int_equal(e[2].len, 0x300000);
    assert_int_equal(e[2].type, MB2_MEM_AVAILABLE);
    assert_int_equal(e[3].type, MB2_MEM_ACPI_RECLAIM);
    assert_int_equal(e[4].type, MB2_MEM_NVS);
    assert_int_equal(e[5].addr, 0x420000);
    assert_int_equal(e[5].type, MB2_MEM_AVAILABLE);
    assert_int_equal(e[6].addr, 0x600000);
    assert_int_equal(e[6].type, MB2_MEM_RESERVED);
    assert_int_equal(e[6].len, 0x10000);               /* empty one dropped */
    assert_int_equal(e[7].addr, 0x700000);
    assert_int_equal(e[7].type, MB2_MEM_BAD);

    /* Tag 4: 636 KiB low, 3 MiB from 1 MiB. */
    assert_int_equal(tag_type(w.tag[7]), MB2_TAG_BASIC_MEMINFO);
    assert_int_equal(((const uint32_t *)w.tag[7])[2], 636);
    assert_int_equal(((const uint32_t *)w.tag[7])[3], 3072);

    /* Tag 17: the EFI map verbatim. */
    assert_int_equal(tag_type(w.tag[8]), MB2_TAG_EFI_MMAP);
    assert_int_equal(((const uint32_t *)w.tag[8])[2], sizeof(efi_map[0]));
    assert_int_equal(((const uint32_t *)w.tag[8])[3], 1);
    assert_memory_equal(w.tag[8] + 16, efi_map, sizeof(efi_map));
    assert_int_equal(tag_type(w.tag[9]), MB2_TAG_END);
}

static void test_mbi_mmap_all_types(void **state)
{
    assert_int_equal(mbi_efi_to_e820(EFI_MT_LOADER_CODE), MB2_MEM_AVAILABLE);
    assert_int_equal(mbi_efi_to_e820(EFI_MT_BS_DATA), MB2_MEM_AVAILABLE);
    assert_int_equal(mbi_efi_to_e820(EFI_MT_CONVENTIONAL), MB2_MEM_AVAILABLE);
    assert_int_equal(mbi_efi_to_e820(5 /* runtime code */), MB2_MEM_RESERVED);
    assert_int_equal(mbi_efi_to_e820(11 /* MMIO */), MB2_MEM_RESERVED);
    assert_int_equal(mbi_efi_to_e820(EFI_MT_UNUSABLE), MB2_MEM_BAD);
    assert_int_equal(mbi_efi_to_e820(EFI_MT_ACPI_RECLAIM), MB2_MEM_ACPI_RECLAIM);
    assert_int_equal(mbi_efi_to_e820(EFI_MT_ACPI_NVS), MB2_MEM_NVS);
    assert_int_equal(mbi_efi_to_e820(0x80000000u), MB2_MEM_RESERVED);
}

static void test_mbi_wide_descriptors(void **state)
{
    /* Firmware may use descriptors larger than the structure (48 bytes). */
    static uint8_t map[3 * 48];
    struct efi_mdesc d[3] = {
        { EFI_MT_CONVENTIONAL, 0, 0x200000, 0, 0x10, 0 },
        { EFI_MT_CONVENTIONAL, 0, 0x100000, 0, 0x100, 0 },
        { EFI_MT_BS_DATA,      0, 0x210000, 0, 0x10, 0 },
    };
    struct mbi_builder b;
    struct walked w;
    const struct mb2_mmap_entry *e;
    size_t total;
    unsigned int i;

    for (i = 0; i < 3; i++)
        memcpy(map + i * 48, &d[i], sizeof(d[i]));
    mbi_init(&b, mbi_buf, sizeof(mbi_buf));
    mbi_add_memory(&b, map, sizeof(map), 48, 1);
    total = mbi_finish(&b);
    w = walk(mbi_buf, total);
    assert_int_equal(tag_type(w.tag[0]), MB2_TAG_MMAP);
    assert_int_equal(((const uint32_t *)w.tag[0])[1], 16 + 24);   /* one entry */
    e = (const struct mb2_mmap_entry *)(w.tag[0] + 16);
    assert_int_equal(e[0].addr, 0x100000);
    assert_int_equal(e[0].len, 0x120000);
    assert_int_equal(((const uint32_t *)w.tag[2])[2], 48);
}

static void test_mbi_overflow(void **state)
{
    struct mbi_builder b;
    size_t cap;
    unsigned int fitted = 0;

    /* Every capacity either fits everything or reports overflow; nothing is
     * written past the capacity (ASan guards the heap copy). */
    for (cap = 0; cap < 1200; cap += 8) {
        uint8_t *buf = malloc(cap ? cap : 1);
        size_t total;

        mbi_init(&b, buf, cap);
        mbi_add_string(&b, MB2_TAG_CMDLINE, "loglvl=debug selftest=boot");
        mbi_add_module(&b, 0x1000, 0x2000, "dom0");
        mbi_add_memory(&b, efi_map, sizeof(efi_map), sizeof(efi_map[0]), 1);
        total = mbi_finish(&b);
        if (total) {
            assert_true(total <= cap);
            walk(buf, total);
            fitted++;
        }
        free(buf);
    }
    assert_true(fitted > 0 && fitted < 1200 / 8);
}

static void test_mbi_check_reusable(void **state)
{
    uint64_t bad = 0;
    uint32_t type = 0;
    const size_t sz = sizeof(efi_map[0]);

    /* 0..636K boot-services code: fine. */
    assert_int_equal(mbi_check_reusable(efi_map, sizeof(efi_map), sz, 0x1000,
                                        0x9f000, &bad, &type), 0);
    /* Conventional then loader data (ours): refused at 2 MiB. */
    assert_int_equal(mbi_check_reusable(efi_map, sizeof(efi_map), sz, 0x100000,
                                        0x300000, &bad, &type), -1);
    assert_int_equal(bad, 0x200000);
    assert_int_equal(type, EFI_MT_LOADER_DATA);
    /* Runtime data. */
    assert_int_equal(mbi_check_reusable(efi_map, sizeof(efi_map), sz, 0x420000,
                                        0x601000, &bad, &type), -1);
    assert_int_equal(bad, 0x600000);
    assert_int_equal(type, 6);
    /* A hole in the map. */
    assert_int_equal(mbi_check_reusable(efi_map, sizeof(efi_map), sz, 0x800000,
                                        0x801000, &bad, &type), -1);
    assert_int_equal(type, MBI_NO_MEMORY);
    /* Empty range: trivially fine. */
    assert_int_equal(mbi_check_reusable(efi_map, sizeof(efi_map), sz, 0x5000,
                                        0x5000, &bad, &type), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cfg_full),
        cmocka_unit_test(test_cfg_defaults),
        cmocka_unit_test(test_cfg_errors),
        cmocka_unit_test(test_cfg_limits),
        cmocka_unit_test(test_cfg_onerror_survives_errors),
        cmocka_unit_test(test_cfg_no_overread),
        cmocka_unit_test(test_image_good),
        cmocka_unit_test(test_image_elf_entry),
        cmocka_unit_test(test_image_bad),
        cmocka_unit_test(test_image_truncated),
        cmocka_unit_test(test_mbi_layout),
        cmocka_unit_test(test_mbi_mmap_all_types),
        cmocka_unit_test(test_mbi_wide_descriptors),
        cmocka_unit_test(test_mbi_overflow),
        cmocka_unit_test(test_mbi_check_reusable),
    };

    return cmocka_run_group_tests_name("efi_loader", tests, NULL, NULL);
}
