/* SPDX-License-Identifier: GPL-2.0 */
/* Static ELF64 loader for domain images (see <mhv/elf.h>). */
#include <mhv/elf.h>
#include <mhv/elf64.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <asm/guest_mm.h>
#include <public/mhv.h>

#define ELF_MAX_PHDRS 16
#define ELF_LOAD_END MHV_MODULE_VA     /* images live below the module area */

bool elf_is_elf(const void *img, size_t len)
{
    const u8 *b = img;

    return len >= 4 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' && b[3] == 'F';
}

static int bad(struct domain *d, const char *why)
{
    printk(LOG_ERR "d%u: bad ELF image: %s\n", d->domain_id, why);
    return -EINVAL;
}

int elf_load(struct domain *d, const void *img, size_t len, unsigned long *entry)
{
    const struct elf64_ehdr *eh = img;
    const struct elf64_phdr *ph;
    bool entry_ok = false;

    if (len < sizeof(*eh) || !elf_is_elf(img, len))
        return bad(d, "not an ELF file");
    if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1)
        return bad(d, "not ELF64 little-endian");
    if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64)
        return bad(d, "not an x86-64 executable");
    if (eh->e_phentsize != sizeof(*ph) || !eh->e_phnum || eh->e_phnum > ELF_MAX_PHDRS ||
        eh->e_phoff > len || len - eh->e_phoff < (u64)eh->e_phnum * sizeof(*ph))
        return bad(d, "program headers out of the image");

    ph = (const void *)((const u8 *)img + eh->e_phoff);
    for (unsigned int i = 0; i < eh->e_phnum; i++) {
        const struct elf64_phdr *p = &ph[i];
        unsigned long start, end, va;
        unsigned int flags = 0;

        if (p->p_type != PT_LOAD || !p->p_memsz)
            continue;
        if (p->p_filesz > p->p_memsz || p->p_offset > len ||
            len - p->p_offset < p->p_filesz)
            return bad(d, "segment data out of the image");
        if (p->p_vaddr < MHV_USER_BASE || p->p_vaddr + p->p_memsz < p->p_vaddr ||
            p->p_vaddr + p->p_memsz > ELF_LOAD_END)
            return bad(d, "segment outside the domain's image area");
        if (eh->e_entry >= p->p_vaddr && eh->e_entry < p->p_vaddr + p->p_memsz &&
            (p->p_flags & PF_X))
            entry_ok = true;

        flags = ((p->p_flags & PF_W) ? GMAP_WRITE : 0) |
                ((p->p_flags & PF_X) ? GMAP_EXEC : 0) | GMAP_OWNED;
        start = ROUNDDOWN(p->p_vaddr, PAGE_SIZE);
        end = ROUNDUP(p->p_vaddr + p->p_memsz, PAGE_SIZE);
        for (va = start; va < end; va += PAGE_SIZE) {
            u8 *page = alloc_page_va();
            unsigned long lo = max(va, (unsigned long)p->p_vaddr);
            unsigned long hi = min(va + PAGE_SIZE,
                                   (unsigned long)(p->p_vaddr + p->p_filesz));
            int rc;

            if (!page)
                return -ENOMEM;
            if (hi > lo)
                memcpy(page + (lo - va),
                       (const u8 *)img + p->p_offset + (lo - p->p_vaddr), hi - lo);
            rc = guest_map_page(d, va, __pa(page), flags);
            if (rc) {
                free_page_va(page);
                return rc == -EEXIST ? bad(d, "segments share a page") : rc;
            }
        }
    }
    if (!entry_ok)
        return bad(d, "entry point not in an executable segment");
    *entry = eh->e_entry;
    return 0;
}
