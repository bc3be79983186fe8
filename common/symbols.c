/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Symbol lookup for call traces, over the table tools/gensyms generates
 * from the linked image (functions only, sorted by address).
 */
#include <mhv/symbols.h>

struct symtab_entry {
    unsigned long start, size, name_off;
};

extern const unsigned long symtab_count;
extern const struct symtab_entry symtab_entries[];
extern const char symtab_names[];

const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size)
{
    unsigned long lo = 0, hi = symtab_count;

    /* Last entry whose start <= addr. */
    while (lo < hi) {
        unsigned long mid = lo + (hi - lo) / 2;

        if (symtab_entries[mid].start <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return NULL;
    lo--;
    if (addr - symtab_entries[lo].start >= symtab_entries[lo].size &&
        symtab_entries[lo].size)
        return NULL;
    *offset = addr - symtab_entries[lo].start;
    *size = symtab_entries[lo].size;
    return &symtab_names[symtab_entries[lo].name_off];
}
