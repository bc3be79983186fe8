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

/*
 * Insert @r into the sorted map at its place, at index @from or later.
 * Returns false (the region is dropped) when the map is full: memory left
 * out of the map is never used, so dropping is always safe.
 */
static bool insert_sorted(struct boot_mem_region *m, unsigned int *n,
                          unsigned int from, struct boot_mem_region r)
{
    unsigned int j = from;

    if (*n == BOOT_MAX_MEM)
        return false;
    while (j < *n && m[j].addr < r.addr)
        j++;
    memmove(&m[j + 1], &m[j], (*n - j) * sizeof(*m));
    m[j] = r;
    (*n)++;
    return true;
}

static void remove_at(struct boot_mem_region *m, unsigned int *n, unsigned int i)
{
    memmove(&m[i], &m[i + 1], (*n - i - 1) * sizeof(*m));
    (*n)--;
}

void bootinfo_sanitize_memmap(struct boot_info *bi)
{
    struct boot_mem_region *m = bi->mem;
    unsigned int i, j, n = bi->nr_mem;
    bool warned = false, dropped = false;

    /* No empty region, none wrapping past the top of the address space. */
    for (i = 0; i < n; ) {
        if (m[i].len > ~m[i].addr)
            m[i].len = ~m[i].addr;
        if (!m[i].len)
            remove_at(m, &n, i);
        else
            i++;
    }

    /* Insertion sort by address (n is small). */
    for (i = 1; i < n; i++) {
        struct boot_mem_region t = m[i];

        for (j = i; j > 0 && m[j - 1].addr > t.addr; j--)
            m[j] = m[j - 1];
        m[j] = t;
    }

    /*
     * Resolve overlaps between neighbours, keeping the map sorted: the
     * lower-ranked region loses the overlapped part, and a part of it that
     * lies beyond the winner goes back in at its sorted place.  The pair is
     * looked at again until it no longer overlaps; every step removes
     * overlapped bytes, so this ends.
     */
    for (i = 0; i + 1 < n; ) {
        struct boot_mem_region *a = &m[i], *b = &m[i + 1];
        u64 a_end = a->addr + a->len, b_end = b->addr + b->len;

        if (a_end <= b->addr) {
            i++;
            continue;
        }
        if (!warned) {
            printk(LOG_WARNING "boot: memory map has overlapping regions "
                   "(%#lx-%#lx type %u, %#lx-%#lx type %u): the non-RAM type wins\n",
                   a->addr, a_end - 1, a->type, b->addr, b_end - 1, b->type);
            warned = true;
        }
        if (type_rank(a->type) >= type_rank(b->type)) {
            /* b loses the overlapped part; what is left starts at a_end. */
            struct boot_mem_region tail = { a_end, b_end - a_end, b->type };

            remove_at(m, &n, i + 1);
            if (b_end > a_end && !insert_sorted(m, &n, i + 1, tail))
                dropped = true;
        } else {
            /* a loses: cut it at b; its tail beyond b goes back in. */
            struct boot_mem_region tail = { b_end, a_end - b_end, a->type };

            a->len = b->addr - a->addr;
            if (a_end > b_end && !insert_sorted(m, &n, i + 2, tail))
                dropped = true;
            if (!a->len)
                remove_at(m, &n, i);
        }
    }
    if (dropped)
        printk(LOG_WARNING "boot: memory map has more than %u regions after "
               "resolving overlaps: some were left out\n", BOOT_MAX_MEM);
    bi->nr_mem = n;
}

/* ---------------------------------------------------------------- HVM images */

static const char *module_name_start(const struct boot_module *m)
{
    const char *c = m->cmdline;

    if (strncmp(c, "hvm ", 4))
        return NULL;
    c += 4;
    while (*c == ' ')
        c++;
    return *c ? c : NULL;
}

bool boot_module_hvm_name(const struct boot_module *m, char *name, size_t len)
{
    const char *c = module_name_start(m);
    size_t n = 0;

    if (!c)
        return false;
    if (name && len) {
        while (c[n] && c[n] != ' ' && n + 1 < len) {
            name[n] = c[n];
            n++;
        }
        name[n] = '\0';
    }
    return true;
}

const struct boot_module *boot_module_hvm_find(const char *name, const char **args)
{
    size_t len = strlen(name);

    for (unsigned int i = 0; i < bootinfo.nr_mods; i++) {
        const struct boot_module *m = &bootinfo.mods[i];
        const char *c = module_name_start(m);

        if (!c || strncmp(c, name, len) || (c[len] && c[len] != ' '))
            continue;
        if (args) {
            c += len;
            while (*c == ' ')
                c++;
            *args = c;
        }
        return m;
    }
    return NULL;
}
