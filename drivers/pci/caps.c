/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded walkers of the standard and extended capability lists.
 *
 * Config space is device-controlled data: a list may loop, point into the
 * header or carry garbage.  Each walk remembers the dwords it has visited
 * (a bitmap over the list's space), so it ends after at most as many steps
 * as there are slots, and any such list ends with one warning.
 *
 * The capabilities whose registers the hypervisor uses (PM, MSI, MSI-X;
 * SR-IOV, ARI) are also checked for room: one that runs past the end of
 * its space, or whose registers overlap another capability's, ends the
 * walk with a warning, so nothing is ever found there -- a device cannot
 * make the hypervisor program one capability through another's registers.
 * Other capabilities are taken as their header dword only.
 */
#include <mhv/types.h>
#include <mhv/lib.h>
#include <mhv/pci/access.h>
#include <mhv/pci/caps.h>
#include <mhv/sbdf.h>
#include <mhv/pci/regs.h>

#define STD_SLOTS   (PCI_CFG_SPACE_SIZE / 4)               /* dwords 0..63 */
#define EXT_SLOTS   (PCI_CFG_SPACE_EXP_SIZE / 4)           /* dwords 0..1023 */

static bool test_and_set(unsigned long *map, unsigned int bit)
{
    unsigned long mask = 1UL << (bit % (8 * sizeof(long)));
    unsigned long *w = &map[bit / (8 * sizeof(long))];
    bool was = *w & mask;

    *w |= mask;
    return was;
}

static bool test_bit(const unsigned long *map, unsigned int bit)
{
    return map[bit / (8 * sizeof(long))] & (1UL << (bit % (8 * sizeof(long))));
}

/*
 * What one walk has seen: @head marks the dword where each capability
 * starts, @used every dword a capability occupies.
 */
struct cap_seen {
    unsigned long *head, *used;
};

/* Offset of the nearest capability starting at or below dword @slot. */
static unsigned int owner_of(const struct cap_seen *cs, unsigned int slot)
{
    while (slot && !test_bit(cs->head, slot))
        slot--;
    return slot * 4;
}

/*
 * Record the capability at @pos occupying @len bytes.  Returns 0, or 1 when
 * it loops back to a capability already seen, or 2 when it overlaps one
 * (*@other: that one's offset).  A capability that runs past the end of
 * the space is the caller's to refuse (@len is trusted to fit here).
 */
static int cap_claim(struct cap_seen *cs, unsigned int pos, unsigned int len,
                     unsigned int *other)
{
    unsigned int first = pos / 4, last = (pos + len - 1) / 4, i;

    if (test_bit(cs->head, first))
        return 1;
    for (i = first; i <= last; i++)
        if (test_bit(cs->used, i)) {
            *other = owner_of(cs, i);
            return 2;
        }
    test_and_set(cs->head, first);
    for (i = first; i <= last; i++)
        test_and_set(cs->used, i);
    return 0;
}

/* Bytes a standard capability occupies (its header only if unknown). */
static unsigned int std_cap_len(pci_sbdf_t sbdf, unsigned int pos, u8 id)
{
    u16 flags;

    switch (id) {
    case PCI_CAP_ID_PM:
        return 8;
    case PCI_CAP_ID_MSI:
        flags = pci_conf_read16(sbdf, pos + PCI_MSI_FLAGS);
        return 10 + (flags & PCI_MSI_FLAGS_64BIT ? 4 : 0) +
               (flags & PCI_MSI_FLAGS_MASKBIT ? 10 : 0);
    case PCI_CAP_ID_MSIX:
        return 12;
    default:
        return 4;
    }
}

/* Bytes an extended capability occupies (its header only if unknown). */
static unsigned int ext_cap_len(unsigned int id)
{
    switch (id) {
    case PCI_EXT_CAP_ID_SRIOV:
        return 0x40;
    case PCI_EXT_CAP_ID_ARI:
        return 8;
    default:
        return 4;
    }
}

/* Offset of the first-capability pointer, or 0 when there is no list. */
static unsigned int cap_list_head(pci_sbdf_t sbdf)
{
    u16 status = pci_conf_read16(sbdf, PCI_STATUS);

    if (status == 0xffff || !(status & PCI_STATUS_CAP_LIST))
        return 0;

    switch (pci_conf_read8(sbdf, PCI_HEADER_TYPE) & PCI_HEADER_TYPE_MASK) {
    case PCI_HEADER_TYPE_NORMAL:
    case PCI_HEADER_TYPE_BRIDGE:
        return PCI_CAPABILITY_LIST;
    case PCI_HEADER_TYPE_CARDBUS:
        return PCI_CB_CAPABILITY_LIST;
    default:
        return 0;
    }
}

/*
 * Walk the standard list.  @id < 0 matches any capability.  With @after non-zero, skip every entry up to and
 * including the one at @after, then return the next entry with ID @id.
 * Returns 0 when none, or on a corrupt list (with a warning).
 */
static unsigned int walk_std(pci_sbdf_t sbdf, unsigned int after, int id)
{
    unsigned long head[STD_SLOTS / (8 * sizeof(long)) + 1] = { 0 };
    unsigned long used[STD_SLOTS / (8 * sizeof(long)) + 1] = { 0 };
    struct cap_seen cs = { head, used };
    unsigned int start = cap_list_head(sbdf);
    unsigned int pos, steps = 0, len, other = 0;
    bool past = !after;

    if (!start)
        return 0;

    pos = pci_conf_read8(sbdf, start);
    while (pos) {
        u8 cap_id;

        if (pos < PCI_CAP_PTR_MIN || pos >= PCI_CFG_SPACE_SIZE) {
            gprintk(LOG_WARNING "PCI: %pp: capability pointer %#x points into "
                    "the header, list ignored from there\n", &sbdf, pos);
            return 0;
        }
        pos &= PCI_CAP_PTR_MASK;
        if (test_bit(head, pos / 4) || ++steps > PCI_CAP_MAX_ENTRIES) {
            gprintk(LOG_WARNING "PCI: %pp: capability list loops at %#x\n",
                    &sbdf, pos);
            return 0;
        }
        cap_id = pci_conf_read8(sbdf, pos + PCI_CAP_LIST_ID);
        if (cap_id == 0xff)     /* the function went away */
            return 0;
        len = std_cap_len(sbdf, pos, cap_id);
        if (pos + len > PCI_CFG_SPACE_SIZE) {
            gprintk(LOG_WARNING "PCI: %pp: capability %#x at %#x does not fit "
                    "(%u bytes), list ignored from there\n", &sbdf, cap_id,
                    pos, len);
            return 0;
        }
        if (cap_claim(&cs, pos, len, &other)) {
            gprintk(LOG_WARNING "PCI: %pp: capability at %#x overlaps the one "
                    "at %#x, list ignored from there\n", &sbdf, pos, other);
            return 0;
        }
        if (past && (id < 0 || cap_id == id))
            return pos;
        if (pos == after)
            past = true;
        pos = pci_conf_read8(sbdf, pos + PCI_CAP_LIST_NEXT);
    }
    return 0;
}

unsigned int pci_find_cap(pci_sbdf_t sbdf, u8 id)
{
    return walk_std(sbdf, 0, id);
}

unsigned int pci_find_next_cap(pci_sbdf_t sbdf, unsigned int pos, u8 id)
{
    if (!pos)
        return 0;
    return walk_std(sbdf, pos, id);
}

/* The extended list, with the same contract as walk_std(). */
static unsigned int walk_ext(pci_sbdf_t sbdf, unsigned int after, int id)
{
    unsigned long head[EXT_SLOTS / (8 * sizeof(long))] = { 0 };
    unsigned long used[EXT_SLOTS / (8 * sizeof(long))] = { 0 };
    struct cap_seen cs = { head, used };
    unsigned int pos = PCI_EXT_CAP_PTR_MIN, steps = 0, len, other = 0;
    bool past = !after;
    u32 header;

    header = pci_conf_read32(sbdf, pos);
    /* All-ones: no extended space (conventional PCI, or CF8 access). */
    if (header == 0 || header == 0xffffffff)
        return 0;

    for (;;) {
        if (test_bit(head, pos / 4) || ++steps > PCI_EXT_CAP_MAX_ENTRIES) {
            gprintk(LOG_WARNING "PCI: %pp: extended capability list loops at "
                    "%#x\n", &sbdf, pos);
            return 0;
        }
        if (header == 0xffffffff)
            return 0;
        len = ext_cap_len(PCI_EXT_CAP_ID(header));
        if (pos + len > PCI_CFG_SPACE_EXP_SIZE) {
            gprintk(LOG_WARNING "PCI: %pp: extended capability %#x at %#x does "
                    "not fit (%u bytes), list ignored from there\n", &sbdf,
                    PCI_EXT_CAP_ID(header), pos, len);
            return 0;
        }
        if (cap_claim(&cs, pos, len, &other)) {
            gprintk(LOG_WARNING "PCI: %pp: extended capability at %#x overlaps "
                    "the one at %#x, list ignored from there\n", &sbdf, pos,
                    other);
            return 0;
        }
        if (past && (id < 0 || PCI_EXT_CAP_ID(header) == (unsigned int)id))
            return pos;
        if (pos == after)
            past = true;

        pos = PCI_EXT_CAP_NEXT(header);
        if (!pos)
            return 0;
        if (pos < PCI_EXT_CAP_PTR_MIN) {
            gprintk(LOG_WARNING "PCI: %pp: extended capability pointer %#x "
                    "below %#x, list ignored from there\n", &sbdf, pos,
                    PCI_EXT_CAP_PTR_MIN);
            return 0;
        }
        header = pci_conf_read32(sbdf, pos);
    }
}

unsigned int pci_find_ext_cap(pci_sbdf_t sbdf, u16 id)
{
    return walk_ext(sbdf, 0, id);
}

unsigned int pci_find_next_ext_cap(pci_sbdf_t sbdf, unsigned int pos, u16 id)
{
    if (!pos)
        return 0;
    return walk_ext(sbdf, pos, id);
}

unsigned int pci_cap_next_any(pci_sbdf_t sbdf, unsigned int pos)
{
    return walk_std(sbdf, pos, -1);
}

unsigned int pci_ext_cap_next_any(pci_sbdf_t sbdf, unsigned int pos)
{
    return walk_ext(sbdf, pos, -1);
}
