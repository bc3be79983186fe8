/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux 64-bit boot protocol loader (arch/x86/hvm/linux_boot.c) on a
 * synthetic bzImage (the fields of Documentation/x86/boot.rst at their
 * offsets) loaded into a 128 MiB model of guest memory: placement of the
 * kernel and initramfs, the zero page, the identity page tables walked as
 * the CPU would, the GDT and the entry state; every header corruption is
 * refused with its reason, and so are maps, boot areas and command lines
 * that do not fit.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/linux_boot.h>

#define MIB (1ull << 20)
#define GUEST_SIZE (128 * MIB)
#define SETUP_SECTS 3
#define PM_LEN 8192
#define IMG_LEN ((SETUP_SECTS + 1) * 512 + PM_LEN)
#define BOOT_GPA 0x10000

static u8 *guest;
static u8 image[IMG_LEN];
static unsigned long nwrites;
static int fail_write_at = -1;

static const struct linux_e820 map_std[] = {
    { 0, 0x9fc00, E820_RAM },
    { 0xe0000, 0x1000, E820_ACPI },
    { 1 * MIB, GUEST_SIZE - MIB, E820_RAM },
};

static void put16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
static void put32(u8 *p, u32 v) { put16(p, (u16)v); put16(p + 2, (u16)(v >> 16)); }
static void put64(u8 *p, u64 v) { put32(p, (u32)v); put32(p + 4, (u32)(v >> 32)); }
static u16 get16(const u8 *p) { return (u16)(p[0] | p[1] << 8); }
static u32 get32(const u8 *p) { return get16(p) | (u32)get16(p + 2) << 16; }
static u64 get64(const u8 *p) { return get32(p) | (u64)get32(p + 4) << 32; }

/* A bzImage as Debian's 6.1 has it, with a small protected-mode part. */
static void make_image(void)
{
    memset(image, 0, sizeof(image));
    image[0x1f1] = SETUP_SECTS;
    put32(image + 0x1f4, PM_LEN / 16);          /* syssize */
    put16(image + 0x1fe, 0xaa55);
    image[0x200] = 0xeb;                        /* jmp */
    image[0x201] = 0x6a;                        /* header ends at 0x26c */
    put32(image + 0x202, 0x53726448);           /* "HdrS" */
    put16(image + 0x206, 0x020f);
    image[0x211] = 0x81;                        /* LOADED_HIGH, CAN_USE_HEAP */
    put32(image + 0x22c, 0x7fffffff);           /* initrd_addr_max */
    put32(image + 0x230, 0x200000);             /* kernel_alignment */
    image[0x234] = 1;                           /* relocatable */
    image[0x235] = 21;
    put16(image + 0x236, 0x7f);                 /* xloadflags */
    put32(image + 0x238, 2047);                 /* cmdline_size */
    put64(image + 0x258, 0x1000000);            /* pref_address */
    put32(image + 0x260, 0x3f98000);            /* init_size */
    for (unsigned int i = 0; i < PM_LEN; i++)
        image[(SETUP_SECTS + 1) * 512 + i] = (u8)(i * 7 + 1);
}

static int write_guest(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    const struct linux_boot_config *cfg = ctx;
    bool in_ram = false;

    if (fail_write_at >= 0 && nwrites == (unsigned long)fail_write_at)
        return -EFAULT;
    nwrites++;
    for (unsigned int i = 0; i < cfg->nr_map; i++)
        if (cfg->map[i].type == E820_RAM && gpa >= cfg->map[i].addr &&
            gpa + len <= cfg->map[i].addr + cfg->map[i].size)
            in_ram = true;
    if (!in_ram || gpa + len > GUEST_SIZE)
        fail_msg("write outside RAM: %#llx + %zu", (unsigned long long)gpa, len);
    memcpy(guest + gpa, src, len);
    return 0;
}

static char initrd[3 * 4096 + 123];
static struct linux_boot_config cfg;

static int setup(void **state)
{
    if (!guest)
        guest = calloc(1, GUEST_SIZE);
    assert_non_null(guest);
    memset(guest, 0xcc, 4 * MIB);       /* stale bytes must be overwritten */
    make_image();
    memset(initrd, 'i', sizeof(initrd));
    nwrites = 0;
    fail_write_at = -1;
    cfg = (struct linux_boot_config){
        .image = image, .image_len = sizeof(image),
        .initrd = initrd, .initrd_len = sizeof(initrd),
        .cmdline = "console=ttyS0 tsc_early_khz=2445424 tsc=reliable",
        .map = map_std, .nr_map = 3, .acpi_rsdp = 0xe0000,
        .boot_gpa = BOOT_GPA, .write = write_guest, .ctx = &cfg,
    };
    return 0;
}

