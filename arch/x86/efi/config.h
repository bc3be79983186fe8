/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhv.cfg: what mhv.efi boots.  One directive per line, `KEY=VALUE`:
 *
 *   options=loglvl=debug selftest=boot   hypervisor command line (repeatable:
 *                                        joined with one space)
 *   hypervisor=mhv                       the hypervisor image (default "mhv")
 *   dom0=dom0.elf script=1               control domain: module string
 *                                        "dom0 script=1"; must be the first
 *                                        module
 *   module=script.mhv script             any module, string given verbatim
 *   domain=domu.elf                      ordinary domain: string "domu ..."
 *   onerror=return|shutdown|reboot       what to do after a loader error
 *
 * `#` at the start of a line or after a blank starts a comment.  File names
 * are one word, relative to the loader's directory unless they start with
 * `/` or `\`.  docs/booting.md ("Direct UEFI boot") is the user's reference.
 *
 * Pure C (no EFI types): tested on the host by tests/unit/test_efi_loader.c.
 */
#ifndef MHV_EFI_CONFIG_H
#define MHV_EFI_CONFIG_H

#include "ldr.h"

#define CFG_PATH_MAX        256     /* file names, with the NUL */
#define CFG_CMDLINE_MAX     1024    /* = the hypervisor's BOOT_CMDLINE_MAX */
#define CFG_STRING_MAX      256     /* = the hypervisor's BOOT_MOD_CMDLINE_MAX */
#define CFG_MAX_MODULES     16      /* = the hypervisor's BOOT_MAX_MODS */

enum cfg_onerror {
    CFG_ONERROR_RETURN,             /* back to the firmware (the default) */
    CFG_ONERROR_SHUTDOWN,           /* ResetSystem(EfiResetShutdown) */
    CFG_ONERROR_REBOOT,             /* ResetSystem(EfiResetCold) */
};

struct cfg_module {
    char path[CFG_PATH_MAX];
    char string[CFG_STRING_MAX];    /* the Multiboot2 module string */
    unsigned int line;              /* where it was named, for messages */
};

struct mhv_cfg {
    char hypervisor[CFG_PATH_MAX];
    char options[CFG_CMDLINE_MAX];
    unsigned int nr_modules;
    struct cfg_module modules[CFG_MAX_MODULES];
    bool has_dom0;
    enum cfg_onerror onerror;
};

struct cfg_error {
    unsigned int line;              /* 1-based */
    const char *msg;                /* static text */
    char key[32];                   /* the directive, when it matters */
};

/*
 * Parse @len bytes of @text into @cfg (fully overwritten).
 * Returns 0, or -1 with @err set for the first bad line.  cfg->onerror is
 * valid even on failure when an `onerror=` line anywhere in the file is
 * itself well-formed, so the caller can honour it for the parse error too.
 * Never reads outside [text, text + len); NUL bytes are refused.
 */
int cfg_parse(const char *text, size_t len, struct mhv_cfg *cfg,
              struct cfg_error *err);

/* The name of an onerror value ("return", "shutdown", "reboot"). */
const char *cfg_onerror_name(enum cfg_onerror e);

#endif /* MHV_EFI_CONFIG_H */
