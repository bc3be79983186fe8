/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv.efi: boots mhv straight from UEFI firmware, without GRUB.
 *
 * It acts as a Multiboot2 loader: it reads mhv.cfg from its own directory
 * (config.h), loads the hypervisor ELF's segments at their physical
 * addresses (image.h) and the modules page-aligned below 4 GiB, finds the
 * ACPI RSDP in the EFI configuration table, builds the same Multiboot2
 * information GRUB builds (mbi.h) from the final memory map, exits boot
 * services and enters the hypervisor's 32-bit entry through trampoline.S.
 * The hypervisor therefore runs one code path after entry whatever loaded
 * it; only the loader name ("mhv.efi") differs.
 *
 * Failure (a missing file, a bad config line, no memory, an image it cannot
 * load) prints "mhv.efi: error: ..." on the EFI console and, as mhv.cfg's
 * onerror= says, returns to the firmware with an error status (default),
 * or shuts down or resets the machine.  Everything it allocated is freed
 * before it returns.  No path waits for input.
 */
#include <efi.h>
#include <efilib.h>

#include "config.h"
#include "image.h"
#include <asm/multiboot2.h>
#include "mbi.h"

#define BELOW_4G            0xffffffffull
#define CFG_NAME            "mhv.cfg"
#define LOADER_NAME         "mhv.efi"
#define ERROR_PAUSE_US      2000000         /* let a screen show the error */
#define MAX_ALLOCS          (CFG_MAX_MODULES + 8)
#define EBS_TRIES           8

#ifndef MHV_VERSION
#define MHV_VERSION "?"
#endif
#ifndef MHV_GITREV
#define MHV_GITREV "?"
#endif

/* Filled for trampoline.S; offsets are its HA_* constants. */
struct handoff_args {
    UINT32 entry, mbi, copy_dst, copy_src, copy_len;
};

extern const UINT8 mhv_tramp_start[], mhv_tramp_end[];

static EFI_HANDLE self;
static EFI_FILE_HANDLE root;
static CHAR16 loader_dir[CFG_PATH_MAX];     /* "\EFI\BOOT", no trailing '\' */
static struct mhv_cfg cfg;

/* Pages we allocated: freed again when we return to the firmware. */
static struct {
    EFI_PHYSICAL_ADDRESS pa;
    UINTN pages;
} allocs[MAX_ALLOCS];
static unsigned int nr_allocs;

/* ---------------------------------------------------------------- output */

