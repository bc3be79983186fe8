/* SPDX-License-Identifier: GPL-2.0 */
/* SVM nested page tables (<asm/hvm/svm/npt.h>). */
#include <asm/hvm/svm/npt.h>
#include <asm/hvm/memory.h>
#include <mhv/mm.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/errno.h>
#include <asm/page.h>

/* Table entries: present, writable, user (all guest accesses are user
 * accesses to the nested walk). */
#define NPT_TABLE   (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
/* RAM: write-back, read/write/execute, accessed and dirty preset. */
#define NPT_RAM     (NPT_TABLE | _PAGE_DIRTY)

/* The entry of level @stop for @gpa, creating tables on the way. */
static u64 *walk_create(struct npt *npt, u64 gpa, int stop)
{
    u64 *t = npt->l4;

    for (int level = 4; level > stop; level--) {
        u64 *e = &t[pt_index(gpa, level)];

        if (!(*e & _PAGE_PRESENT)) {
            void *n = alloc_page_va();

            if (!n)
                return NULL;
            npt->table_pages++;
            *e = __pa(n) | NPT_TABLE;
        }
        BUG_ON(*e & _PAGE_PSE);
        t = __va(*e & PTE_ADDR_MASK);
    }
    return &t[pt_index(gpa, stop)];
}

static int map_one(void *ctx, u64 gpa, paddr_t hpa, u64 size)
{
    struct npt *npt = ctx;
    u64 *e = walk_create(npt, gpa, size == SUPERPAGE_SIZE ? 2 : 1);

    if (!e)
        return -ENOMEM;
    BUG_ON(*e & _PAGE_PRESENT);
    *e = hpa | NPT_RAM | (size == SUPERPAGE_SIZE ? _PAGE_PSE : 0);
    return 0;
}

int npt_build(struct npt *npt, const struct hvm_memory *m)
{
    int rc;

    npt->l4 = alloc_page_va();
    if (!npt->l4)
        return -ENOMEM;
    npt->table_pages = 1;
    rc = hvm_memory_for_each(m, map_one, npt);
    if (rc)
        npt_destroy(npt);
    return rc;
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
