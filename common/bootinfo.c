/* SPDX-License-Identifier: GPL-2.0 */
/* Loader-independent boot information and memory-map clean-up. */
#include <mhv/bootinfo.h>
#include <mhv/lib.h>

struct boot_info bootinfo;

/* Non-RAM types win over RAM where regions overlap. */
static int type_rank(u32 type)
{
    return type == BOOT_MEM_RAM ? 0 : (int)type;
}

void bootinfo_sanitize_memmap(struct boot_info *bi)
{
    struct boot_mem_region *m = bi->mem;
    unsigned int i, j, n = bi->nr_mem;
    bool warned = false;

    /* Insertion sort by address (n is small). */
    for (i = 1; i < n; i++) {
        struct boot_mem_region t = m[i];

        for (j = i; j > 0 && m[j - 1].addr > t.addr; j--)
            m[j] = m[j - 1];
        m[j] = t;
    }

    /* Resolve overlaps: trim the lower-ranked region. */
    for (i = 0; i + 1 < n; i++) {
        struct boot_mem_region *a = &m[i], *b = &m[i + 1];
        u64 a_end = a->addr + a->len;

        if (a_end <= b->addr)
            continue;
        if (!warned) {
            printk(LOG_WARNING "boot: memory map has overlapping regions "
                   "(%#lx-%#lx type %u, %#lx-%#lx type %u): the non-RAM type wins\n",
                   a->addr, a_end - 1, a->type, b->addr, b->addr + b->len - 1,
                   b->type);
            warned = true;
        }
        if (type_rank(a->type) >= type_rank(b->type)) {
            /* b loses the overlapped part. */
            u64 b_end = b->addr + b->len;

            if (b_end <= a_end) {
                memmove(b, b + 1, (n - i - 2) * sizeof(*b));
                n--;
                i--;
                continue;
            }
            b->len = b_end - a_end;
            b->addr = a_end;
        } else {
            /* a loses: cut it at b; keep its tail beyond b, if any. */
            u64 b_end = b->addr + b->len;

            a->len = b->addr - a->addr;
            if (a_end > b_end && n < BOOT_MAX_MEM) {
                memmove(b + 2, b + 1, (n - i - 2) * sizeof(*b));
                b[1] = (struct boot_mem_region){ b_end, a_end - b_end, a->type };
                n++;
            }
            if (!a->len) {
                memmove(a, a + 1, (n - i - 1) * sizeof(*a));
                n--;
                i--;
            }
        }
    }
    bi->nr_mem = n;
}