static void error(const CHAR16 *fmt, ...)
{
    va_list ap;

    Print(L"%a: error: ", LOADER_NAME);
    va_start(ap, fmt);
    VPrint(fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- memory */

static void release_all(void)
{
    while (nr_allocs) {
        nr_allocs--;
        uefi_call_wrapper(BS->FreePages, 2, allocs[nr_allocs].pa,
                          allocs[nr_allocs].pages);
    }
}

static EFI_STATUS remember(EFI_PHYSICAL_ADDRESS pa, UINTN pages)
{
    if (nr_allocs == MAX_ALLOCS) {
        uefi_call_wrapper(BS->FreePages, 2, pa, pages);
        error(L"too many allocations (internal limit %d)\n", MAX_ALLOCS);
        return EFI_OUT_OF_RESOURCES;
    }
    allocs[nr_allocs].pa = pa;
    allocs[nr_allocs].pages = pages;
    nr_allocs++;
    return EFI_SUCCESS;
}

/* @bytes of whole pages below 4 GiB, anywhere; an error names @what. */
static EFI_STATUS alloc_low(UINT64 bytes, EFI_MEMORY_TYPE type,
                            EFI_PHYSICAL_ADDRESS *pa, const CHAR16 *what)
{
    UINTN pages = EFI_SIZE_TO_PAGES(bytes);
    EFI_STATUS st;

    *pa = BELOW_4G;
    st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, type,
                           pages, pa);
    if (EFI_ERROR(st)) {
        error(L"not enough memory below 4 GiB for %s (%ld KiB): %r\n",
              what, (UINT64)pages * 4, st);
        return st;
    }
    return remember(*pa, pages);
}

/* ---------------------------------------------------------------- files */

/*
 * The loader's directory from its device path's file-path nodes
 * ("\EFI\BOOT\BOOTX64.EFI" -> "\EFI\BOOT"); the root if it has none.
 */
static void find_loader_dir(EFI_LOADED_IMAGE *li)
{
    EFI_DEVICE_PATH *dp = li->FilePath;
    UINTN n = 0, i, last = 0;

    loader_dir[0] = 0;
    for (; dp && !IsDevicePathEnd(dp); dp = NextDevicePathNode(dp)) {
        FILEPATH_DEVICE_PATH *fp = (FILEPATH_DEVICE_PATH *)dp;
        UINTN len;

        if (DevicePathType(dp) != MEDIA_DEVICE_PATH ||
            DevicePathSubType(dp) != MEDIA_FILEPATH_DP)
            continue;
        len = (DevicePathNodeLength(dp) - SIZE_OF_FILEPATH_DEVICE_PATH) / sizeof(CHAR16);
        if (n && loader_dir[n - 1] != L'\\' && len && fp->PathName[0] != L'\\' &&
            n + 1 < CFG_PATH_MAX)
            loader_dir[n++] = L'\\';
        for (i = 0; i < len && fp->PathName[i] && n + 1 < CFG_PATH_MAX; i++)
            loader_dir[n++] = fp->PathName[i] == L'/' ? L'\\' : fp->PathName[i];
    }
    loader_dir[n] = 0;
    for (i = 0; i < n; i++)
        if (loader_dir[i] == L'\\')
            last = i;
    loader_dir[last] = 0;               /* drop the file name (and a root '\') */
}

/* @name relative to the loader's directory, or to the root if absolute. */
static void make_path(const char *name, CHAR16 *out, UINTN cap)
{
    UINTN n = 0, i;

    if (name[0] != '/' && name[0] != '\\') {
        for (i = 0; loader_dir[i] && n + 1 < cap; i++)
            out[n++] = loader_dir[i];
        if (n + 1 < cap)
            out[n++] = L'\\';
    }
    for (i = 0; name[i] && n + 1 < cap; i++)
        out[n++] = name[i] == '/' ? L'\\' : (CHAR16)name[i];
    out[n] = 0;
}

/* Open @name for reading and say how big it is. */
static EFI_STATUS open_file(const char *name, CHAR16 *path, UINTN cap,
                            EFI_FILE_HANDLE *fh, UINT64 *size)
{
    EFI_FILE_INFO *info;
    EFI_STATUS st;

    make_path(name, path, cap);
    st = uefi_call_wrapper(root->Open, 5, root, fh, path, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(st)) {
        error(L"cannot open %s: %r\n", path, st);
        return st;
    }
    info = LibFileInfo(*fh);
    if (!info) {
        error(L"cannot read the size of %s\n", path);
        uefi_call_wrapper((*fh)->Close, 1, *fh);
        return EFI_DEVICE_ERROR;
    }
    *size = info->FileSize;
    st = (info->Attribute & EFI_FILE_DIRECTORY) ? EFI_INVALID_PARAMETER : EFI_SUCCESS;
    FreePool(info);
    if (EFI_ERROR(st)) {
        error(L"%s is a directory, not a file\n", path);
        uefi_call_wrapper((*fh)->Close, 1, *fh);
    }
    return st;
}

static EFI_STATUS read_all(EFI_FILE_HANDLE fh, void *buf, UINT64 size,
                           const CHAR16 *path)
{
    UINT8 *p = buf;
    EFI_STATUS st = EFI_SUCCESS;

    while (size) {
        UINTN n = size;

        st = uefi_call_wrapper(fh->Read, 3, fh, &n, p);
        if (!EFI_ERROR(st) && !n)
            st = EFI_END_OF_FILE;       /* shorter than its size said */
        if (EFI_ERROR(st)) {
            error(L"cannot read %s: %r\n", path, st);
            break;
        }
        p += n;
        size -= n;
    }
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

/* Read @name into new pages below 4 GiB: modules, the image, the config. */
static EFI_STATUS load_file(const char *name, const CHAR16 *what, UINT64 max,
                            EFI_PHYSICAL_ADDRESS *pa, UINT64 *size)
{
    CHAR16 path[CFG_PATH_MAX * 2];
    EFI_FILE_HANDLE fh;
    EFI_STATUS st;

    st = open_file(name, path, LDR_ARRAY_SIZE(path), &fh, size);
    if (EFI_ERROR(st))
        return st;
    if (!*size || *size > max) {
        error(L"%s %s is %a (%ld bytes)\n", what, path,
              *size ? "too big" : "empty", *size);
        uefi_call_wrapper(fh->Close, 1, fh);
        return EFI_LOAD_ERROR;
    }
    st = alloc_low(*size, EfiLoaderData, pa, what);
    if (EFI_ERROR(st)) {
        uefi_call_wrapper(fh->Close, 1, fh);
        return st;
    }
    return read_all(fh, (void *)(UINTN)*pa, *size, path);
}

/* ---------------------------------------------------------------- steps */

static EFI_STATUS open_volume(EFI_HANDLE image)
{
    EFI_LOADED_IMAGE *li;
    EFI_FILE_IO_INTERFACE *fs;
    EFI_STATUS st;

    st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol,
                           (void **)&li);
    if (EFI_ERROR(st)) {
        error(L"no loaded-image protocol on our own image: %r\n", st);
        return st;
    }
    st = uefi_call_wrapper(BS->HandleProtocol, 3, li->DeviceHandle,
                           &FileSystemProtocol, (void **)&fs);
    if (EFI_ERROR(st)) {
        error(L"the device mhv.efi was loaded from has no file system: %r\n", st);
        return st;
    }
    st = uefi_call_wrapper(fs->OpenVolume, 2, fs, &root);
    if (EFI_ERROR(st)) {
        error(L"cannot open the volume mhv.efi was loaded from: %r\n", st);
        return st;
    }
    find_loader_dir(li);
    return EFI_SUCCESS;
}

static EFI_STATUS read_config(void)
{
    EFI_PHYSICAL_ADDRESS pa;
    UINT64 size;
    struct cfg_error err;
    EFI_STATUS st;

    st = load_file(CFG_NAME, L"the configuration", 1 << 20, &pa, &size);
    if (EFI_ERROR(st))
        return st;
    if (cfg_parse((const char *)(UINTN)pa, size, &cfg, &err)) {
        if (err.key[0])
            error(L"%s\\%a line %d (%a=): %a\n", loader_dir, CFG_NAME, err.line,
                  err.key, err.msg);
        else
            error(L"%s\\%a line %d: %a\n", loader_dir, CFG_NAME, err.line, err.msg);
        return EFI_INVALID_PARAMETER;
    }
    return EFI_SUCCESS;
}

/*
 * The hypervisor image: parsed, then placed at its physical address if the
 * firmware lets us have it now, else staged for trampoline.S to move after
 * ExitBootServices (checked against the final memory map first).
 */
static EFI_STATUS load_hypervisor(struct mhv_image *img, struct handoff_args *ha)
{
    EFI_PHYSICAL_ADDRESS file, at;
    UINT64 size, detail;
    const char *why;
    UINTN pages;
    EFI_STATUS st;

    st = load_file(cfg.hypervisor, L"the hypervisor image", IMAGE_MAX_SPAN, &file,
                   &size);
    if (EFI_ERROR(st))
        return st;
    if (image_parse((void *)(UINTN)file, size, img, &why, &detail)) {
        error(L"cannot load the hypervisor %a: %a [%lx]\n", cfg.hypervisor, why,
              detail);
        return EFI_LOAD_ERROR;
    }
    pages = EFI_SIZE_TO_PAGES(img->hi - img->lo);
    at = img->lo;
    st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAddress, EfiLoaderData,
                           pages, &at);
    if (!EFI_ERROR(st)) {
        st = remember(at, pages);
        if (EFI_ERROR(st))
            return st;
        image_place(img, (void *)(UINTN)file, (void *)(UINTN)at);
        ha->copy_len = 0;
    } else {
        st = alloc_low(img->hi - img->lo, EfiLoaderData, &at, L"the staged image");
        if (EFI_ERROR(st))
            return st;
        image_place(img, (void *)(UINTN)file, (void *)(UINTN)at);
        ha->copy_dst = (UINT32)img->lo;
        ha->copy_src = (UINT32)at;
        ha->copy_len = (UINT32)(img->hi - img->lo);
        Print(L"%a: %lx-%lx still belongs to the firmware: the image is staged "
              L"at %lx and moved after ExitBootServices\n", LOADER_NAME, img->lo,
              img->hi, at);
    }
    ha->entry = img->entry;
    Print(L"%a: hypervisor %a: %lx-%lx, entry %x\n", LOADER_NAME, cfg.hypervisor,
          img->lo, img->hi, img->entry);
    return EFI_SUCCESS;
}

