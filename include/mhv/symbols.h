/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's own symbol table, generated from the linked image in a
 * second link pass (tools/gensyms), used to symbolise call traces.
 */
#ifndef MHV_SYMBOLS_H
#define MHV_SYMBOLS_H

#include <mhv/types.h>

/*
 * Find the function containing @addr.  Returns its name, or NULL when the
 * address is outside every known function; *offset and *size describe the
 * position inside the function.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset,
                           unsigned long *size);

#endif /* MHV_SYMBOLS_H */