/* Translate @va through the guest's 4-level tables at @cr3, as the CPU does. */
static u64 walk(u64 cr3, u64 va)
{
    u64 e = get64(guest + cr3 + ((va >> 39) & 511) * 8);

    assert_true(e & 1);
    e = get64(guest + (e & ~0xfffull) + ((va >> 30) & 511) * 8);
    assert_true(e & 1);
    e = get64(guest + (e & ~0xfffull) + ((va >> 21) & 511) * 8);
    assert_true((e & 0x83) == 0x83);    /* present, writable, 2 MiB */
    return (e & ~0x1fffffull) + (va & 0x1fffff);
}

static void test_load(void **state)
{
    struct linux_boot_entry en;
    const char *why = "unset";
    const u8 *zp;

    assert_int_equal(linux_boot_load(&cfg, &en, &why), 0);
    assert_null(why);
    assert_int_equal(en.kernel_gpa, 0x1000000);
    assert_int_equal(en.kernel_end, 0x1000000 + 0x3f98000);
    assert_int_equal(en.rip, 0x1000200);
    assert_memory_equal(guest + 0x1000000, image + (SETUP_SECTS + 1) * 512, PM_LEN);

    /* The initramfs: page-aligned, at the top of RAM, after the kernel. */
    assert_int_equal(en.initrd_gpa & 0xfff, 0);
    assert_true(en.initrd_gpa >= en.kernel_end);
    assert_true(en.initrd_gpa + sizeof(initrd) <= GUEST_SIZE);
    assert_true(en.initrd_gpa + sizeof(initrd) + 4096 > GUEST_SIZE);
    assert_memory_equal(guest + en.initrd_gpa, initrd, sizeof(initrd));

    /* The zero page. */
    assert_int_equal(en.rsi, en.zero_page_gpa);
    zp = guest + en.zero_page_gpa;
    assert_int_equal(get16(zp + 0x1fe), 0xaa55);
    assert_int_equal(get32(zp + 0x202), 0x53726448);
    assert_int_equal(get16(zp + 0x206), 0x020f);
    assert_int_equal(zp[0x210], 0xff);                  /* type_of_loader */
    assert_int_equal(zp[0x211], 0x01);                  /* heap use off */
    assert_int_equal(get32(zp + 0x218), (u32)en.initrd_gpa);
    assert_int_equal(get32(zp + 0x21c), sizeof(initrd));
    assert_int_equal(get32(zp + 0x0c0), 0);             /* ext_ramdisk_image */
    assert_int_equal(get32(zp + 0x0c4), 0);
    assert_int_equal(get32(zp + 0x228), en.cmdline_gpa);
    assert_int_equal(get32(zp + 0x0c8), 0);
    assert_string_equal((const char *)guest + en.cmdline_gpa, cfg.cmdline);
    assert_int_equal(get64(zp + 0x070), 0xe0000);       /* acpi_rsdp_addr */
    assert_int_equal(get32(zp + 0x260), 0x3f98000);     /* header copied */
    assert_int_equal(zp[0x26c], 0);                     /* nothing past it */
    assert_int_equal(zp[0x1e8], 3);                     /* e820_entries */
    for (unsigned int i = 0; i < 3; i++) {
        assert_int_equal(get64(zp + 0x2d0 + i * 20), map_std[i].addr);
        assert_int_equal(get64(zp + 0x2d0 + i * 20 + 8), map_std[i].size);
        assert_int_equal(get32(zp + 0x2d0 + i * 20 + 16), map_std[i].type);
    }
    assert_int_equal(zp[0], 0);                         /* the rest zeroed */
    assert_int_equal(zp[0xfff], 0);

    /* Long mode with an identity map of the first 4 GiB. */
    assert_int_equal(en.cr0, 0x80000031);
    assert_int_equal(en.cr4, 0x20);
    assert_int_equal(en.efer, 0x500);
    assert_int_equal(en.rflags, 2);
    assert_int_equal(en.cr3 & 0xfff, 0);
    assert_int_equal(walk(en.cr3, en.rip), en.rip);
    assert_int_equal(walk(en.cr3, en.zero_page_gpa), en.zero_page_gpa);
    assert_int_equal(walk(en.cr3, en.cmdline_gpa), en.cmdline_gpa);
    assert_int_equal(walk(en.cr3, en.kernel_end - 1), en.kernel_end - 1);
    assert_int_equal(walk(en.cr3, 0xfffff123), 0xfffff123);

    /* GDT: flat 64-bit code at 0x10, data at 0x18. */
    assert_int_equal(en.cs, 0x10);
    assert_int_equal(en.ds, 0x18);
    assert_int_equal(en.gdt_limit, 31);
    assert_int_equal(get64(guest + en.gdt_base + 0x10), en.cs_desc);
    assert_int_equal(get64(guest + en.gdt_base + 0x18), en.ds_desc);
    assert_true(en.cs_desc & (1ull << 53));             /* L */
    assert_false(en.cs_desc & (1ull << 54));            /* D clear with L */
    assert_true(en.cs_desc & (1ull << 47));             /* present */
    assert_true(en.ds_desc & (1ull << 41));             /* writable */
}