static EFI_STATUS load_modules(struct mbi_builder *b)
{
    unsigned int i;

    for (i = 0; i < cfg.nr_modules; i++) {
        const struct cfg_module *m = &cfg.modules[i];
        EFI_PHYSICAL_ADDRESS pa;
        UINT64 size;
        EFI_STATUS st;

        st = load_file(m->path, L"module", BELOW_4G / 2, &pa, &size);
        if (EFI_ERROR(st)) {
            Print(L"%a:   (module %d, named on line %d of %a)\n", LOADER_NAME, i,
                  m->line, CFG_NAME);
            return st;
        }
        mbi_add_module(b, (UINT32)pa, (UINT32)(pa + size), m->string);
        Print(L"%a: module %d: %a '%a' at %lx-%lx\n", LOADER_NAME, i, m->path,
              m->string, pa, pa + size);
    }
    return EFI_SUCCESS;
}

static bool guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
    const UINT8 *x = (const UINT8 *)a, *y = (const UINT8 *)b;
    UINTN i;

    for (i = 0; i < sizeof(EFI_GUID); i++)
        if (x[i] != y[i])
            return false;
    return true;
}

static bool rsdp_ok(const UINT8 *p, UINTN len)
{
    static const char sig[8] = "RSD PTR ";
    UINT8 sum = 0;
    UINTN i;

    for (i = 0; i < 8; i++)
        if (p[i] != (UINT8)sig[i])
            return false;
    for (i = 0; i < len; i++)
        sum += p[i];
    return sum == 0 && (len == 20 || p[15] >= 2);
}

