/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the bzImage header parser and the boot-protocol loader
 * (arch/x86/hvm/linux_boot.c), which read a kernel image the control
 * domain hands over.
 *
 * Input: the image itself (the fuzzer's bytes, at least a setup header's
 * worth to get anywhere).  The guest is a fixed map: 640 KiB + 255 MiB of
 * RAM and an ACPI hole, with the boot area at 0x10000.  The writer checks
 * each write against the map and copies nothing (no guest memory).
 *
 * Properties, beyond "no crash, no sanitizer report":
 *  - the parser's lengths stay inside the image;
 *  - a load that succeeds writes only RAM, puts the kernel at an aligned
 *    address with init_size of RAM, and enters at kernel + 0x200;
 *  - a load that fails was refused with a reason.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <asm/hvm/linux_boot.h>
#include "fuzz_host.h"

static const struct linux_e820 map[] = {
    { 0, 0xa0000, E820_RAM },
    { 0xe0000, 0x1000, E820_ACPI },
    { 1ull << 20, 255ull << 20, E820_RAM },
};

static bool in_ram(u64 gpa, u64 len)
{
    for (unsigned int i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].type == E820_RAM && gpa >= map[i].addr &&
            gpa + len <= map[i].addr + map[i].size && gpa + len >= gpa)
            return true;
    return false;
}

static int writer(void *ctx, paddr_t gpa, const void *src, size_t len)
{
    FUZZ_CHECK(in_ram(gpa, len), "write outside RAM at %#llx + %zu",
               (unsigned long long)gpa, len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char initrd[5000];
    struct linux_image img;
    struct linux_boot_entry en;
    struct linux_boot_config cfg = {
        .image = data, .image_len = size, .initrd = initrd,
        .initrd_len = sizeof(initrd), .cmdline = "console=ttyS0",
        .map = map, .nr_map = 3, .acpi_rsdp = 0xe0000, .boot_gpa = 0x10000,
        .write = writer,
    };
    const char *why = NULL;
    int rc;

    rc = linux_parse_bzimage(data, size, &img, &why);
    if (!rc) {
        FUZZ_CHECK(img.setup_len + img.pm_len == size, "lengths");
        FUZZ_CHECK(img.hdr >= data && img.hdr + img.hdr_len <= data + size, "header");
        FUZZ_CHECK(img.init_size >= img.pm_len, "init_size");
    } else {
        FUZZ_CHECK(rc == -EINVAL && why, "refusal without a reason");
    }

    why = NULL;
    rc = linux_boot_load(&cfg, &en, &why);
    if (rc) {
        FUZZ_CHECK((rc == -EINVAL || rc == -ENOMEM) && why, "rc %d why %s", rc,
                   why ? why : "(none)");
        return 0;
    }
    FUZZ_CHECK(en.kernel_gpa % (2u << 20) == 0, "kernel unaligned");
    FUZZ_CHECK(in_ram(en.kernel_gpa, en.kernel_end - en.kernel_gpa), "kernel not in RAM");
    FUZZ_CHECK(en.rip == en.kernel_gpa + 0x200, "entry");
    FUZZ_CHECK(en.initrd_gpa && in_ram(en.initrd_gpa, sizeof(initrd)), "initrd");
    FUZZ_CHECK(en.initrd_gpa >= en.kernel_end ||
               en.initrd_gpa + sizeof(initrd) <= en.kernel_gpa, "initrd overlaps kernel");
    return 0;
}
