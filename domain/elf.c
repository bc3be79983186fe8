/* SPDX-License-Identifier: GPL-2.0 */
/* Static ELF64 loader for domain images (see <mhv/domain/elf.h>). */
#include <mhv/domain/elf.h>
#include <mhv/elf64.h>
#include <mhv/domain.h>
#include <mhv/lib.h>
#include <mhv/mm.h>
#include <mhv/errno.h>
#include <mhv/gpmap.h>
#include <public/mhv.h>

#define ELF_MAX_PHDRS 16
#define ELF_LOAD_END MHV_MODULE_VA     /* images live below the module area */
#define ELF_MAX_IMAGE_PAGES ((1024UL << 20) >> PAGE_SHIFT)  /* 1 GiB */
#define ELF_KEEP_FREE_PAGES ((32UL << 20) >> PAGE_SHIFT)    /* 32 MiB */

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

/*
 * The pages the loadable segments will take, checked before any is
 * allocated: at most ELF_MAX_IMAGE_PAGES, and never more than the free
 * memory less ELF_KEEP_FREE_PAGES kept for the hypervisor and the other
 * domains (a 1 GiB bss on a 512 MiB machine used to take every page and
 * leave every later operation ENOMEM).  Ranges are checked by the loop in
 * elf_load(); here a wrapping or oversized one just counts as too big.
 */
static int check_image_size(struct domain *d, const struct elf64_phdr *ph,
                            unsigned int n)
{
    unsigned long pages = 0;
    struct page_stats st;

    for (unsigned int i = 0; i < n; i++) {
        u64 s = ph[i].p_vaddr, e = ph[i].p_vaddr + ph[i].p_memsz;

        if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
            continue;
        if (e < s || e > ELF_LOAD_END) {
            pages = ~0UL;
            break;
        }
        pages += (ROUNDUP(e, PAGE_SIZE) - ROUNDDOWN(s, PAGE_SIZE)) >> PAGE_SHIFT;
    }
    page_alloc_stats(&st);
    if (pages <= ELF_MAX_IMAGE_PAGES && pages + ELF_KEEP_FREE_PAGES <= st.free_pages)
        return 0;
    if (pages == ~0UL)
        return bad(d, "segment outside the domain's image area");
    printk(LOG_ERR "d%u: image needs %lu MiB; the limit is %lu MiB, and %lu MiB "
           "are free (%lu MiB kept)\n", d->domain_id,
           DIV_ROUND_UP(pages, 1UL << (20 - PAGE_SHIFT)),
           (unsigned long)ELF_MAX_IMAGE_PAGES >> (20 - PAGE_SHIFT),
           st.free_pages >> (20 - PAGE_SHIFT),
           (unsigned long)ELF_KEEP_FREE_PAGES >> (20 - PAGE_SHIFT));
    return pages > ELF_MAX_IMAGE_PAGES ? -E2BIG : -ENOMEM;
}

int elf_load(struct domain *d, const void *img, size_t len, unsigned long *entry)
{
    const struct elf64_ehdr *eh = img;
    const struct elf64_phdr *ph;
    bool entry_ok = false;
    int rc;

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
    rc = check_image_size(d, ph, eh->e_phnum);
    if (rc)
        return rc;
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

        flags = ((p->p_flags & PF_W) ? GPMAP_WRITE : 0) |
                ((p->p_flags & PF_X) ? GPMAP_EXEC : 0) | GPMAP_OWNED;
        start = ROUNDDOWN(p->p_vaddr, PAGE_SIZE);
        end = ROUNDUP(p->p_vaddr + p->p_memsz, PAGE_SIZE);
        for (va = start; va < end; va += PAGE_SIZE) {
            u8 *page = alloc_page_va();
            unsigned long lo = max(va, (unsigned long)p->p_vaddr);
            unsigned long hi = min(va + PAGE_SIZE,
                                   (unsigned long)(p->p_vaddr + p->p_filesz));
            if (!page)
                return -ENOMEM;
            if (hi > lo)
                memcpy(page + (lo - va),
                       (const u8 *)img + p->p_offset + (lo - p->p_vaddr), hi - lo);
            rc = gpmap_add_ram(d, va, __pa(page), 1, flags);
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