/* ACPI RSDP tags from the configuration table: 2.0 preferred, 1.0 too. */
static void add_acpi(struct mbi_builder *b)
{
    static EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
    const UINT8 *v1 = NULL, *v2 = NULL;
    UINTN i;

    for (i = 0; i < ST->NumberOfTableEntries; i++) {
        EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];

        if (guid_eq(&t->VendorGuid, &acpi20) && rsdp_ok(t->VendorTable, 20) &&
            rsdp_ok(t->VendorTable, 36))
            v2 = t->VendorTable;
        else if (guid_eq(&t->VendorGuid, &acpi10) && rsdp_ok(t->VendorTable, 20))
            v1 = t->VendorTable;
    }
    if (v1)
        mbi_add_acpi(b, false, v1, 20);
    if (v2)
        mbi_add_acpi(b, true, v2, 36);
    if (v2 || v1)
        Print(L"%a: ACPI %a RSDP at %lx\n", LOADER_NAME, v2 ? "2.0" : "1.0",
              (UINT64)(UINTN)(v2 ? v2 : v1));
    else
        Print(L"%a: warning: no valid ACPI RSDP in the EFI configuration table\n",
              LOADER_NAME);
}

/* The trampoline and its argument block in a page of its own below 4 GiB. */
static EFI_STATUS prepare_trampoline(struct handoff_args **ha)
{
    UINTN code = (UINTN)(mhv_tramp_end - mhv_tramp_start);
    UINTN off = (code + 15) & ~(UINTN)15;
    EFI_PHYSICAL_ADDRESS pa;
    EFI_STATUS st;

    if (off + sizeof(**ha) > EFI_PAGE_SIZE) {
        error(L"the trampoline does not fit a page\n");
        return EFI_LOAD_ERROR;
    }
    st = alloc_low(EFI_PAGE_SIZE, EfiLoaderCode, &pa, L"the trampoline");
    if (EFI_ERROR(st))
        return st;
    CopyMem((void *)(UINTN)pa, (void *)mhv_tramp_start, code);
    *ha = (struct handoff_args *)(UINTN)(pa + off);
    ZeroMem(*ha, sizeof(**ha));
    return EFI_SUCCESS;
}

