/* SPDX-License-Identifier: GPL-2.0 */
/* SVM nested page tables (<asm/hvm/svm/npt.h>). */
#include <asm/hvm/svm/npt.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/page.h>
#include <asm/cpu.h>

/* Table entries: present, writable, user (all guest accesses are user
 * accesses to the nested walk), accessed. */
#define NPT_TABLE   (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGES_2M    (SUPERPAGE_SIZE / PAGE_SIZE)

int npt_init(struct npt *npt)
{
    npt->l4 = alloc_page_va();
    if (!npt->l4)
        return -ENOMEM;
    npt->table_pages = 1;
    return 0;
}

/*
 * The entry of level @stop for @gpa, creating tables on the way when
 * @create (NULL without memory, or without a table when !@create).  A
 * 2 MiB entry on the way is a mapping of a range that cannot overlap the
 * caller's: the map never gives overlapping ranges.
 */
static u64 *walk(struct npt *npt, u64 gpa, int stop, bool create)
{
    u64 *t = npt->l4;

    for (int level = 4; level > stop; level--) {
        u64 *e = &t[pt_index(gpa, level)];

        if (!(*e & _PAGE_PRESENT)) {
            void *n;

            if (!create || !(n = alloc_page_va()))
                return NULL;
            npt->table_pages++;
            WRITE_ONCE(*e, __pa(n) | NPT_TABLE);
        }
        BUG_ON(*e & _PAGE_PSE);
        t = __va(*e & PTE_ADDR_MASK);
    }
    return &t[pt_index(gpa, stop)];
}

static u64 leaf_bits(unsigned int prot)
{
    u64 e = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY;

    if (prot & NPT_W)
        e |= _PAGE_RW;
    if (!(prot & NPT_X) && boot_cpu.nx)
        e |= _PAGE_NX;
    if (prot & NPT_UC)
        e |= _PAGE_PCD | _PAGE_PWT;
    return e;
}

/* Can [@gpa, +@left pages) from @pa start with a 2 MiB entry?  Not where
 * a table of 4 KiB entries already is (an earlier range's, emptied). */
static bool use_2m(struct npt *npt, u64 gpa, paddr_t pa, unsigned long left)
{
    u64 *e;

    if ((gpa | pa) & (SUPERPAGE_SIZE - 1) || left < PAGES_2M)
        return false;
    e = walk(npt, gpa, 2, false);
    return !e || !(*e & _PAGE_PRESENT);
}

int npt_map(struct npt *npt, u64 gpa, paddr_t pa, unsigned long npages,
            unsigned int prot)
{
    u64 bits = leaf_bits(prot);
    unsigned long done = 0;

    while (done < npages) {
        u64 g = gpa + done * PAGE_SIZE;
        paddr_t p = pa + done * PAGE_SIZE;
        bool big = use_2m(npt, g, p, npages - done);
        u64 *e = walk(npt, g, big ? 2 : 1, true);

        if (!e) {
            npt_unmap(npt, gpa, done);
            return -ENOMEM;
        }
        BUG_ON(*e & _PAGE_PRESENT);
        WRITE_ONCE(*e, p | bits | (big ? _PAGE_PSE : 0));
        done += big ? PAGES_2M : 1;
    }
    return 0;
}

void npt_unmap(struct npt *npt, u64 gpa, unsigned long npages)
{
    unsigned long done = 0;

    while (done < npages) {
        u64 g = gpa + done * PAGE_SIZE;
        u64 *l2 = walk(npt, g, 2, false), *e;

        BUG_ON(!l2);
        if (*l2 & _PAGE_PSE) {
            /* Mapped as one: npt_map() used a 2 MiB entry only for a
             * whole aligned 2 MiB of the same range. */
            BUG_ON(g & (SUPERPAGE_SIZE - 1) || npages - done < PAGES_2M);
            WRITE_ONCE(*l2, 0);
            done += PAGES_2M;
            continue;
        }
        e = walk(npt, g, 1, false);
        BUG_ON(!e || !(*e & _PAGE_PRESENT));
        WRITE_ONCE(*e, 0);
        done++;
    }
}

static void free_level(struct npt *npt, u64 *t, int level)
{
    for (unsigned int i = 0; i < 512; i++) {
        u64 e = t[i];

        if ((e & _PAGE_PRESENT) && !(e & _PAGE_PSE) && level > 1)
            free_level(npt, __va(e & PTE_ADDR_MASK), level - 1);
    }
    free_page_va(t);
    npt->table_pages--;
}

unsigned long npt_destroy(struct npt *npt)
{
    unsigned long n = npt->table_pages;

    if (npt->l4)
        free_level(npt, npt->l4, 4);
    npt->l4 = NULL;
    BUG_ON(npt->table_pages);
    return n;
}

paddr_t npt_root(const struct npt *npt)
{
    return __pa(npt->l4);
}