static void test_placement(void **state)
{
    static const struct linux_e820 high_only[] = {
        { 0, 0x80000, E820_RAM },
        { 0x2300000, 0x6000000, E820_RAM },     /* 35 MiB .. 131 MiB */
    };
    static const struct linux_e820 small[] = {
        { 0, 0x80000, E820_RAM }, { 1 * MIB, 32 * MIB, E820_RAM },
    };
    static const struct linux_e820 split[] = {
        { 0, 0x80000, E820_RAM },
        { 1 * MIB, 15 * MIB, E820_RAM },        /* up to 16 MiB */
        { 16 * MIB, 80 * MIB, E820_RAM },       /* adjacent: one range */
    };
    struct linux_boot_entry en;
    const char *why;

    /* pref_address not RAM: the lowest 2 MiB-aligned fit (36 MiB). */
    cfg.map = high_only;
    cfg.nr_map = 2;
    cfg.initrd = NULL;
    assert_int_equal(linux_boot_load(&cfg, &en, &why), 0);
    assert_int_equal(en.kernel_gpa, 36 * MIB);
    assert_int_equal(en.initrd_gpa, 0);

    /* Adjacent RAM entries count as one range. */
    cfg.map = split;
    cfg.nr_map = 3;
    assert_int_equal(linux_boot_load(&cfg, &en, &why), 0);
    assert_int_equal(en.kernel_gpa, 16 * MIB);

    /* Not enough RAM for init_size. */
    cfg.map = small;
    cfg.nr_map = 2;
    assert_int_equal(linux_boot_load(&cfg, &en, &why), -ENOMEM);
    assert_non_null(why);

    /* The kernel fits but the initramfs does not. */
    cfg.map = split;
    cfg.nr_map = 3;
    cfg.initrd = initrd;
    cfg.initrd_len = 20 * MIB;
    assert_int_equal(linux_boot_load(&cfg, &en, &why), -ENOMEM);
    assert_string_equal(why, "no RAM for the initramfs below initrd_addr_max");
    /* Below initrd_addr_max: an initramfs then goes under the kernel. */
    put32(image + 0x22c, 24 * MIB - 1);
    cfg.initrd_len = sizeof(initrd);
    assert_int_equal(linux_boot_load(&cfg, &en, &why), 0);
    assert_true(en.initrd_gpa + sizeof(initrd) <= en.kernel_gpa);
    /* Never below 1 MiB (a fuzzer found it placed at 0, which means none). */
    put32(image + 0x22c, 0x80000 - 1);
    assert_int_equal(linux_boot_load(&cfg, &en, &why), -ENOMEM);
}

static void expect_refused(const char *what)
{
    struct linux_boot_entry en;
    const char *why = NULL;

    if (linux_boot_load(&cfg, &en, &why) != -EINVAL)
        fail_msg("%s: not refused", what);
    if (!why)
        fail_msg("%s: no reason", what);
    make_image();
}

static void test_hostile_headers(void **state)
{
    struct linux_image img;
    const char *why;

    image[0x1fe] = 0;               expect_refused("boot flag");
    image[0x203] = 'x';             expect_refused("HdrS");
    put16(image + 0x206, 0x020b);   expect_refused("version 2.11");
    image[0x201] = 0x10;            expect_refused("header end too small");
    image[0x201] = 0x90;            expect_refused("header end past the area");
    image[0x1f1] = 200;             expect_refused("setup sectors past the image");
    image[0x1f1] = 0;       /* means 4: 2560 bytes of setup, the image still has pm */
    put32(image + 0x1f4, 0xffffffff); expect_refused("syssize");
    image[0x211] = 0;               expect_refused("zImage");
    image[0x234] = 0;               expect_refused("not relocatable");
    put16(image + 0x236, 0x2);      expect_refused("no 64-bit entry");
    put32(image + 0x230, 0x300000); expect_refused("alignment not a power of two");
    put32(image + 0x230, 0);        expect_refused("alignment 0");
    put32(image + 0x260, 100);      expect_refused("init_size below the image");

    assert_int_equal(linux_parse_bzimage(image, 0x267, &img, &why), -EINVAL);
    assert_int_equal(linux_parse_bzimage(image, (SETUP_SECTS + 1) * 512, &img, &why), -EINVAL);
    assert_int_equal(linux_parse_bzimage(NULL, 0, &img, &why), -EINVAL);
    assert_int_equal(linux_parse_bzimage(image, sizeof(image), &img, NULL), 0);
    assert_int_equal(img.setup_len, 2048);
    assert_int_equal(img.pm_len, PM_LEN);
    assert_int_equal(img.hdr_len, 0x26c - 0x1f1);
    assert_int_equal(nwrites, 0);           /* nothing refused was written */
}