static const CHAR16 *efi_type_name(UINT32 t)
{
    static const CHAR16 *names[] = {
        L"reserved", L"loader code", L"loader data", L"boot-services code",
        L"boot-services data", L"runtime-services code", L"runtime-services data",
        L"free", L"unusable", L"ACPI reclaim", L"ACPI NVS", L"MMIO", L"MMIO port",
        L"PAL code", L"persistent",
    };

    return t < (UINT32)LDR_ARRAY_SIZE(names) ? names[t] : L"unknown";
}

/*
 * Final memory map, boot information, ExitBootServices (retried with a
 * fresh map when the key went stale), and the jump.  Returns only on error.
 */
static EFI_STATUS exit_and_enter(struct mbi_builder *b, size_t mark, UINT8 *map,
                                 UINTN map_cap, struct handoff_args *ha)
{
    EFI_STATUS st = EFI_SUCCESS;
    unsigned int tries;

    for (tries = 0; tries < EBS_TRIES; tries++) {
        UINTN size = map_cap, key, dsz;
        UINT32 dver;

        st = uefi_call_wrapper(BS->GetMemoryMap, 5, &size,
                               (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsz, &dver);
        if (EFI_ERROR(st)) {
            if (!tries)
                error(L"cannot read the memory map: %r\n", st);
            return st;
        }
        mbi_rewind(b, mark);
        mbi_add_memory(b, map, size, dsz, dver);
        if (!mbi_finish(b)) {
            if (!tries)
                error(L"the boot information does not fit its buffer\n");
            return EFI_BUFFER_TOO_SMALL;
        }
        if (ha->copy_len) {
            UINT64 bad;
            UINT32 type;

            if (mbi_check_reusable(map, size, dsz, ha->copy_dst,
                                   (UINT64)ha->copy_dst + ha->copy_len, &bad, &type)) {
                if (!tries)
                    error(L"the hypervisor must be loaded at %x-%lx, but %lx is "
                          L"%s memory that stays in use\n", ha->copy_dst,
                          (UINT64)ha->copy_dst + ha->copy_len, bad,
                          type == MBI_NO_MEMORY ? L"no" : efi_type_name(type));
                return EFI_LOAD_ERROR;
            }
        }
        if (!tries)
            Print(L"%a: exiting boot services, entering mhv at %x\n", LOADER_NAME,
                  ha->entry);
        st = uefi_call_wrapper(BS->ExitBootServices, 2, self, key);
        if (st == EFI_SUCCESS) {
            void (*handoff)(const struct handoff_args *) =
                (void *)((UINTN)ha & ~(UINTN)(EFI_PAGE_SIZE - 1));

            handoff(ha);
            for (;;)                    /* not reached */
                __asm__ volatile("hlt");
        }
        if (st != EFI_INVALID_PARAMETER)
            break;
    }
    /* Boot services may be partly gone: this message is a best effort. */
    error(L"ExitBootServices failed: %r\n", st);
    return EFI_ABORTED;
}

static EFI_STATUS boot(void)
{
    struct mhv_image img;
    struct handoff_args *ha;
    struct mbi_builder b;
    EFI_PHYSICAL_ADDRESS mbi_pa, map_pa;
    UINTN map_size = 0, key, dsz = 0, map_cap, nr_desc;
    UINT32 dver;
    UINT64 fixed;
    size_t mark;
    EFI_STATUS st;

    st = read_config();
    if (EFI_ERROR(st))
        return st;
    st = prepare_trampoline(&ha);
    if (EFI_ERROR(st))
        return st;
    st = load_hypervisor(&img, ha);
    if (EFI_ERROR(st))
        return st;

    /* The map grows with our allocations: leave room for 64 more entries. */
    st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, NULL, &key, &dsz, &dver);
    if (st != EFI_BUFFER_TOO_SMALL || dsz < sizeof(struct efi_mdesc)) {
        error(L"cannot read the memory map size: %r\n", st);
        return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
    }
    nr_desc = map_size / dsz + 64;
    map_cap = nr_desc * dsz;
    st = alloc_low(map_cap, EfiLoaderData, &map_pa, L"the memory map");
    if (EFI_ERROR(st))
        return st;

    fixed = 8 + LDR_ROUNDUP(8 + CFG_CMDLINE_MAX, 8) + 32 +
            cfg.nr_modules * LDR_ROUNDUP(16 + CFG_STRING_MAX, 8) + 2 * 48 + 16 + 8;
    st = alloc_low(fixed + mbi_memory_room(nr_desc, dsz), EfiLoaderData, &mbi_pa,
                   L"the boot information");
    if (EFI_ERROR(st))
        return st;
    mbi_init(&b, (void *)(UINTN)mbi_pa,
             LDR_ROUNDUP(fixed + mbi_memory_room(nr_desc, dsz), EFI_PAGE_SIZE));
    mbi_add_string(&b, MB2_TAG_CMDLINE, cfg.options);
    mbi_add_string(&b, MB2_TAG_LOADER_NAME, LOADER_NAME);
    st = load_modules(&b);
    if (EFI_ERROR(st))
        return st;
    add_acpi(&b);
    mbi_add_efi64(&b, (UINT64)(UINTN)ST);
    mark = mbi_mark(&b);
    ha->mbi = (UINT32)mbi_pa;
    Print(L"%a: command line '%a'\n", LOADER_NAME, cfg.options);

    return exit_and_enter(&b, mark, (UINT8 *)(UINTN)map_pa, map_cap, ha);
}

/*
 * Under QEMU with the isa-debug-exit device (port 0xf4), leave with a status
 * that says "the loader failed" (tools/mhv-run returns 5) instead of a reset
 * that looks like any other.  Harmless on a machine without the device.
 */
#define DEBUG_EXIT_PORT 0xf4
#define DEBUG_EXIT_LOADER_ERROR 0x7d
static void debug_exit_loader_error(void)
{
    __asm__ volatile("outb %0, %1" :: "a"((UINT8)DEBUG_EXIT_LOADER_ERROR),
                     "Nd"((UINT16)DEBUG_EXIT_PORT));
}

/*
 * Called by GNU-EFI's crt0 (_start) after it applied our relocations, with
 * the System V calling convention (crt0 moves the firmware's RCX/RDX to
 * RDI/RSI): not EFIAPI.
 */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
    EFI_STATUS st;

    InitializeLib(image, systab);
    self = image;
    Print(L"%a %a (%a): booting mhv without a boot loader\n", LOADER_NAME,
          MHV_VERSION, MHV_GITREV);

    st = open_volume(image);
    if (!EFI_ERROR(st))
        st = boot();

    /* Only failures come back here. */
    if (root)
        uefi_call_wrapper(root->Close, 1, root);
    release_all();
    Print(L"%a: not booting (%r); onerror=%a\n", LOADER_NAME, st,
          cfg_onerror_name(cfg.onerror));
    uefi_call_wrapper(BS->Stall, 1, ERROR_PAUSE_US);
    if (cfg.onerror != CFG_ONERROR_RETURN)
        debug_exit_loader_error();
    switch (cfg.onerror) {
    case CFG_ONERROR_SHUTDOWN:
        uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, st, 0, NULL);
        break;
    case CFG_ONERROR_REBOOT:
        uefi_call_wrapper(RT->ResetSystem, 4, EfiResetCold, st, 0, NULL);
        break;
    default:
        break;
    }
    return st;
}