static void test_bad_configs(void **state)
{
    static const struct linux_e820 unsorted[] = {
        { 1 * MIB, 127 * MIB, E820_RAM }, { 0, 0x9fc00, E820_RAM },
    };
    static const struct linux_e820 wrap[] = { { ~0ull - 10, 100, E820_RAM } };
    static char long_cmdline[2100];

    memset(long_cmdline, 'a', sizeof(long_cmdline) - 1);
    cfg.cmdline = long_cmdline;             expect_refused("cmdline > cmdline_size");
    cfg.cmdline = "x";
    cfg.map = unsorted;                     expect_refused("unsorted map");
    cfg.map = wrap; cfg.nr_map = 1;         expect_refused("wrapping entry");
    cfg.map = map_std; cfg.nr_map = 0;      expect_refused("empty map");
    cfg.nr_map = LINUX_E820_MAX + 1;        expect_refused("map too large");
    cfg.nr_map = 3;
    cfg.boot_gpa = 0x9f000;                 expect_refused("boot area past RAM");
    cfg.boot_gpa = 0x10800;                 expect_refused("boot area unaligned");
    cfg.boot_gpa = 0xe0000;                 expect_refused("boot area on ACPI");
    cfg.boot_gpa = BOOT_GPA;
    assert_int_equal(nwrites, 0);
}

static void test_write_failure(void **state)
{
    struct linux_boot_entry en;
    const char *why;

    for (int n = 0; n < 8; n++) {
        setup(NULL);
        fail_write_at = n;
        assert_int_equal(linux_boot_load(&cfg, &en, &why), -EFAULT);
        assert_string_equal(why, "writing guest memory failed");
    }
}

/*
 * The real thing: Debian's bzImage as tools/guest/fetch unpacked it
 * (MHV_GUEST_CACHE or .cache/guest; tools/install-deps fetches it, so the
 * test is skipped only on a tree where it never ran).
 */
static void test_debian_bzimage(void **state)
{
    static const struct linux_e820 map256[] = {
        { 0, 0x9fc00, E820_RAM }, { 0xe0000, 0x1000, E820_ACPI },
        { 1 * MIB, 127 * MIB, E820_RAM },
    };
    const char *dir = getenv("MHV_GUEST_CACHE");
    char path[512];
    struct linux_image img;
    struct linux_boot_entry en;
    const char *why;
    u8 *data;
    long len;
    FILE *f;

    snprintf(path, sizeof(path), "%s/vmlinuz", dir ? dir : ".cache/guest");
    f = fopen(path, "rb");
    if (!f) {
        print_message("no %s: run tools/guest/fetch\n", path);
        skip();
    }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    data = malloc(len);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, len, f), (size_t)len);
    fclose(f);

    assert_int_equal(linux_parse_bzimage(data, len, &img, &why), 0);
    assert_true(img.version >= 0x020c);
    assert_true(img.xloadflags & XLF_KERNEL_64);
    assert_int_equal(img.kernel_alignment, 0x200000);
    assert_true(img.init_size > img.pm_len);
    assert_true(img.init_size < 96 * MIB);     /* fits a 128 MiB guest */

    cfg.image = data;
    cfg.image_len = len;
    cfg.map = map256;
    assert_int_equal(linux_boot_load(&cfg, &en, &why), 0);
    assert_int_equal(en.kernel_gpa, img.pref_address);
    assert_memory_equal(guest + en.kernel_gpa, data + img.setup_len, img.pm_len);
    assert_memory_equal(guest + en.zero_page_gpa + 0x1f1, data + 0x1f1, 0x210 - 0x1f1);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_load, setup),
        cmocka_unit_test_setup(test_placement, setup),
        cmocka_unit_test_setup(test_hostile_headers, setup),
        cmocka_unit_test_setup(test_bad_configs, setup),
        cmocka_unit_test_setup(test_write_failure, setup),
        cmocka_unit_test_setup(test_debian_bzimage, setup),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);

    free(guest);
    return rc;
}
